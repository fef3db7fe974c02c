import CHDF5
import DaosObject

/// Variable-length data and references in files: HDF5 converts each sequence to a blob through
/// the connector and keeps the blob's ID in the element. Blobs live in the file metadata
/// object, one dkey each.
///
///     blob ID (16 bytes): u64 lo from the container's allocator | u64 magic "H5VDBLOB",
///                         or "H5VDFILL" for a fill value's blobs (shared by every unwritten
///                         element, so never deleted when one element is overwritten)
///     all zeros: the null blob
enum Blobs {
    static let idBytes = 16
    static let magic: UInt64 = 0x424F_4C42_4456_3548
    static let fillMagic: UInt64 = 0x4C4C_4946_4456_3548

    static func put(_ file: VolFile, _ bytes: UnsafeRawBufferPointer, id: UnsafeMutableRawPointer) throws(VolError) {
        let lo = try file.container.allocateLo()
        var writer = ByteWriter(capacity: idBytes)
        writer.write(lo)
        writer.write(file.writingFillValue ? fillMagic : magic)
        let key = writer.bytes
        if bytes.count > 0 {
            let metadata = try file.container.object(file.metadataID)
            try metadata.put(Keys.blob(key), Keys.blobValue, Array(bytes))
        }
        id.copyMemory(from: key, byteCount: idBytes)
    }

    static func get(_ file: VolFile, id: UnsafeRawPointer,
                    into buffer: UnsafeMutableRawBufferPointer) throws(VolError) {
        guard buffer.count > 0 else { return }
        let key = Array(UnsafeRawBufferPointer(start: id, count: idBytes))
        guard !isNull(key) else { throw VolError("read of the null blob") }
        let metadata = try file.container.object(file.metadataID)
        guard let value = try metadata.get(Keys.blob(key), Keys.blobValue) else { throw VolError("blob not found") }
        guard value.count == buffer.count else { throw VolError("blob holds \(value.count) bytes, \(buffer.count) expected") }
        buffer.copyBytes(from: value)
    }

    static func delete(_ file: VolFile, id: UnsafeRawPointer) throws(VolError) {
        let key = Array(UnsafeRawBufferPointer(start: id, count: idBytes))
        guard !isNull(key), !isFill(key) else { return }
        try file.container.object(file.metadataID).punch(dkeys: [Keys.blob(key)])
    }

    static func isNull(_ key: [UInt8]) -> Bool { key.allSatisfy { $0 == 0 } }

    static func isFill(_ key: [UInt8]) -> Bool {
        key.count == idBytes && key[8...].elementsEqual(withUnsafeBytes(of: fillMagic.littleEndian) { Array($0) })
    }
}

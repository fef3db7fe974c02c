import DaosObject

/// The first record of an HDF5 container, in its file metadata object (`lo` 0, kind
/// `fileMetadata`) under `/Internal Metadata` → `Format`. A container without it is not (yet)
/// an HDF5 file of this connector; a newer version is refused.
///
///     0   u32  magic "H5DV" (0x56443548)
///     4   u16  format version (1)
///     6   u16  reserved, 0
struct FileFormat: Equatable, Sendable {
    static let magic: UInt32 = 0x5644_3548
    static let version: UInt16 = 1
    static let sizeBytes = 8

    static func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: sizeBytes)
        writer.write(magic)
        writer.write(version)
        writer.write(UInt16(0))
        return writer.bytes
    }

    static func check(_ bytes: [UInt8]?, container: String) throws(VolError) {
        guard let bytes else { throw VolError("container '\(container)' holds no HDF5 file (no format record)") }
        do throws(DecodeError) {
            try withBytes(of: bytes) { (raw) throws(DecodeError) in
                var reader = ByteReader(raw)
                let magic: UInt32 = try reader.read()
                guard magic == Self.magic else { throw .badMagic(found: magic) }
                let version: UInt16 = try reader.read()
                guard version == Self.version else { throw .unsupportedVersion(version) }
                try reader.readZeros(2)
                try reader.expectEnd()
            }
        } catch {
            throw VolError("container '\(container)': HDF5 format record: \(error)")
        }
    }
}

/// Every key the connector writes (the layout table is in README.md). Keys are byte keys of
/// hashed (multi-level) objects. Internal dkeys start with '/', which no link name can, so
/// links and internal keys never collide.
enum Keys {
    /// dkey of an object's own metadata (all kinds).
    static let metadata = bytes("/Internal Metadata")
    /// dkey holding every attribute of an object, two akeys per attribute.
    static let attributes = bytes("/Attribute")
    /// akey of a link in its group: the dkey is the link name.
    static let link = bytes("Link")

    // akeys under `metadata`
    static let creationProperties = bytes("Creation Property List")
    static let referenceCount = bytes("Ref Count")
    static let datatype = bytes("Datatype")
    static let dataspace = bytes("Dataspace")
    static let chunkLayout = bytes("Layout")
    static let fillValue = bytes("Fill Value")
    /// The committed datatype a dataset was created with (its 16-byte token).
    static let sharedDatatype = bytes("Shared Datatype")
    static let linkCreationOrderNext = bytes("Max Link Creation Order")
    static let attributeCreationOrderNext = bytes("Max Attribute Creation Order")
    /// File metadata object only: `FileFormat` record, then the FCPL.
    static let fileFormat = bytes("Format")

    // akeys under `attributes`
    static let attributeRecordPrefix = bytes("R-")
    static let attributeValuePrefix = bytes("V-")

    static func attributeRecord(_ name: String) -> [UInt8] { attributeRecordPrefix + bytes(name) }
    static func attributeValue(_ name: String) -> [UInt8] { attributeValuePrefix + bytes(name) }

    /// The attribute name an akey under `attributes` names, if it is a record akey.
    static func attributeName(recordKey key: [UInt8]) -> String? {
        guard key.count > attributeRecordPrefix.count, key.starts(with: attributeRecordPrefix) else { return nil }
        return String(decoding: key[attributeRecordPrefix.count...], as: UTF8.self)
    }

    /// True for dkeys of a group that are links (everything not internal).
    static func isLinkName(_ dkey: [UInt8]) -> Bool { dkey.first != UInt8(ascii: "/") }

    /// Chunk dkey: a 0 byte, then each chunk coordinate (in chunks, not elements) as u64 LE.
    static func chunk(_ coordinates: [UInt64]) -> [UInt8] {
        var key: [UInt8] = [0]
        key.reserveCapacity(1 + 8 * coordinates.count)
        for coordinate in coordinates {
            withUnsafeBytes(of: coordinate.littleEndian) { key.append(contentsOf: $0) }
        }
        return key
    }

    /// The coordinates of a chunk dkey of a dataset of `rank` dimensions (nil: not a chunk key).
    static func chunkCoordinates(_ key: [UInt8], rank: Int) -> [UInt64]? {
        guard key.count == 1 + 8 * rank, key.first == 0 else { return nil }
        var coordinates: [UInt64] = []
        for dimension in 0..<rank {
            var value: UInt64 = 0
            for byte in 0..<8 {
                let shift = UInt64(8 * byte)
                value |= UInt64(key[1 + 8 * dimension + byte]) << shift
            }
            coordinates.append(value)
        }
        return coordinates
    }

    /// akey of a chunk's records (an array of file-type elements, in row-major chunk order).
    static let chunkRecords: [UInt8] = [0]

    /// dkey of a blob (variable-length data, references) in the file metadata object.
    static func blob(_ id: [UInt8]) -> [UInt8] { bytes("/Blob/") + id }
    static let blobValue = bytes("Blob")

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
}

import DaosObject

/// An attribute's description, stored under `dkey = "/Attribute"`, `akey = "R-<name>"`; its
/// value (file-type elements, back to back) is the single value under `"V-<name>"`.
///
///     0   u8   format version (1)
///     1   u8   character set of the name
///     2   u8   flags: bit 0 = the datatype is a committed datatype (its ID follows the ACPL)
///     3   u8   reserved, 0
///     4   i64  creation order
///     12  u32  datatype bytes T | u32 dataspace bytes S | u32 ACPL bytes P
///     24  T bytes H5Tencode | S bytes H5Sencode2 | P bytes H5Pencode2 | [u64 lo, u64 hi]
struct AttributeRecord: Equatable, Sendable {
    var creationOrder: Int64
    var characterSet: UInt8
    var datatype: [UInt8]
    var dataspace: [UInt8]
    var creationProperties: [UInt8]
    /// The committed datatype the attribute was created with: it counts as a reference to it.
    var sharedType: ObjectID?

    static let version: UInt8 = 1
    static let partBytesMax = 1 << 24

    func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: 24 + datatype.count + dataspace.count + creationProperties.count)
        writer.write(Self.version)
        writer.write(characterSet)
        writer.write(UInt8(sharedType == nil ? 0 : 1))
        writer.write(UInt8(0))
        writer.write(creationOrder)
        writer.write(UInt32(datatype.count))
        writer.write(UInt32(dataspace.count))
        writer.write(UInt32(creationProperties.count))
        writer.write(datatype)
        writer.write(dataspace)
        writer.write(creationProperties)
        if let sharedType {
            writer.write(sharedType.lo)
            writer.write(sharedType.hi)
        }
        return writer.bytes
    }

    init(creationOrder: Int64, characterSet: UInt8, datatype: [UInt8], dataspace: [UInt8], creationProperties: [UInt8],
         sharedType: ObjectID? = nil) {
        precondition(!datatype.isEmpty, "an attribute has a datatype")
        precondition(!dataspace.isEmpty, "an attribute has a dataspace")
        self.creationOrder = creationOrder
        self.characterSet = characterSet
        self.datatype = datatype
        self.dataspace = dataspace
        self.creationProperties = creationProperties
        self.sharedType = sharedType
    }

    init(decoding bytes: [UInt8]) throws(VolError) {
        do throws(DecodeError) {
            self = try withBytes(of: bytes) { (raw) throws(DecodeError) -> AttributeRecord in
                var reader = ByteReader(raw)
                let version: UInt8 = try reader.read()
                guard version == Self.version else { throw reader.invalid("attribute format version \(version)") }
                let characterSet: UInt8 = try reader.read()
                let flags: UInt8 = try reader.read()
                guard flags <= 1 else { throw reader.invalid("unknown attribute flags \(flags)") }
                try reader.readZeros(1)
                let order: Int64 = try reader.read()
                let typeBytes = try reader.readCount(UInt32.self, minimumElementSize: 0, limit: Self.partBytesMax)
                let spaceBytes = try reader.readCount(UInt32.self, minimumElementSize: 0, limit: Self.partBytesMax)
                let plistBytes = try reader.readCount(UInt32.self, minimumElementSize: 0, limit: Self.partBytesMax)
                let type = try reader.readBytes(typeBytes)
                let space = try reader.readBytes(spaceBytes)
                let plist = try reader.readBytes(plistBytes)
                var shared: ObjectID?
                if flags & 1 != 0 {
                    let lo: UInt64 = try reader.read()
                    let hi: UInt64 = try reader.read()
                    shared = ObjectID(hi: hi, lo: lo)
                }
                try reader.expectEnd()
                guard !type.isEmpty, !space.isEmpty, order >= 0 else { throw reader.invalid("empty datatype or dataspace") }
                return AttributeRecord(creationOrder: order, characterSet: characterSet, datatype: type, dataspace: space,
                                       creationProperties: plist, sharedType: shared)
            }
        } catch {
            throw VolError("damaged attribute record: \(error)")
        }
    }
}

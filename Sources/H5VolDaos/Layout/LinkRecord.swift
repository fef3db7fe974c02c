import DaosObject

/// What a link points at.
enum LinkTarget: Equatable, Sendable {
    /// A hard link: the object's ID (its kind is in the ID).
    case hard(ObjectID)
    /// A soft link: a path, resolved when traversed (relative to the link's group or absolute).
    case soft(String)
    /// A user-defined link (external links are type 64): HDF5's packed value, kept verbatim.
    case userDefined(type: Int32, value: [UInt8])
}

/// A link as stored under `dkey = <link name>`, `akey = "Link"` in its group's object.
///
///     0   u8   format version (1)
///     1   u8   kind: 0 hard, 1 soft, 2 user-defined
///     2   u8   character set of the name (H5T_cset_t)
///     3   u8   reserved, 0
///     4   i64  creation order
///     12  …    hard: u64 lo, u64 hi | soft: UTF-8 path | user-defined: i32 type, then the value
struct LinkRecord: Equatable, Sendable {
    var target: LinkTarget
    var creationOrder: Int64
    var characterSet: UInt8

    static let version: UInt8 = 1
    static let headerBytes = 12

    init(target: LinkTarget, creationOrder: Int64, characterSet: UInt8 = 0) {
        precondition(creationOrder >= 0, "creation orders count up from 0")
        self.target = target
        self.creationOrder = creationOrder
        self.characterSet = characterSet
    }

    func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: 64)
        writer.write(Self.version)
        switch target {
        case .hard: writer.write(UInt8(0))
        case .soft: writer.write(UInt8(1))
        case .userDefined: writer.write(UInt8(2))
        }
        writer.write(characterSet)
        writer.write(UInt8(0))
        writer.write(creationOrder)
        assert(writer.count == Self.headerBytes)
        switch target {
        case .hard(let id):
            writer.write(id.lo)
            writer.write(id.hi)
        case .soft(let path):
            writer.write(Array(path.utf8))
        case .userDefined(let type, let value):
            writer.write(type)
            writer.write(value)
        }
        return writer.bytes
    }

    init(decoding bytes: [UInt8]) throws(VolError) {
        do throws(DecodeError) {
            self = try withBytes(of: bytes) { (raw) throws(DecodeError) -> LinkRecord in
                var reader = ByteReader(raw)
                let version: UInt8 = try reader.read()
                guard version == Self.version else { throw reader.invalid("link format version \(version)") }
                let kind: UInt8 = try reader.read()
                let characterSet: UInt8 = try reader.read()
                try reader.readZeros(1)
                let order: Int64 = try reader.read()
                guard order >= 0 else { throw reader.invalid("negative creation order") }
                let target: LinkTarget
                switch kind {
                case 0:
                    let lo: UInt64 = try reader.read()
                    let hi: UInt64 = try reader.read()
                    try reader.expectEnd()
                    target = .hard(ObjectID(hi: hi, lo: lo))
                case 1:
                    let rest = try reader.readBytes(reader.remaining)
                    guard let path = String(validating: rest, as: UTF8.self) else { throw reader.invalid("soft link path not UTF-8") }
                    target = .soft(path)
                case 2:
                    let type: Int32 = try reader.read()
                    target = .userDefined(type: type, value: try reader.readBytes(reader.remaining))
                default:
                    throw reader.invalid("unknown link kind \(kind)")
                }
                return LinkRecord(target: target, creationOrder: order, characterSet: characterSet)
            }
        } catch {
            throw VolError("damaged link record: \(error)")
        }
    }
}

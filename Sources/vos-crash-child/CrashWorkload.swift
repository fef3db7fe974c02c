import DaosEngine
import DaosObject

/// The deterministic update stream of the VOS crash test, shared by the child (which runs it)
/// and the parent test (which regenerates it to check what survived a SIGKILL).
/// Update `i` is at epoch i + 1 and touches one dkey and 1–3 akeys: a single value (inline or
/// blob-sized), a byte array extent, and an 8-byte-record array extent.
public struct CrashWorkload: Sendable {
    public static let container = ContainerID(hi: 0xC0, lo: 0x5E)
    public static let object = ObjectID(hi: 1, lo: 2)
    public let seed: UInt64

    public init(seed: UInt64) { self.seed = seed }

    public struct Update: Sendable {
        public var epoch: Epoch
        public var dkey: Key
        public var akeys: [AkeyUpdate]
    }

    public func update(_ i: UInt64) -> Update {
        var rng = SplitMix64(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ i)
        let dkey = Key.uint64(rng.next() % 16)
        let akeyCount = 1 + Int(rng.next() % 3)
        var akeys: [AkeyUpdate] = []
        for j in 0..<akeyCount {
            let tag = rng.next()
            switch j {
            case 0:
                let length = 1 + Int(rng.next() % 3000)
                akeys.append(AkeyUpdate(akey: .lexical("single"), value: .single(Self.bytes(tag, count: length))))
            case 1:
                let extent = RecordExtent(start: rng.next() % 8192, count: 1 + rng.next() % 20_000)
                akeys.append(
                    AkeyUpdate(
                        akey: .lexical("bytes"),
                        value: .array(
                            recordSize: 1,
                            writes: [
                                ArrayWrite(extent: extent, data: Self.bytes(tag, count: Int(extent.count)))
                            ])))
            default:
                let extent = RecordExtent(start: rng.next() % 100, count: 1 + rng.next() % 50)
                akeys.append(
                    AkeyUpdate(
                        akey: .lexical("records"),
                        value: .array(
                            recordSize: 8,
                            writes: [
                                ArrayWrite(extent: extent, data: Self.bytes(tag, count: Int(extent.count) * 8))
                            ])))
            }
        }
        return Update(epoch: Epoch(i + 1), dkey: dkey, akeys: akeys)
    }

    static func bytes(_ tag: UInt64, count: Int) -> [UInt8] {
        var rng = SplitMix64(seed: tag)
        var out = [UInt8](repeating: 0, count: count)
        var word: UInt64 = 0
        for k in 0..<count {
            if k % 8 == 0 { word = rng.next() }
            out[k] = UInt8(truncatingIfNeeded: word >> UInt64((k % 8) * 8))
        }
        return out
    }
}

// Keys between the wire and VOS. The kinds map one to one (the tags are the same: 1 uint64,
// 2 lexical, 3 bytes = hashed), so listing order on the wire is VOS's key order.

import DaosObject

extension WireKey {
    /// Bytes the key takes in a payload (kind, length prefix, bytes), for reply size accounting.
    var encodedBytes: Int {
        switch self {
        case .uint64: 1 + 8
        case .lexical(let string): 1 + 2 + string.utf8.count
        case .bytes(let bytes): 1 + 2 + bytes.count
        }
    }
}

enum KeyConversion {
    /// The VOS key for a key from a request. Decoded keys are always valid; hand-built ones may
    /// not be, so the check is repeated here rather than trusted.
    static func vosKey(_ key: WireKey) throws(TargetError) -> Key {
        switch key {
        case .uint64(let value): return .uint64(value)
        case .lexical(let string):
            let count = string.utf8.count
            guard count > 0 else { throw .invalidRequest("empty lexical key") }
            guard count <= WireLimits.lexicalKeyBytesMax else {
                throw .storage(.keyTooLong(bytes: count, limit: WireLimits.lexicalKeyBytesMax))
            }
            return .lexical(Array(string.utf8))
        case .bytes(let bytes):
            guard !bytes.isEmpty else { throw .invalidRequest("empty key") }
            guard bytes.count <= WireLimits.keyBytesMax else {
                throw .storage(.keyTooLong(bytes: bytes.count, limit: WireLimits.keyBytesMax))
            }
            return .hashed(bytes)
        }
    }

    /// The wire form of a stored key. Keys that arrived over the wire always convert back;
    /// a key stored by another path may be longer than the wire's lexical limit or not UTF-8,
    /// and is refused rather than handed to an encoder that would trap on it.
    static func wireKey(_ key: Key) throws(TargetError) -> WireKey {
        switch key {
        case .uint64(let value): return .uint64(value)
        case .hashed(let bytes):
            guard (1...WireLimits.keyBytesMax).contains(bytes.count) else {
                throw .keyNotRepresentable("stored key of \(bytes.count) bytes cannot travel on the wire")
            }
            return .bytes(bytes)
        case .lexical(let bytes):
            guard (1...WireLimits.lexicalKeyBytesMax).contains(bytes.count),
                let string = String(validating: bytes, as: UTF8.self)
            else {
                throw .keyNotRepresentable("stored lexical key of \(bytes.count) bytes is not a wire lexical key")
            }
            return .lexical(string)
        }
    }
}

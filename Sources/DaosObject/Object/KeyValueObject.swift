/// A flat key-value object (DAOS's `daos_kv_*`): each key is a dkey holding one single value
/// under a fixed akey, so keys spread over the object's redundancy groups.
public struct KeyValueObject {
    public let object: ObjectHandle
    static let valueAkey = WireKey.bytes([0])

    public init(_ object: ObjectHandle) { self.object = object }

    public func put(_ key: String, _ value: [UInt8]) throws(ClientError) {
        guard !value.isEmpty else { throw .invalidArgument("an empty value is a remove; call remove(\"\(key)\")") }
        let iod = IODescriptor(akey: Self.valueAkey, value: .single(sizeBytes: UInt64(value.count)))
        try withBytes(of: value) { (bytes) throws(ClientError) in
            _ = try object.update(dkey: try Self.dkey(key), iods: [iod], data: bytes)
        }
    }

    /// The value, or nil when the key is absent (or removed) at `epoch`.
    public func get(_ key: String, epoch: Epoch = .latest) throws(ClientError) -> [UInt8]? {
        let dkey = try Self.dkey(key)
        // Ask for the size first (a zero-size fetch), then read exactly that much.
        var empty: [UInt8] = []
        let probe = try withMutableBytes(of: &empty) { (buffer) throws(ClientError) in
            try object.fetch(dkey: dkey, iods: [IODescriptor(akey: Self.valueAkey, value: .single(sizeBytes: 0))], into: buffer, epoch: epoch)
        }
        let size = probe.first?.sizeBytes ?? 0
        guard size > 0 else { return nil }
        var value = [UInt8](repeating: 0, count: Int(size))
        _ = try withMutableBytes(of: &value) { (buffer) throws(ClientError) in
            try object.fetch(dkey: dkey, iods: [IODescriptor(akey: Self.valueAkey, value: .single(sizeBytes: size))], into: buffer, epoch: epoch)
        }
        return value
    }

    public func remove(_ key: String) throws(ClientError) {
        try object.punch(.dkeys([try Self.dkey(key)]))
    }

    /// Every key, in no particular order.
    public func keys(epoch: Epoch = .latest) throws(ClientError) -> [String] {
        try object.listDkeys(epoch: epoch).compactMap { if case .bytes(let bytes) = $0 { String(decoding: bytes, as: UTF8.self) } else { nil } }
    }

    static func dkey(_ key: String) throws(ClientError) -> WireKey {
        let dkey = WireKey.bytes(Array(key.utf8))
        guard dkey.isValid else { throw .invalidArgument("key is empty or longer than \(WireLimits.keyBytesMax) bytes") }
        return dkey
    }
}

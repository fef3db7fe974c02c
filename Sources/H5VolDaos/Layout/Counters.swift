/// Small integers kept as single values (reference counts, next creation orders): u64 LE.
enum StoredCounter {
    static func encode(_ value: UInt64) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }

    static func decode(_ bytes: [UInt8]?) throws(VolError) -> UInt64? {
        guard let bytes else { return nil }
        guard bytes.count == 8 else { throw VolError("damaged counter: \(bytes.count) bytes, not 8") }
        return bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
    }
}

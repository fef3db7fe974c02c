import CHDF5
import DaosObject

/// `H5O_token_t` (16 opaque bytes) for an object ID and back.
enum Tokens {
    static func token(_ id: ObjectID) -> H5O_token_t {
        var token = H5O_token_t()
        let bytes = ObjectToken.bytes(id)
        withUnsafeMutableBytes(of: &token) { raw in
            precondition(raw.count == ObjectToken.sizeBytes, "H5O_token_t holds 16 bytes")
            raw.copyBytes(from: bytes)
        }
        return token
    }

    static func id(_ token: H5O_token_t) -> ObjectID? {
        withUnsafeBytes(of: token) { ObjectToken.id(Array($0)) }
    }

    static func id(_ pointer: UnsafePointer<H5O_token_t>?) throws(VolError) -> ObjectID {
        guard let pointer, let id = id(pointer.pointee) else { throw VolError("not an object token of the DAOS VOL connector") }
        return id
    }
}

import CMPI
import Synchronization

/// Flattened datatypes, computed once per type: predefined types in a table (they live as long
/// as MPI), derived types as an attribute on the type itself, so the cached runs go away when
/// the program frees the type (the keyval's delete callback) and a dup'ed type starts afresh
/// (the copy callback copies nothing: a dup flattens to the same runs, which is cheap to redo).
enum TypeCache {
    private final class Box {
        let flat: FlatType
        init(_ flat: FlatType) { self.flat = flat }
    }

    private static let predefined = Mutex<[UInt: FlatType]>([:])

    private static let keyval: Int32 = {
        var keyval = swift_MPI_KEYVAL_INVALID()
        let code = PMPI_Type_create_keyval(
            { _, _, _, _, _, flag in
                flag?.pointee = 0
                return MPI_SUCCESS
            },
            { _, _, value, _ in
                if let value { Unmanaged<Box>.fromOpaque(value).release() }
                return MPI_SUCCESS
            },
            &keyval, nil)
        if code != MPI_SUCCESS { Diagnostics.warning("MPI_Type_create_keyval failed; flattened types are not cached") }
        return keyval
    }()

    static func flat(_ type: MPI_Datatype?) throws(MPIIOError) -> FlatType {
        guard let type, type != swift_MPI_DATATYPE_NULL() else { throw .type("MPI_DATATYPE_NULL") }
        let key = UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(type)))
        if let flat = predefined.withLock({ $0[key] }) { return flat }
        let envelope = try Envelope(type)
        if envelope.combiner == swift_MPI_COMBINER_NAMED() {
            let flat = try Flattener.flatten(type)
            predefined.withLock { $0[key] = flat }
            return flat
        }
        if keyval != swift_MPI_KEYVAL_INVALID() {
            var value: UnsafeMutableRawPointer? = nil
            var found: Int32 = 0
            if PMPI_Type_get_attr(type, keyval, &value, &found) == MPI_SUCCESS, found != 0, let value {
                return Unmanaged<Box>.fromOpaque(value).takeUnretainedValue().flat
            }
        }
        let flat = try Flattener.flatten(type)
        if keyval != swift_MPI_KEYVAL_INVALID() {
            let box = Unmanaged.passRetained(Box(flat))
            if PMPI_Type_set_attr(type, keyval, box.toOpaque()) != MPI_SUCCESS { box.release() }
        }
        return flat
    }
}

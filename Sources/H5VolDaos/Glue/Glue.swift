import CHDF5

/// The C boundary: every callback runs its Swift body here, and a `VolError` becomes an entry
/// on HDF5's error stack and HDF5's failure value. Nothing else crosses the boundary.
enum Glue {
    static let failure: herr_t = -1

    /// Runs `body` in a call scope and pushes its error only after the scope let go of its
    /// identifiers: releasing one is an HDF5 API call, and every API call clears the error
    /// stack on entry.
    private static func run<T>(_ function: String, _ body: () throws(VolError) -> T) -> T? {
        let result: Result<T, VolError> = CallScope.run { Result { () throws(VolError) -> T in try body() } }
        switch result {
        case .success(let value):
            return value
        case .failure(let error):
            ErrorStack.push(function, error)
            return nil
        }
    }

    static func status(_ function: String, _ body: () throws(VolError) -> Void) -> herr_t {
        run(function, body) == nil ? failure : 0
    }

    /// For iterations: the callback's own return value passes through (positive stops early).
    static func value(_ function: String, _ body: () throws(VolError) -> herr_t) -> herr_t {
        run(function, body) ?? failure
    }

    /// Creates/opens: a retained handle for HDF5, or NULL.
    static func object(_ function: String, _ body: () throws(VolError) -> VolObject) -> UnsafeMutableRawPointer? {
        run(function) { () throws(VolError) -> UnsafeMutableRawPointer in Handles.retain(try body()) }
    }

    /// Close callbacks: HDF5 lets go of the handle whatever happens.
    static func close(_ function: String, _ pointer: UnsafeMutableRawPointer?) -> herr_t {
        guard let pointer else { return failure }
        return status(function) { () throws(VolError) in
            defer { Handles.release(pointer) }
            try Handles.borrow(pointer).close()
        }
    }

    static func string(_ text: UnsafePointer<CChar>?, _ what: String) throws(VolError) -> String {
        guard let text else { throw VolError("\(what) is NULL") }
        return String(cString: text)
    }

    /// Copies `text` into a caller's buffer as HDF5 does (truncated, NUL-terminated); returns
    /// the full length.
    static func copyName(_ text: String, into buffer: UnsafeMutablePointer<CChar>?, size: Int) -> Int {
        let bytes = Array(text.utf8)
        if let buffer, size > 0 {
            let count = min(bytes.count, size - 1)
            for index in 0..<count { buffer[index] = CChar(bitPattern: bytes[index]) }
            buffer[count] = 0
        }
        return bytes.count
    }

    /// A string HDF5 frees with H5free_memory.
    static func allocatedString(_ text: String) -> UnsafeMutablePointer<CChar>? {
        let bytes = Array(text.utf8)
        guard let memory = H5allocate_memory(bytes.count + 1, false) else { return nil }
        let characters = memory.bindMemory(to: CChar.self, capacity: bytes.count + 1)
        for (index, byte) in bytes.enumerated() { characters[index] = CChar(bitPattern: byte) }
        characters[bytes.count] = 0
        return characters
    }

    /// Registers a new handle as an HDF5 identifier for an application callback; the
    /// identifier is released (and the handle closed) by `unregister`.
    static func register(_ object: VolObject) throws(VolError) -> hid_t {
        let pointer = Handles.retain(object)
        let id = H5VLwrap_register(pointer, object.handleKind.identifierType)
        guard id >= 0 else {
            try? object.close()
            Handles.release(pointer)
            throw .library("H5VLwrap_register")
        }
        return id
    }

    static func unregister(_ id: hid_t) {
        _ = H5Idec_ref(id)
    }
}

extension Locate {
    /// By-name and by-index locations carry a link access list, which HDF5 does not check.
    static func checkAccessList(_ parameters: UnsafePointer<H5VL_loc_params_t>) throws(VolError) {
        switch parameters.pointee.type {
        case H5VL_OBJECT_BY_NAME:
            try Validate.propertyList(parameters.pointee.loc_data.loc_by_name.lapl_id, "the link access property list")
        case H5VL_OBJECT_BY_IDX:
            try Validate.propertyList(parameters.pointee.loc_data.loc_by_idx.lapl_id, "the link access property list")
        default:
            return
        }
    }
}

/// Where a callback's location parameters point: the object itself, a path from it, the n-th
/// link of a group, or an object token.
enum Locate {
    static func location(_ object: VolObject,
                         _ parameters: UnsafePointer<H5VL_loc_params_t>?) throws(VolError) -> Location {
        guard let parameters else { return object.location }
        try checkAccessList(parameters)
        let loc = parameters.pointee
        switch loc.type {
        case H5VL_OBJECT_BY_SELF:
            return object.location
        case H5VL_OBJECT_BY_NAME:
            let name = try Glue.string(loc.loc_data.loc_by_name.name, "object name")
            return try Traversal.require(object.location, name)
        case H5VL_OBJECT_BY_IDX:
            let byIndex = loc.loc_data.loc_by_idx
            let group = try Traversal.require(object.location, try Glue.string(byIndex.name, "group name"))
            let (name, record) = try Links.byIndex(group, index: byIndex.idx_type, order: byIndex.order, n: byIndex.n)
            guard let found = try Traversal.follow(record, named: name, in: group, depth: 0) else {
                throw VolError("link '\(name)' dangles")
            }
            return found
        case H5VL_OBJECT_BY_TOKEN:
            let id = try Tokens.id(loc.loc_data.loc_by_token.token)
            return Location(file: object.file, oid: id, path: nil)
        default:
            throw VolError("unknown location type \(loc.type.rawValue)")
        }
    }
}

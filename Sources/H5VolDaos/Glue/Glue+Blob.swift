import CHDF5

@_cdecl("h5vd_blob_put")
public func h5vd_blob_put(_ object: UnsafeMutableRawPointer?, _ buffer: UnsafeRawPointer?, _ size: Int,
                          _ id: UnsafeMutableRawPointer?, _ context: UnsafeMutableRawPointer?) -> herr_t {
    Glue.status("H5VLblob_put") { () throws(VolError) in
        guard let id else { throw VolError("no blob ID buffer") }
        let file = try VolFile.borrow(object)
        try Blobs.put(file, UnsafeRawBufferPointer(start: buffer, count: buffer == nil ? 0 : size), id: id)
    }
}

@_cdecl("h5vd_blob_get")
public func h5vd_blob_get(_ object: UnsafeMutableRawPointer?, _ id: UnsafeRawPointer?,
                          _ buffer: UnsafeMutableRawPointer?, _ size: Int,
                          _ context: UnsafeMutableRawPointer?) -> herr_t {
    Glue.status("H5VLblob_get") { () throws(VolError) in
        guard let id else { throw VolError("no blob ID") }
        let file = try VolFile.borrow(object)
        try Blobs.get(file, id: id, into: UnsafeMutableRawBufferPointer(start: buffer, count: buffer == nil ? 0 : size))
    }
}

@_cdecl("h5vd_blob_specific")
public func h5vd_blob_specific(_ object: UnsafeMutableRawPointer?, _ id: UnsafeMutableRawPointer?,
                               _ arguments: UnsafeMutablePointer<H5VL_blob_specific_args_t>?) -> herr_t {
    Glue.status("H5VLblob_specific") { () throws(VolError) in
        guard let id, let arguments else { throw VolError("no blob ID") }
        switch arguments.pointee.op_type {
        case H5VL_BLOB_DELETE:
            try Blobs.delete(try VolFile.borrow(object), id: id)
        case H5VL_BLOB_ISNULL:
            let key = Array(UnsafeRawBufferPointer(start: id, count: Blobs.idBytes))
            arguments.pointee.args.is_null.isnull?.pointee = Blobs.isNull(key)
        case H5VL_BLOB_SETNULL:
            id.initializeMemory(as: UInt8.self, repeating: 0, count: Blobs.idBytes)
        default:
            throw VolError("unknown blob operation \(arguments.pointee.op_type.rawValue)")
        }
    }
}

@_cdecl("h5vd_token_cmp")
public func h5vd_token_cmp(_ object: UnsafeMutableRawPointer?, _ first: UnsafePointer<H5O_token_t>?,
                           _ second: UnsafePointer<H5O_token_t>?, _ result: UnsafeMutablePointer<Int32>?) -> herr_t {
    guard let first, let second, let result else { return Glue.failure }
    let a = withUnsafeBytes(of: first.pointee) { Array($0) }
    let b = withUnsafeBytes(of: second.pointee) { Array($0) }
    result.pointee = a == b ? 0 : (a.lexicographicallyPrecedes(b) ? -1 : 1)
    return 0
}

@_cdecl("h5vd_token_to_str")
public func h5vd_token_to_str(_ object: UnsafeMutableRawPointer?, _ type: H5I_type_t,
                              _ token: UnsafePointer<H5O_token_t>?,
                              _ text: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> herr_t {
    Glue.status("H5Otoken_to_str") { () throws(VolError) in
        guard let text else { throw VolError("no string pointer") }
        text.pointee = Glue.allocatedString(ObjectToken.string(try Tokens.id(token)))
    }
}

@_cdecl("h5vd_token_from_str")
public func h5vd_token_from_str(_ object: UnsafeMutableRawPointer?, _ type: H5I_type_t, _ text: UnsafePointer<CChar>?,
                                _ token: UnsafeMutablePointer<H5O_token_t>?) -> herr_t {
    Glue.status("H5Otoken_from_str") { () throws(VolError) in
        guard let token else { throw VolError("no token buffer") }
        guard let id = ObjectToken.id(string: try Glue.string(text, "token string")) else {
            throw VolError("not a token string of the DAOS VOL connector")
        }
        token.pointee = Tokens.token(id)
    }
}

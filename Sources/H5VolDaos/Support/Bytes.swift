/// `withUnsafeBytes` for bodies with typed throws: the standard library's versions are
/// `rethrows`, which erases a typed error to `any Error`.
func withBytes<T, E: Error>(of array: [UInt8], _ body: (UnsafeRawBufferPointer) throws(E) -> T) throws(E) -> T {
    let result: Result<T, E> = array.withUnsafeBytes { bytes in Result { () throws(E) in try body(bytes) } }
    return try result.get()
}

func withMutableBytes<T, E: Error>(of array: inout [UInt8], _ body: (UnsafeMutableRawBufferPointer) throws(E) -> T) throws(E) -> T {
    let result: Result<T, E> = array.withUnsafeMutableBytes { bytes in Result { () throws(E) in try body(bytes) } }
    return try result.get()
}


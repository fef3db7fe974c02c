import CFabric

/// The one funnel for libfabric status codes: every `fi_*` call that returns a status goes
/// through here, so every failure becomes a `FabricError` with `fi_strerror` text and the name
/// of the call. Nothing else in the project interprets libfabric return values.
@inline(__always)
func fabricCheck(_ operation: StaticString, _ status: Int32) throws(FabricError) {
    if status < 0 { throw FabricError("\(operation)", code: status) }
}

/// For data-path calls returning `ssize_t`: true when posted, false when the provider asks to
/// retry after progress (-FI_EAGAIN), an error otherwise.
@inline(__always)
func fabricPosted(_ operation: StaticString, _ status: Int) throws(FabricError) -> Bool {
    if status >= 0 { return true }
    if status == -Int(FI_EAGAIN) { return false }
    throw FabricError("\(operation)", code: Int32(truncatingIfNeeded: status))
}

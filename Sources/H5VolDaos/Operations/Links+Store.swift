import DaosObject

/// Reading and writing links of one group object.
extension Location {
    /// The link `name` in this group, or nil.
    func link(_ name: String) throws(VolError) -> LinkRecord? {
        guard let bytes = try object().get(Keys.bytes(name), Keys.link) else { return nil }
        return try LinkRecord(decoding: bytes)
    }

    /// Every link of this group with its name, in no particular order.
    func links() throws(VolError) -> [(name: String, record: LinkRecord)] {
        let group = try object()
        var result: [(String, LinkRecord)] = []
        for dkey in try group.dkeys() where Keys.isLinkName(dkey) {
            guard let bytes = try group.get(dkey, Keys.link) else { continue }
            result.append((String(decoding: dkey, as: UTF8.self), try LinkRecord(decoding: bytes)))
        }
        return result
    }

    func linkNames() throws(VolError) -> [String] {
        try object().dkeys().filter(Keys.isLinkName).map { String(decoding: $0, as: UTF8.self) }
    }

    func writeLink(_ name: String, _ record: LinkRecord) throws(VolError) {
        try object().put(Keys.bytes(name), Keys.link, record.encoded())
    }

    /// The creation order a new link `name` gets here, once it is known to be free: link and
    /// counter read in one fetch (one round trip, not two). Throws `taken` if the name is used.
    func freeLinkOrder(_ name: String, taken: @autoclosure () -> String) throws(VolError) -> UInt64 {
        let found = try object().get([(Keys.bytes(name), [Keys.link]), (Keys.metadata, [Keys.linkCreationOrderNext])])
        guard found[0][0] == nil else { throw VolError(taken()) }
        return try StoredCounter.decode(found[1][0]) ?? 0
    }

    /// Writes link `name` with this group's next creation order (`order`, when the caller read
    /// it with `freeLinkOrder`) and advances the counter, in one update of the group object
    /// (both dkeys at one epoch, one round trip).
    func appendLink(_ name: String, _ target: LinkTarget, characterSet: UInt8, order known: UInt64? = nil) throws(VolError) {
        var order = known ?? 0
        if known == nil { order = try counter(Keys.linkCreationOrderNext) ?? 0 }
        let record = LinkRecord(target: target, creationOrder: Int64(order), characterSet: characterSet)
        try object().put([(Keys.bytes(name), [(Keys.link, record.encoded())]),
                          (Keys.metadata, [(Keys.linkCreationOrderNext, StoredCounter.encode(order + 1))])])
    }

    func removeLink(_ name: String) throws(VolError) {
        try object().punch(dkeys: [Keys.bytes(name)])
    }

    // MARK: - Counters in the object's metadata

    func counter(_ akey: [UInt8]) throws(VolError) -> UInt64? {
        try StoredCounter.decode(try object().get(Keys.metadata, akey))
    }

    func setCounter(_ akey: [UInt8], _ value: UInt64) throws(VolError) {
        try object().put(Keys.metadata, akey, StoredCounter.encode(value))
    }

    /// Returns the counter's value and stores it plus one.
    func takeNext(_ akey: [UInt8]) throws(VolError) -> UInt64 {
        let value = try counter(akey) ?? 0
        try setCounter(akey, value + 1)
        return value
    }

    /// Adds `delta` to the object's hard-link count; returns the new count.
    @discardableResult
    func changeReferenceCount(by delta: Int64) throws(VolError) -> UInt64 {
        let current = Int64(try counter(Keys.referenceCount) ?? 0)
        let updated = max(0, current + delta)
        try setCounter(Keys.referenceCount, UInt64(updated))
        return UInt64(updated)
    }
}

// dkeyList, akeyList, extentList and objectQueryMax. A page holds at most what the client asked
// for, what the wire lets one reply list (`listEntriesMax`), and what fits the 16 KiB payload;
// the next anchor resumes right after the last entry returned. A container this target has
// never written lists as empty.

import DaosObject

extension TargetService {
    /// Bytes a key list reply needs besides its keys: key count and the largest next anchor.
    static let keyListFixedBytes = 4 + 2 + WireLimits.anchorBytesMax
    /// Extents one extent list reply can carry: record size, count, largest next anchor.
    static let extentsPerPageMax = min(
        WireLimits.listEntriesMax,
        (WireLimits.inlinePayloadBytesMax - 4 - 4 - 2 - WireLimits.anchorBytesMax) / TargetService.wireExtentBytes)

    typealias KeyPager = (VOSAnchor?, Int) throws(VOSError) -> (keys: [Key], next: VOSAnchor?)

    func listDkeys(_ m: DkeyListRequest, container: ContainerID, epoch: Epoch) throws(TargetError) -> KeyListReply {
        let oid = m.oid
        return try listKeys(container: container, countMax: m.countMax, anchor: m.anchor) { (anchor, limit) throws(VOSError) in
            try vos.listDkeys(container: container, object: oid, epoch: epoch, anchor: anchor, limit: limit)
        }
    }

    func listAkeys(_ m: AkeyListRequest, container: ContainerID, epoch: Epoch) throws(TargetError) -> KeyListReply {
        let oid = m.oid
        let dkey = try KeyConversion.vosKey(m.dkey)
        return try listKeys(container: container, countMax: m.countMax, anchor: m.anchor) { (anchor, limit) throws(VOSError) in
            try vos.listAkeys(container: container, object: oid, dkey: dkey, epoch: epoch, anchor: anchor, limit: limit)
        }
    }

    private func listKeys(
        container: ContainerID, countMax: UInt32, anchor: ListAnchor, page: KeyPager
    ) throws(TargetError) -> KeyListReply {
        let limit = try Self.pageSize(countMax, cap: WireLimits.listEntriesMax)
        let resume = try TargetListAnchor(decoding: anchor)
        guard try holds(container) else { return KeyListReply(keys: []) }
        let position: VOSAnchor?
        switch resume {
        case .start: position = nil
        case .afterKey(let key): position = VOSAnchor(position: .afterKey(key))
        case .afterLongKey(let kind, let prefix, let hash):
            position = try findLongKey(kind: kind, prefix: prefix, hash: hash, page: page)
        case .fromRecord: throw .invalidRequest("an extent anchor cannot resume a key listing")
        }
        let found = try storage { () throws(VOSError) in try page(position, limit) }
        var keys: [WireKey] = []
        keys.reserveCapacity(found.keys.count)
        var bytes = Self.keyListFixedBytes
        var included: Key?
        for key in found.keys {
            let wire = try KeyConversion.wireKey(key)
            // A key takes at most 4099 bytes, so the first three always fit.
            if bytes + wire.encodedBytes > WireLimits.inlinePayloadBytesMax, let last = included {
                return KeyListReply(keys: keys, next: TargetListAnchor.after(last).encoded)
            }
            keys.append(wire)
            bytes += wire.encodedBytes
            included = key
        }
        guard found.next != nil, let last = found.keys.last else { return KeyListReply(keys: keys) }
        return KeyListReply(keys: keys, next: TargetListAnchor.after(last).encoded)
    }

    /// Where a listing resumes after a key too long for an anchor: the keys sharing the anchor's
    /// prefix sort right after the prefix itself, one contiguous run, so the target walks that
    /// run to the first key with the anchor's hash. Nothing is skipped: if that key is gone (or
    /// a colliding key comes first), the listing resumes earlier and may repeat keys, never lose one.
    private func findLongKey(kind: UInt8, prefix: [UInt8], hash: UInt64, page: KeyPager) throws(TargetError) -> VOSAnchor {
        let fallback = VOSAnchor(position: .afterKey(Key.anchorKey(kind: kind, bytes: prefix)))
        var cursor: VOSAnchor? = fallback
        while let position = cursor {
            let found = try storage { () throws(VOSError) in try page(position, 256) }
            for key in found.keys {
                let (keyKind, bytes) = key.anchorParts
                guard keyKind == kind, bytes.starts(with: prefix) else { return fallback }
                if TargetListAnchor.fnv1a(bytes) == hash { return VOSAnchor(position: .afterKey(key)) }
            }
            cursor = found.next
        }
        return fallback
    }

    func listExtents(_ m: ExtentListRequest, container: ContainerID, epoch: Epoch) throws(TargetError) -> ExtentListReply {
        let limit = try Self.pageSize(m.countMax, cap: Self.extentsPerPageMax)
        let dkey = try KeyConversion.vosKey(m.dkey)
        let akey = try KeyConversion.vosKey(m.akey)
        let position: VOSAnchor?
        switch try TargetListAnchor(decoding: m.anchor) {
        case .start: position = nil
        case .fromRecord(let index): position = VOSAnchor(position: .afterRecord(index))
        case .afterKey, .afterLongKey: throw .invalidRequest("a key anchor cannot resume an extent listing")
        }
        guard try holds(container) else { return ExtentListReply(recordSizeBytes: 0, extents: []) }
        let oid = m.oid
        let (recordSize, page) = try storage { () throws(VOSError) in
            let recordSize = try vos.arrayRecordSize(container: container, object: oid, dkey: dkey, akey: akey)
            let page = try vos.listExtents(
                container: container, object: oid, dkey: dkey, akey: akey, epoch: epoch, anchor: position, limit: limit)
            return (recordSize ?? 0, page)
        }
        var next: ListAnchor?
        if case .afterRecord(let index)? = page.next?.position { next = TargetListAnchor.fromRecord(index).encoded }
        return ExtentListReply(
            recordSizeBytes: recordSize, extents: page.extents.map { WireExtent(start: $0.start, count: $0.count) },
            next: next)
    }

    func queryMax(_ m: ObjectQueryMaxRequest, container: ContainerID, epoch: Epoch) throws(TargetError) -> ObjectQueryMaxReply {
        enum Query {
            case maxDkey
            case maxExtent(Key, Key)
            case maxDkeyThenExtent(Key)
        }
        // Keys are checked before the container is looked at: a bad request is bad either way.
        let query: Query
        switch m.query {
        case .maxDkey: query = .maxDkey
        case .maxExtent(let dkey, let akey): query = .maxExtent(try KeyConversion.vosKey(dkey), try KeyConversion.vosKey(akey))
        case .maxDkeyThenExtent(let akey): query = .maxDkeyThenExtent(try KeyConversion.vosKey(akey))
        }
        guard try holds(container) else { return ObjectQueryMaxReply() }
        let oid = m.oid
        return try storage { () throws(VOSError) -> ObjectQueryMaxReply in
            func lastExtent(_ dkey: Key, _ akey: Key) throws(VOSError) -> WireExtent? {
                try vos.lastVisibleExtent(container: container, object: oid, dkey: dkey, akey: akey, epoch: epoch)
                    .map { WireExtent(start: $0.start, count: $0.count) }
            }
            switch query {
            case .maxDkey:
                return ObjectQueryMaxReply(dkey: try vos.maxDkey(container: container, object: oid, epoch: epoch).map(WireKey.uint64))
            case .maxExtent(let dkey, let akey):
                return ObjectQueryMaxReply(extent: try lastExtent(dkey, akey))
            case .maxDkeyThenExtent(let akey):
                guard let max = try vos.maxDkey(container: container, object: oid, epoch: epoch) else {
                    return ObjectQueryMaxReply()
                }
                return ObjectQueryMaxReply(dkey: .uint64(max), extent: try lastExtent(.uint64(max), akey))
            }
        }
    }

    /// A page size from the client: at least 1 (the decoder checks; a hand-built request may
    /// not), at most `cap`.
    static func pageSize(_ countMax: UInt32, cap: Int) throws(TargetError) -> Int {
        guard countMax >= 1 else { throw .invalidRequest("page size 0") }
        return min(Int(countMax), cap)
    }
}

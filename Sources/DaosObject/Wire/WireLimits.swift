/// Every limit of the wire protocol in one place. Decoders check each length and count against
/// these (and against the bytes that remain) before they allocate, so a lying frame can never
/// make a peer allocate more than the frame itself or loop without bound.
public enum WireLimits {
    /// Bump on any change to the header or to any payload layout (golden-byte tests pin both).
    public static let protocolVersion: UInt16 = 2
    /// "DAOS" in memory order: the bytes 44 41 4F 53 read as a little-endian u32.
    public static let magic: UInt32 = 0x534F_4144
    /// Fixed size of every frame header.
    public static let headerBytes = 64
    /// Largest inline payload. Anything bigger (object data, large pool maps) moves by RMA
    /// through a `BulkDescriptor`; DAOS draws the same line at 19 KiB in a 20 KiB RPC buffer.
    public static let inlinePayloadBytesMax = 16 * 1024
    /// Largest frame: what a receive buffer must hold.
    public static let frameBytesMax = headerBytes + inlinePayloadBytesMax

    /// Longest dkey or akey of any kind.
    public static let keyBytesMax = 4096
    /// Longest lexical key (DAOS's VOS limit for ordered string keys).
    public static let lexicalKeyBytesMax = 80
    /// Longest pool or container label (DAOS_PROP_LABEL_MAX_LEN).
    public static let labelBytesMax = 127
    /// Longest pool or container name in a request: a label or a UUID string.
    public static let nameBytesMax = labelBytesMax
    /// Longest owner or group principal, e.g. `alice@` (DAOS_ACL_MAX_PRINCIPAL_LEN).
    public static let principalBytesMax = 255
    /// Longest human-readable text in an error reply.
    public static let detailBytesMax = 256
    /// Longest fabric provider name in an engine query reply.
    public static let providerBytesMax = 64
    /// Largest opaque list anchor (DAOS's daos_anchor_t carries 104 bytes; ours are smaller).
    public static let anchorBytesMax = 64
    /// Most entries a list request may ask for in one page.
    public static let listCountMax = 1 << 16
    /// Most entries of any list carried in one reply (the 16 KiB payload bounds them anyway).
    public static let listEntriesMax = 1024

    /// Most properties in one property list, and most tags in one get-prop request.
    public static let propertiesMax = 32
    /// Most ranks named in one pool reply.
    public static let ranksMax = 1024
    /// Most target indices named in one exclude/reintegrate/drain request.
    public static let targetIndicesMax = 256
    /// Most storage tiers in a pool query (SCM and NVMe).
    public static let tiersMax = 2

    /// Most akeys (I/O descriptors) in one update or fetch.
    public static let iodsMax = 1024
    /// Most extents in one I/O descriptor, and most holes reported for one.
    public static let extentsPerIODMax = 4096
    /// Most keys punched by one request.
    public static let punchKeysMax = 1024
    /// Most scatter-gather segments in one bulk descriptor.
    public static let bulkSegmentsMax = 256
    /// Most requests in one `objectFetchBatch` or `objectUpdateBatch`.
    public static let batchMembersMax = 64
    /// Most blob spans in one located fetch reply (`LocatedData`).
    public static let locatedSpansMax = 256
    /// Longest file-system path on the wire (a target directory in `LocatedData`).
    public static let pathBytesMax = 1024
    /// Largest single value or array record size on the wire (VOS refuses larger ones itself).
    public static let recordBytesMax: UInt64 = 1 << 30
}

/// Every limit of the VOS in one place. Decoders check lengths against these before trusting
/// them, so a corrupted length field can never make a decoder allocate or loop without bound.
public enum VOSLimits {
    /// Longest dkey or akey; equal to the wire protocol's `WireLimits.keyBytesMax`, so every key
    /// a client can send can be stored.
    public static let keyBytesMax = 4096
    /// Akeys updated together in one atomic update.
    public static let akeysPerUpdateMax = 1024
    /// Array extents per akey in one update.
    public static let extentsPerAkeyMax = 4096
    /// Largest single value, and largest total payload of one update.
    public static let valueBytesMax: UInt64 = 1 << 30
    /// Largest array record size (bytes per record index).
    public static let recordSizeMax: UInt32 = 1 << 20
    /// Values up to this size live inside the WAL record and the in-memory index; larger ones go
    /// to the blob file. Small enough that a DFS directory entry is inline, a 4 KiB block is not.
    public static let inlineBytesMax = 1024
    /// Sync mode: blob values up to this size are also carried in the WAL record (journaled),
    /// so one WAL fdatasync acknowledges them without a blob fdatasync.
    public static let journalBytesMax = 64 << 10
    /// Sync mode: journaled bytes per update at most (larger updates sync the blob instead).
    public static let journalBytesPerUpdateMax = 1 << 20
    /// Largest WAL record body; an update whose record would be larger is refused as too large.
    public static let walRecordBytesMax: UInt32 = 64 << 20
    /// Largest checkpoint body the decoder accepts.
    public static let checkpointBytesMax: UInt64 = 16 << 30
    /// Listing page size cap.
    public static let listLimitMax = 1 << 16
}

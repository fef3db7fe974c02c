/// Every limit of DaosFS in one place (P7: everything has a limit, named `…Max`).
public enum FileSystemLimits {
    /// Longest entry name in bytes (POSIX NAME_MAX, libdfs's DFS_MAX_NAME).
    public static let nameBytesMax = 255
    /// Longest path in bytes (POSIX PATH_MAX, libdfs's DFS_MAX_PATH).
    public static let pathBytesMax = 4096
    /// Deepest path: components after normalisation (a 4,096-byte path has at most 2,048).
    public static let pathComponentsMax = 2048
    /// Largest file: offsets and sizes are POSIX `off_t`, a signed 64-bit count.
    public static let fileBytesMax = UInt64(Int64.max)
    /// Largest chunk (one dkey of a file): a record of the array may be up to 1 GiB.
    public static let chunkBytesMax: UInt64 = 1 << 30
    /// Chunk size when neither the caller, the directory nor the container names one.
    public static let chunkBytesDefault: UInt64 = 1 << 20
    /// Most entries one readdir page returns (one dkey-list reply carries at most 1,024 keys).
    public static let directoryPageEntriesMax = 1024
    /// Most extents in one list I/O call (each becomes at least one record range on the wire).
    public static let extentsPerCallMax = 1 << 16
    /// Most memory segments in one list I/O call.
    public static let segmentsPerCallMax = 1 << 16
    /// List I/O over several memory segments up to this size is gathered into one staging
    /// buffer so it stays one array request; larger ones go segment by segment, without a copy.
    public static let stagingBytesMax = 16 << 20
    /// Deepest tree `remove(recursive:)` descends (recursion is bounded; paths bound it anyway).
    public static let removeDepthMax = pathComponentsMax
}

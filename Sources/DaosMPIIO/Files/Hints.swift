import CMPI
import DaosObject

/// The hints a `daos:` file keeps and reports (`MPI_File_get_info`): ROMIO's generic ones, the
/// DAOS ones, which choose the class and chunk size of files the open creates.
///
/// The collective-buffering hints steer `_all` calls (`Collective`) and are reported with the
/// values in effect: `romio_cb_write`/`romio_cb_read` (enable, disable, automatic), `cb_nodes`
/// (aggregators, 1...ranks, default one per host as ROMIO) and `cb_buffer_size` (bytes an
/// aggregator handles per round, at most 1 GiB); an invalid value is ignored. The other generic
/// hints (data sieving, file realms, `cb_config_list`, …) are kept and reported as given: list
/// I/O makes data sieving moot, and aggregators are placed by rank (see the README).
struct Hints {
    /// Whether a collective access aggregates (ROMIO's `romio_cb_read`/`romio_cb_write`).
    enum Buffering: String, CaseIterable {
        case enable, disable, automatic
    }

    /// ROMIO's generic hints and their defaults (`ad_hints.c`); `cb_nodes` defaults to the
    /// number of hosts of the communicator.
    static let generic: [(key: String, value: String)] = [
        ("cb_buffer_size", "16777216"), ("romio_cb_read", "automatic"), ("romio_cb_write", "automatic"),
        ("cb_nodes", ""), ("cb_config_list", "*:1"), ("romio_no_indep_rw", "false"), ("romio_cb_pfr", "disable"),
        ("romio_cb_fr_types", "aar"), ("romio_cb_fr_alignment", "1"), ("romio_cb_ds_threshold", "0"),
        ("romio_cb_alltoall", "automatic"), ("ind_rd_buffer_size", "4194304"), ("ind_wr_buffer_size", "524288"),
        ("romio_ds_read", "disable"), ("romio_ds_write", "disable"), ("striping_unit", "0"), ("striping_factor", "0"),
        ("romio_visibility_immediate", "true"),
    ]
    static let objectClassKey = "romio_daos_obj_class"
    static let chunkSizeKey = "romio_daos_chunk_size"
    /// One aggregator's round is one message per rank: MPI counts are `int`s.
    static let bufferBytesMax: Int64 = 1 << 30

    private(set) var values: [(key: String, value: String)]
    /// The creation hints as parsed (nil: container/directory default).
    private(set) var objectClass: ObjectClass?
    private(set) var chunkSizeBytes: UInt64?
    /// Collective buffering as the collectives use it (what get_info reports).
    private(set) var collectiveWrite = Buffering.automatic
    private(set) var collectiveRead = Buffering.automatic
    private(set) var aggregators: Int32
    private(set) var bufferBytes: Int64 = 16 << 20
    private let communicatorSize: Int32

    /// The defaults for a file opened on `communicatorSize` ranks spread over `hosts` hosts.
    init(communicatorSize: Int32, hosts: Int32) {
        self.communicatorSize = communicatorSize
        let nodes = min(max(hosts, 1), communicatorSize)
        aggregators = nodes
        values = Self.generic.map { $0.key == "cb_nodes" ? ($0.key, "\(nodes)") : $0 }
    }

    func buffering(_ direction: Transfer.Direction) -> Buffering {
        direction == .write ? collectiveWrite : collectiveRead
    }

    /// Takes the known keys of `info`. The DAOS keys count only at open (`creation`), as in
    /// ROMIO's driver; later `MPI_File_set_info` calls change the generic ones.
    mutating func apply(_ info: MPI_Info?, creation: Bool) throws(MPIIOError) {
        for (key, value) in try InfoReader.pairs(info) {
            if let index = values.firstIndex(where: { $0.key == key }) {
                values[index].value = effective(key, value) ?? values[index].value
                continue
            }
            guard creation else { continue }
            if key == Self.objectClassKey {
                do throws(ObjectClassError) { objectClass = try ObjectClass(parsing: value) } catch {
                    throw .argument("hint \(key)=\(value): \(error)")
                }
            } else if key == Self.chunkSizeKey {
                guard let bytes = UInt64(value) else { throw .argument("hint \(key)=\(value) is not a byte count") }
                chunkSizeBytes = bytes == 0 ? nil : bytes
            }
        }
    }

    /// Takes a generic hint's value; returns what to report, nil for an invalid value (ignored,
    /// as ROMIO does).
    private mutating func effective(_ key: String, _ value: String) -> String? {
        switch key {
        case "romio_cb_write", "romio_cb_read":
            guard let mode = Buffering(rawValue: value.lowercased()) else { return nil }
            if key == "romio_cb_write" { collectiveWrite = mode } else { collectiveRead = mode }
            return mode.rawValue
        case "cb_nodes":
            guard let nodes = Int32(value), nodes > 0 else { return nil }
            aggregators = min(nodes, communicatorSize)
            return "\(aggregators)"
        case "cb_buffer_size":
            guard let bytes = Int64(value), bytes > 0 else { return nil }
            bufferBytes = min(bytes, Self.bufferBytesMax)
            return "\(bufferBytes)"
        default:
            return value
        }
    }

    /// Makes the collective-buffering settings rank 0's on every rank (a broadcast; called by
    /// the collective calls that take hints: open, set_info, set_view). Collectives then decide
    /// alike on every rank without asking each other.
    mutating func agree(_ comm: MPI_Comm) throws(MPIIOError) {
        let modes = Buffering.allCases
        var settings: [Int64] = [Int64(modes.firstIndex(of: collectiveWrite)!), Int64(modes.firstIndex(of: collectiveRead)!),
                                 Int64(aggregators), bufferBytes]
        try mpiCall("MPI_Bcast", PMPI_Bcast(&settings, 4, swift_MPI_INT64_T(), 0, comm))
        for (key, value) in [("romio_cb_write", modes[Int(settings[0])].rawValue), ("romio_cb_read", modes[Int(settings[1])].rawValue),
                             ("cb_nodes", "\(settings[2])"), ("cb_buffer_size", "\(settings[3])")] {
            if let index = values.firstIndex(where: { $0.key == key }) { values[index].value = effective(key, value) ?? value }
        }
    }

    /// A new MPI_Info with every hint, plus the class and chunk size the file actually has.
    func info(objectClass: String, chunkSizeBytes: UInt64) throws(MPIIOError) -> MPI_Info? {
        var info: MPI_Info? = nil
        try mpiCall("MPI_Info_create", PMPI_Info_create(&info))
        for (key, value) in values + [(Self.objectClassKey, objectClass), (Self.chunkSizeKey, "\(chunkSizeBytes)")] {
            try mpiCall("MPI_Info_set", PMPI_Info_set(info, key, value))
        }
        return info
    }
}

/// Reads every (key, value) of an MPI_Info.
enum InfoReader {
    static func pairs(_ info: MPI_Info?) throws(MPIIOError) -> [(String, String)] {
        guard let info, info != swift_MPI_INFO_NULL() else { return [] }
        var count: Int32 = 0
        try mpiCall("MPI_Info_get_nkeys", PMPI_Info_get_nkeys(info, &count))
        var pairs: [(String, String)] = []
        for index in 0..<count {
            var key = [CChar](repeating: 0, count: Int(swift_MPI_MAX_INFO_KEY()) + 1)
            try mpiCall("MPI_Info_get_nthkey", PMPI_Info_get_nthkey(info, index, &key))
            var length: Int32 = 0
            var found: Int32 = 0
            try mpiCall("MPI_Info_get_valuelen", PMPI_Info_get_valuelen(info, key, &length, &found))
            guard found != 0 else { continue }
            var value = [CChar](repeating: 0, count: Int(length) + 1)
            try mpiCall("MPI_Info_get", PMPI_Info_get(info, key, length, &value, &found))
            pairs.append((string(key), string(value)))
        }
        return pairs
    }

    private static func string(_ characters: [CChar]) -> String {
        String(decoding: characters.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

import CMPI
import DaosObject

/// The hints a `daos:` file keeps and reports (`MPI_File_get_info`): ROMIO's generic ones,
/// accepted and reported as given (the driver does no collective buffering or data sieving —
/// list I/O makes them moot — but programs and tools read them back), and the DAOS ones, which
/// choose the class and chunk size of files the open creates.
struct Hints {
    /// ROMIO's generic hints and their defaults (`ad_hints.c`); `cb_nodes` defaults to the
    /// communicator size.
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

    private(set) var values: [(key: String, value: String)]
    /// The creation hints as parsed (nil: container/directory default).
    private(set) var objectClass: ObjectClass?
    private(set) var chunkSizeBytes: UInt64?

    init(communicatorSize: Int32) {
        values = Self.generic.map { $0.key == "cb_nodes" ? ($0.key, "\(communicatorSize)") : $0 }
    }

    /// Takes the known keys of `info`. The DAOS keys count only at open (`creation`), as in
    /// ROMIO's driver; later `MPI_File_set_info` calls change the generic ones.
    mutating func apply(_ info: MPI_Info?, creation: Bool) throws(MPIIOError) {
        for (key, value) in try InfoReader.pairs(info) {
            if let index = values.firstIndex(where: { $0.key == key }) {
                values[index].value = value
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

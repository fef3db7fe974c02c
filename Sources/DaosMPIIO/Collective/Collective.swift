import CMPI

/// Collective data access (`_all` calls, split collectives): ROMIO's choice between moving each
/// rank's part on its own and two-phase aggregation (`TwoPhase`), by the hints
/// `romio_cb_write`/`romio_cb_read`:
///
/// - `disable`: each rank's part is one list I/O call, no communication (the hints are the same
///   on every rank, `Hints.agree`, so every rank decides alike);
/// - `enable`: always aggregate; `automatic`: aggregate when the ranks' [first, last byte]
///   ranges overlap, decided from an all-gather of them.
///
/// A rank whose part is refused (bad count, type, offset, read-only file, …) still joins every
/// step with nothing to move, so no rank ever waits for it; its own error is returned at the end.
/// After aggregation one all-reduce tells whether any aggregator failed; if one did, every rank
/// learns its error class and text, and the ranks it served fail with them.
enum Collective {
    /// Runs the collective access whose local part is `prepared` (this rank's request or why it
    /// was refused); returns this rank's bytes moved (reads: those before the end of file).
    static func run(_ file: OpenFile, _ direction: Transfer.Direction, _ prepared: Result<Transfer.Request, MPIIOError>)
        throws(MPIIOError) -> Int64 {
        let mode = file.hints.buffering(direction)
        if mode == .disable { return try Transfer.run(file, direction, prepared.get()) }
        let request = try? prepared.get()
        let mine = request.map { PieceList(extents: $0.extents, segments: $0.memory.segments) } ?? PieceList([])
        let ranges = try gather(mine.range, file)
        guard ranges.contains(where: { !$0.isEmpty }) else { return try prepared.get().total }
        guard mode == .enable || CollectivePlan.interleaved(ranges) else { return try Transfer.run(file, direction, prepared.get()) }
        let plan = CollectivePlan(ranges: ranges, aggregators: Int(file.hints.aggregators), bufferBytes: file.hints.bufferBytes,
                                  chunkBytes: Int64(file.data.chunkSize))
        let phases = try TwoPhase(file: file, direction: direction, plan: plan, mine: mine, buffer: request?.buffer)
        let outcome = try phases.run()
        try agree(file, plan, failure: outcome.failure, used: phases.used)
        let total = try prepared.get().total
        return direction == .write ? total : outcome.found
    }

    /// Every rank's [first byte, end) (empty: nothing to move).
    private static func gather(_ range: Range<Int64>, _ file: OpenFile) throws(MPIIOError) -> [Range<Int64>] {
        var mine: [Int64] = [range.lowerBound, range.upperBound]
        var all = [Int64](repeating: 0, count: 2 * Int(file.size))
        try mpiCall("MPI_Allgather", PMPI_Allgather(&mine, 2, swift_MPI_INT64_T(), &all, 2, swift_MPI_INT64_T(), file.communicator))
        return (0..<Int(file.size)).map { all[2 * $0]..<max(all[2 * $0], all[2 * $0 + 1]) }
    }

    /// The outcome everyone agrees on: an all-reduce of "some aggregator failed"; if so an
    /// all-gather of each rank's error class and text. A rank with pieces in a failed
    /// aggregator's domain throws that aggregator's error (the first such domain's).
    private static func agree(_ file: OpenFile, _ plan: CollectivePlan, failure: MPIIOError?, used: [Bool]) throws(MPIIOError) {
        // Ranks whose aggregator still writes wait here: quietly, the engines need the cores.
        // The buffers outlive the nonblocking call.
        let flags = UnsafeMutablePointer<Int32>.allocate(capacity: 2)
        defer { flags.deallocate() }
        flags[0] = failure == nil ? 0 : 1
        flags[1] = 0
        try Interposer.quietly("MPI_Iallreduce") {
            PMPI_Iallreduce(flags, flags + 1, 1, swift_MPI_INT(), swift_MPI_MAX(), file.communicator, &$0)
        }
        guard flags[1] != 0 else { return }
        var text = Array((failure?.message ?? "").utf8)
        var header: [Int32] = [failure?.errorClass ?? MPI_SUCCESS, Int32(text.count)]
        var headers = [Int32](repeating: 0, count: 2 * Int(file.size))
        try mpiCall("MPI_Allgather", PMPI_Allgather(&header, 2, swift_MPI_INT(), &headers, 2, swift_MPI_INT(), file.communicator))
        var lengths = stride(from: 1, to: headers.count, by: 2).map { headers[$0] }
        var displacements = lengths.indices.map { lengths[..<$0].reduce(0, +) }
        var texts = [UInt8](repeating: 0, count: Int(lengths.reduce(0, +)))
        try mpiCall("MPI_Allgatherv", PMPI_Allgatherv(&text, Int32(text.count), swift_MPI_BYTE(), &texts, &lengths, &displacements,
                                                     swift_MPI_BYTE(), file.communicator))
        for (index, domain) in plan.domains.enumerated() where used[index] {
            let rank = Int(domain.aggregator)
            guard headers[2 * rank] != MPI_SUCCESS else { continue }
            let first = Int(displacements[rank])
            let message = String(decoding: texts[first..<first + Int(lengths[rank])], as: UTF8.self)
            throw MPIIOError(headers[2 * rank], domain.aggregator == file.rank ? message : "aggregator rank \(rank): \(message)")
        }
    }
}

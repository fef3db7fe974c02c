import CMPI
import DaosFS

/// The two phases of one aggregated collective access, as run on every rank of the file.
///
/// First every rank tells each aggregator which of its pieces fall in that aggregator's domain
/// (an all-to-all of counts, then of (offset, length) pairs). Then, round by round, the pieces
/// in each aggregator's current window travel between the rank and the aggregator (one message
/// each way at most, packed in list order), and the aggregator moves the union of its window's
/// pieces with one extent-list call: a write of the covered ranges only, or a read whose bytes
/// it sends back, each message headed by how many of the rank's bytes lay before the end of file.
///
/// An aggregator whose I/O fails keeps exchanging (the others are waiting for its messages),
/// sends zeros for reads, and skips its later I/O; `Collective` then fails the ranks it served.
struct TwoPhase {
    let file: OpenFile
    let direction: Transfer.Direction
    let plan: CollectivePlan
    /// This rank's pieces, with memory offsets into `memory`, its buffer (read from for writes).
    let mine: PieceList
    let memory: UnsafeMutableRawPointer?
    /// The domain this rank aggregates, if any, and every rank's pieces in it (index: rank).
    let domain: Int?
    private let sources: [PieceList]
    /// For each domain: whether this rank has pieces there (its aggregator's failure is ours).
    let used: [Bool]
    /// The rounds in which this rank sends, receives or moves data, in order.
    private let rounds: [Int]

    /// Phase one: the aggregators learn their domains' pieces.
    init(file: OpenFile, direction: Transfer.Direction, plan: CollectivePlan, mine: PieceList, buffer: UnsafeRawPointer?)
        throws(MPIIOError) {
        self.file = file
        self.direction = direction
        self.plan = plan
        self.mine = mine
        memory = buffer.map { UnsafeMutableRawPointer(mutating: $0) }
        domain = plan.domain(of: file.rank)
        let ranks = Int(file.size)
        var sendCounts = [Int32](repeating: 0, count: ranks)
        var pairs: [Int64] = []
        pairs.reserveCapacity(2 * mine.pieces.count)
        var used = [Bool](repeating: false, count: plan.domains.count)
        var rounds: [Int] = []
        // Domains are in rank order of their aggregators, so the pairs are in destination order.
        for (index, domain) in plan.domains.enumerated() {
            let pieces = mine.clipped(to: domain.range)
            used[index] = !pieces.isEmpty
            sendCounts[Int(domain.aggregator)] = Int32(2 * pieces.count)
            for piece in pieces {
                pairs.append(piece.file)
                pairs.append(piece.length)
                Self.add(plan.rounds(index, covering: piece), to: &rounds)
            }
        }
        self.used = used
        var receiveCounts = [Int32](repeating: 0, count: ranks)
        try mpiCall("MPI_Alltoall", PMPI_Alltoall(&sendCounts, 1, swift_MPI_INT(), &receiveCounts, 1, swift_MPI_INT(), file.communicator))
        var sendDisplacements = Self.displacements(sendCounts)
        var receiveDisplacements = Self.displacements(receiveCounts)
        var received = [Int64](repeating: 0, count: Int(receiveCounts.reduce(0, +)))
        try mpiCall("MPI_Alltoallv", PMPI_Alltoallv(&pairs, &sendCounts, &sendDisplacements, swift_MPI_INT64_T(), &received, &receiveCounts,
                                                   &receiveDisplacements, swift_MPI_INT64_T(), file.communicator))
        sources = (0..<ranks).map { rank in
            let first = Int(receiveDisplacements[rank])
            return PieceList(stride(from: first, to: first + Int(receiveCounts[rank]), by: 2).map {
                PieceList.Piece(file: received[$0], length: received[$0 + 1], memory: 0)
            })
        }
        if let domain {
            for piece in sources.lazy.flatMap(\.pieces) { Self.add(plan.rounds(domain, covering: piece), to: &rounds) }
        }
        self.rounds = rounds.count > 1 ? Array(Set(rounds)).sorted() : rounds
    }

    /// Appends `range`'s rounds, skipping a repeat of the last one (pieces come in file order).
    private static func add(_ range: ClosedRange<Int>, to rounds: inout [Int]) {
        for round in range where round != rounds.last { rounds.append(round) }
    }

    private static func displacements(_ counts: [Int32]) -> [Int32] {
        var at: Int32 = 0
        return counts.map { count in
            defer { at += count }
            return at
        }
    }

    /// Phase two, every round. Returns this rank's bytes found (reads) and the aggregator's
    /// failure, if it had one.
    func run() throws(MPIIOError) -> (found: Int64, failure: MPIIOError?) {
        var failure: MPIIOError? = nil
        var found: Int64 = 0
        for round in rounds {
            switch direction {
            case .write: try writeRound(round, failure: &failure)
            case .read: found += try readRound(round, failure: &failure)
            }
        }
        return (found, failure)
    }

    /// The pieces of every rank in this aggregator's window of `round` (this rank's own with
    /// their memory offsets).
    private func incoming(_ window: Range<Int64>) -> [[PieceList.Piece]] {
        sources.indices.map { $0 == Int(file.rank) ? mine.clipped(to: window) : sources[$0].clipped(to: window) }
    }

    private func writeRound(_ round: Int, failure: inout MPIIOError?) throws(MPIIOError) {
        let messages = RoundMessages(file.communicator)
        for (index, domain) in plan.domains.enumerated() where domain.aggregator != file.rank {
            let pieces = mine.clipped(to: plan.window(index, round: round))
            guard !pieces.isEmpty, let memory else { continue }
            let message = messages.buffer(pieces.bytes)
            pieces.copy(from: .buffer(memory), to: .packed(message))
            try messages.send(message, bytes: pieces.bytes, to: domain.aggregator)
        }
        var arrived: [(pieces: [PieceList.Piece], message: UnsafeMutableRawPointer)] = []
        if let domain {
            for (source, pieces) in incoming(plan.window(domain, round: round)).enumerated() where !pieces.isEmpty {
                let message = messages.buffer(pieces.bytes)
                if source != Int(file.rank) {
                    try messages.receive(message, bytes: pieces.bytes, from: Int32(source))
                } else if let memory {
                    pieces.copy(from: .buffer(memory), to: .packed(message))
                }
                arrived.append((pieces, message))
            }
        }
        try messages.wait()
        guard !arrived.isEmpty else { return }
        // Later ranks' bytes land over earlier ones': an overlapped byte holds one writer's data.
        let coverage = Coverage(arrived.map(\.pieces))
        let merged = messages.buffer(coverage.bytes)
        for (pieces, message) in arrived { pieces.copy(from: .packed(message), to: .covered(merged, coverage)) }
        guard failure == nil else { return }
        let start = Report.now()
        do throws(MPIIOError) {
            try FaultInjection.aggregatorIO(file)
            let written = try Transfer.contiguous(file, .write, extents: coverage.extents, buffer: merged)
            Report.record(.aggregatedWrite, since: start, bytes: written)
        } catch {
            failure = error
        }
    }

    private func readRound(_ round: Int, failure: inout MPIIOError?) throws(MPIIOError) -> Int64 {
        let messages = RoundMessages(file.communicator)
        var expected: [(pieces: [PieceList.Piece], message: UnsafeMutableRawPointer)] = []
        for (index, domain) in plan.domains.enumerated() where domain.aggregator != file.rank {
            let pieces = mine.clipped(to: plan.window(index, round: round))
            guard !pieces.isEmpty else { continue }
            let message = messages.buffer(8 + pieces.bytes)
            try messages.receive(message, bytes: 8 + pieces.bytes, from: domain.aggregator)
            expected.append((pieces, message))
        }
        var found: Int64 = 0
        if let domain {
            let lists = incoming(plan.window(domain, round: round))
            let coverage = Coverage(lists)
            if coverage.bytes > 0 {
                let merged = messages.buffer(coverage.bytes)
                var endOfData: Int64 = 0
                if failure == nil {
                    let start = Report.now()
                    do throws(MPIIOError) {
                        try FaultInjection.aggregatorIO(file)
                        let read = try Transfer.contiguous(file, .read, extents: coverage.extents, buffer: merged)
                        endOfData = coverage.endOfData(readBytes: read)
                        Report.record(.aggregatedRead, since: start, bytes: read)
                    } catch {
                        failure = error
                    }
                }
                // DaosFS reads holes and bytes past the end as zeros; a failed read sends zeros too.
                if failure != nil { merged.initializeMemory(as: UInt8.self, repeating: 0, count: Int(coverage.bytes)) }
                for (source, pieces) in lists.enumerated() where !pieces.isEmpty {
                    let existing = pieces.reduce(Int64(0)) { $0 + $1.bytes(below: endOfData) }
                    if source == Int(file.rank) {
                        found += existing
                        if let memory { pieces.copy(from: .covered(merged, coverage), to: .buffer(memory)) }
                        continue
                    }
                    let message = messages.buffer(8 + pieces.bytes)
                    message.storeBytes(of: existing, as: Int64.self)
                    pieces.copy(from: .covered(merged, coverage), to: .packed(message + 8))
                    try messages.send(message, bytes: 8 + pieces.bytes, to: Int32(source))
                }
            }
        }
        try messages.wait()
        guard !expected.isEmpty, let memory else { return found }
        for (pieces, message) in expected {
            found += message.load(as: Int64.self)
            pieces.copy(from: .packed(message + 8), to: .buffer(memory))
        }
        return found
    }
}

import DaosObject

/// The object I/O of one engine target (DESIGN.md §6): update, fetch, punch, listing and max
/// queries against the target's VOS. One decoded request in, one reply message or a typed
/// `TargetError` out; bulk data moves through the `BulkTransfer` the caller hands in.
///
/// Used by exactly one thread, the target's, and so has no locks: it owns its `VOSTarget`
/// and its staging buffer, and only the VOS WAL flusher runs beside it.
public final class TargetService {
    public struct Options: Sendable {
        /// Staging memory kept between requests; larger requests borrow memory for their duration.
        public var retainedBufferBytes: Int
        /// Most data bytes one update or fetch may move. A client's sizes are checked against it
        /// before anything is allocated; larger I/O is refused with `recordTooBig`.
        public var transferBytesMax: UInt64
        /// Updates writing data (anything but EC parity cells) at an epoch older than this are
        /// refused with DER_TX_RESTART: EC aggregation re-encodes stripes at epochs older than
        /// twice this, and no data may land below them afterwards. Nil: any age.
        public var updateAgeMaxNanoseconds: UInt64?
        /// Whether large array updates are pulled straight into the blob's mapping; by default
        /// only where the blob lives in memory (`VOSTarget.blobInMemory`).
        public var updatesInPlace: InPlaceUpdates
        /// How long a reservation for a placed update waits for it (`placementReserve`).
        public var placementLifetimeSeconds = PlacementReserveReply.lifetimeSeconds

        public enum InPlaceUpdates: Sendable {
            case always, never, whereBlobInMemory
        }

        public init(retainedBufferBytes: Int = 4 << 20, transferBytesMax: UInt64 = 64 << 20, updateAgeMaxNanoseconds: UInt64? = nil,
                    updatesInPlace: InPlaceUpdates = .whereBlobInMemory) {
            self.retainedBufferBytes = retainedBufferBytes
            self.transferBytesMax = min(transferBytesMax, VOSLimits.valueBytesMax)
            self.updateAgeMaxNanoseconds = updateAgeMaxNanoseconds
            self.updatesInPlace = updatesInPlace
        }
    }

    public let vos: VOSTarget
    public let clock: HybridLogicalClock
    public let options: Options
    let staging: StagingBuffer
    /// Blob space handed to clients on our host for updates they write themselves, by token,
    /// until the update that names it arrives or it expires (`TargetService+Placement`).
    var placements: [UInt64: Placement] = [:]
    /// Where a fetch in place collects its spans, kept between requests (no allocation per fetch).
    var locatedSpans: [ArraySpan] = []
    /// The VOS directory as located replies name it; nil when a client could not open it by
    /// that name (relative, too long for the wire, a NUL inside): fetches are pushed then.
    lazy var locatedDirectory: [UInt8]? = {
        let path = Array(vos.directory.utf8)
        return path.first == UInt8(ascii: "/") && path.count <= WireLimits.pathBytesMax && !path.contains(0) ? path : nil
    }()

    /// - Parameters:
    ///   - vos: this target's store; the service is its only user from now on.
    ///   - clock: the engine's clock, for updates and punches that leave the epoch to the engine.
    public init(vos: VOSTarget, clock: HybridLogicalClock, options: Options = Options()) {
        self.vos = vos
        self.clock = clock
        self.options = options
        staging = StagingBuffer(retainedBytes: options.retainedBufferBytes)
    }

    /// Runs one request. Updates and punches are durable (in the VOS's durability mode) before
    /// this returns, so the reply the caller sends is an acknowledgement.
    public func handle(_ request: TargetRequest, bulk: some BulkTransfer) throws(TargetError) -> TargetReply {
        let container = request.container
        switch (request.opcode, request.message) {
        case (.objectUpdate, let m as ObjectUpdateRequest):
            let epoch = try writeEpoch(request.epoch)
            try checkAge(of: epoch, m)
            try update(m, container: container, epoch: epoch, bulk: bulk)
            return TargetReply(message: EpochReply(epoch: epoch), epoch: epoch)
        case (.objectPunch, let m as ObjectPunchRequest):
            let epoch = try writeEpoch(request.epoch)
            try punch(m, container: container, epoch: epoch)
            return TargetReply(message: EpochReply(epoch: epoch), epoch: epoch)
        case (.objectFetch, let m as ObjectFetchRequest):
            var newest = Epoch(0)
            let reply = try fetch(m, container: container, epoch: try readEpoch(request.epoch), bulk: bulk, newest: &newest)
            return TargetReply(message: reply, epoch: newest)
        case (.objectUpdateBatch, let m as ObjectUpdateBatchRequest):
            return TargetReply(message: updateBatch(m, container: container, epoch: request.epoch, bulk: bulk))
        case (.objectFetchBatch, let m as ObjectFetchBatchRequest):
            return TargetReply(message: fetchBatch(m, container: container, epoch: request.epoch, bulk: bulk))
        case (.placementReserve, let m as PlacementReserveRequest):
            return TargetReply(message: try reservePlacements(m, bulk: bulk))
        case (.dkeyList, let m as DkeyListRequest):
            return TargetReply(message: try listDkeys(m, container: container, epoch: try readEpoch(request.epoch)))
        case (.akeyList, let m as AkeyListRequest):
            return TargetReply(message: try listAkeys(m, container: container, epoch: try readEpoch(request.epoch)))
        case (.extentList, let m as ExtentListRequest):
            return TargetReply(message: try listExtents(m, container: container, epoch: try readEpoch(request.epoch)))
        case (.objectQueryMax, let m as ObjectQueryMaxRequest):
            return TargetReply(message: try queryMax(m, container: container, epoch: try readEpoch(request.epoch)))
        case (let opcode, _) where opcode.isTargetOperation:
            throw .messageMismatch(opcode)
        case (let opcode, _):
            throw .unsupported(opcode)
        }
    }

    // MARK: - Epochs

    /// The epoch an update or punch is applied at. 0 and `latest` leave it to the engine (DAOS's
    /// DAOS_EPOCH_MAX: the server picks from its HLC). A client's own epoch is folded into the
    /// clock, so an epoch the engine picks later is newer: a write with a chosen epoch followed
    /// by one with an engine epoch keeps that order.
    func writeEpoch(_ requested: Epoch) throws(TargetError) -> Epoch {
        if requested.rawValue == 0 || requested == .latest { return clock.now() }
        try merge(requested)
        return requested
    }

    /// Refuses data written below the aggregation window (see `Options.updateAgeMaxNanoseconds`).
    /// Parity-only updates are exempt: aggregation itself writes parity at old epochs.
    func checkAge(of epoch: Epoch, _ m: ObjectUpdateRequest) throws(TargetError) {
        guard let age = options.updateAgeMaxNanoseconds else { return }
        let parityOnly = m.iods.allSatisfy { iod in
            if case .array(_, let extents) = iod.value { extents.allSatisfy { $0.start >= ECGeometry.parityBit } } else { false }
        }
        if !parityOnly && epoch < clock.epoch(nanosecondsAgo: age) { throw .epochTooOld(epoch) }
    }

    /// The epoch a read sees: `latest` (everything acknowledged) unless the client names one.
    /// A named epoch is folded into the clock too, so no later engine-picked write can land at
    /// or below it and change what a repeated read at that epoch returns.
    func readEpoch(_ requested: Epoch) throws(TargetError) -> Epoch {
        if requested.rawValue == 0 || requested == .latest { return .latest }
        try merge(requested)
        return requested
    }

    private func merge(_ epoch: Epoch) throws(TargetError) {
        do {
            try clock.merge(epoch)
        } catch {
            throw .clockSkew(error)
        }
    }

    // MARK: - Shared helpers

    /// Bytes of one `WireExtent` in a payload (start, count), for reply size accounting.
    static let wireExtentBytes = 16

    /// Runs a VOS call, turning its error into the target's.
    @inline(__always)
    func storage<R>(_ body: () throws(VOSError) -> R) throws(TargetError) -> R {
        do {
            return try body()
        } catch {
            throw .storage(error)
        }
    }

    /// Runs a VOS write, creating the container first if this target has never seen it: a
    /// container exists in the service before any of its objects reach a given target.
    func write<R>(_ container: ContainerID, _ body: () throws(VOSError) -> R) throws(TargetError) -> R {
        do {
            return try body()
        } catch .unknownContainer {
            _ = try storage { () throws(VOSError) in try vos.createContainer(container) }
            return try storage(body)
        } catch {
            throw .storage(error)
        }
    }

    /// Whether this target holds `container` (throws only when the target is closed or failed).
    func holds(_ container: ContainerID) throws(TargetError) -> Bool {
        try storage { () throws(VOSError) in try vos.holdsContainer(container) }
    }

    /// Blocks until `sequence` is acknowledged in the VOS's durability mode (`.sync`: fdatasync'ed),
    /// so the reply that follows is a promise.
    func waitDurable(_ sequence: LogSequence) throws(TargetError) {
        try storage { () throws(VOSError) in try vos.waitDurable(sequence) }
    }

    func bulkFailure(_ error: RPCError) -> TargetError {
        .bulkFailed(error.wireStatus, error.description)
    }
}

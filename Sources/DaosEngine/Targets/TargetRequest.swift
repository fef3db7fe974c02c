import DaosObject

/// One object I/O request as a target sees it: already decoded, already routed to this target,
/// its container handle already resolved by the engine. Transport-free, so the fabric, the
/// simulator and tests all drive a `TargetService` the same way.
public struct TargetRequest {
    public var opcode: Opcode
    /// The container the header's container-handle cookie names.
    public var container: ContainerID
    /// The header epoch: 0 or `Epoch.latest` lets the engine pick (update, punch) or reads the
    /// newest data (fetch, listing, query); anything else is used as given.
    public var epoch: Epoch
    public var message: any WireMessage

    public init(opcode: Opcode, container: ContainerID, epoch: Epoch = .latest, message: any WireMessage) {
        self.opcode = opcode
        self.container = container
        self.epoch = epoch
        self.message = message
    }
}

/// What a target answers on success: the reply payload and the epoch for the reply header.
public struct TargetReply {
    public var message: any WireMessage
    /// The epoch an update or punch was applied at (also in its `EpochReply`); 0 for reads.
    public var epoch: Epoch

    public init(message: any WireMessage, epoch: Epoch = Epoch(0)) {
        self.message = message
        self.epoch = epoch
    }
}

/// Moves bulk data between the client's registered memory and the target, for the request being
/// handled. The engine implements it over `RPCServer.pull` / `push`; tests implement it in memory.
/// Both calls complete (or fail) before they return, so the reply always follows the data.
public protocol BulkTransfer {
    /// Reads the bytes `descriptor` names (segments in order) into `buffer`, which holds exactly
    /// `descriptor.byteCount` bytes.
    func pull(_ descriptor: BulkDescriptor, into buffer: UnsafeMutableRawBufferPointer) throws(RPCError)

    /// Writes `bytes` into the memory `descriptor` names, segments in order; `bytes` is never
    /// longer than `descriptor.byteCount`.
    func push(_ bytes: UnsafeRawBufferPointer, to descriptor: BulkDescriptor) throws(RPCError)

    /// Whether `pushGathered` can serve `descriptor` (the engine: the client shares our host).
    func gathers(to descriptor: BulkDescriptor) -> Bool

    /// Writes `spans` (`bytes` in all; holes as zeros) in order into the memory `descriptor`
    /// names, straight from where they lie. False: nothing done, push a copy instead.
    func pushGathered(_ spans: [ArraySpan], bytes: Int, to descriptor: BulkDescriptor) throws(RPCError) -> Bool

    /// Whether the request's client proved with `localKey` that it shares our host, and so
    /// may write our blob file itself (`placementReserve`).
    func sharesHost(localKey: UInt64) -> Bool
}

extension BulkTransfer {
    public func gathers(to descriptor: BulkDescriptor) -> Bool { false }
    public func sharesHost(localKey: UInt64) -> Bool { false }
    public func pushGathered(_ spans: [ArraySpan], bytes: Int, to descriptor: BulkDescriptor) throws(RPCError) -> Bool { false }
}

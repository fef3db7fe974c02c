/// A message whose encoded size is known without encoding it (batches budget their frames by it).
public protocol SizedWireMessage: WireMessage {
    var encodedByteCount: Int { get }
}

/// `objectFetchBatch` and `objectUpdateBatch` requests: several whole requests of one kind for
/// one target, in one frame, answered in one reply. A read or write across many chunks of a
/// file costs one round trip and one engine wake-up per target instead of one per chunk and
/// cell. Every member moves bulk data, or (an update) names data already placed in the
/// target's blob; the frame's bulk flag says whether any member moves bulk.
///
///     0  2  member count N (1…64) | N × the member request, each with a bulk window or placed data
public struct ObjectBatchRequest<Member: BatchableRequest>: WireMessage, Hashable {
    public var members: [Member]

    public init(_ members: [Member]) {
        precondition(!members.isEmpty && members.count <= WireLimits.batchMembersMax, "a batch holds 1…\(WireLimits.batchMembersMax) requests")
        precondition(members.allSatisfy { $0.batchable }, "a batch carries bulk (or placed) requests only")
        self.members = members
    }

    // A loop, not a key path: a key path into a generic member is instantiated at run time,
    // on every call, and this runs for every batch frame sent and received.
    public var bulkDescriptor: BulkDescriptor? {
        for member in members {
            if let descriptor = member.bulkDescriptor { return descriptor }
        }
        return nil
    }

    public func encode(into writer: inout ByteWriter) {
        writer.writeCount(members.count, as: UInt16.self, limit: WireLimits.batchMembersMax)
        for member in members { member.encode(into: &writer) }
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        let at = reader.offset
        // Every member carries at least an object ID, a shard, a key, a descriptor and a window.
        let count = try reader.readCount(UInt16.self, minimumElementSize: 32, limit: WireLimits.batchMembersMax)
        guard count >= 1 else { throw .invalid(offset: at, reason: "empty batch") }
        members = []
        members.reserveCapacity(count)
        for _ in 0..<count {
            let memberAt = reader.offset
            let member = try Member(decoding: &reader)
            guard member.batchable else { throw .invalid(offset: memberAt, reason: "a batched request without a bulk window or placed data") }
            members.append(member)
        }
    }
}

/// A request that may travel in a batch: one whose data moves by bulk (or, an update's, was
/// placed in the target's blob beforehand).
public protocol BatchableRequest: WireMessage, Hashable {
    var batchable: Bool { get }
}

extension ObjectFetchRequest: BatchableRequest {
    public var batchable: Bool { bulk != nil }
}

extension ObjectUpdateRequest: BatchableRequest {
    public var batchable: Bool {
        switch data {
        case .inline: false
        case .bulk, .placed: true
        }
    }
}

public typealias ObjectFetchBatchRequest = ObjectBatchRequest<ObjectFetchRequest>
public typealias ObjectUpdateBatchRequest = ObjectBatchRequest<ObjectUpdateRequest>

/// The reply to a batch: one entry per member, in request order. The engine answers a member
/// whose entry would not fit the reply with `canceled`; the client sends it again alone.
///
///     0  2  entry count N (= the request's)
///     N × entry:  0  4  status (0 = answered)
///                 4  8  epoch: as the member's own reply header would carry it; 0 if refused
///                 answered: the member's reply | otherwise: 2 detail length (≤ 256) | detail, UTF-8
public struct ObjectBatchReply<Answer: SizedWireMessage & Hashable>: WireMessage, Hashable {
    public enum Entry: Hashable, Sendable {
        case answered(Answer, epoch: Epoch)
        case refused(WireStatus, detail: String)

        /// A refusal whose detail is cut to what the wire carries (so its size is final).
        public static func refusal(_ status: WireStatus, _ detail: String) -> Entry {
            .refused(status, detail: detail.truncatedUTF8(to: WireLimits.detailBytesMax))
        }

        /// Bytes `encode` writes for this entry.
        public var encodedByteCount: Int {
            switch self {
            case .answered(let reply, _): 12 + reply.encodedByteCount
            case .refused(_, let detail): 14 + detail.utf8.count
            }
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries.map {
            guard case .refused(let status, let detail) = $0 else { return $0 }
            return .refusal(status, detail)
        }
    }

    public func encode(into writer: inout ByteWriter) {
        writer.writeCount(entries.count, as: UInt16.self, limit: WireLimits.batchMembersMax)
        for entry in entries {
            switch entry {
            case .answered(let reply, let epoch):
                writer.write(WireStatus.success.rawValue)
                writer.write(epoch)
                reply.encode(into: &writer)
            case .refused(let status, let detail):
                precondition(!status.isSuccess, "a refused batch entry needs a failure status")
                writer.write(status.rawValue)
                writer.write(Epoch(0))
                writer.writeLengthPrefixed(detail, as: UInt16.self)
            }
        }
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        let count = try reader.readCount(UInt16.self, minimumElementSize: 12, limit: WireLimits.batchMembersMax)
        entries = []
        entries.reserveCapacity(count)
        for _ in 0..<count {
            let status = WireStatus(rawValue: try reader.read())
            let at = reader.offset
            let epoch = try reader.readEpoch()
            if status.isSuccess {
                entries.append(.answered(try Answer(decoding: &reader), epoch: epoch))
            } else {
                guard epoch.rawValue == 0 else { throw .invalid(offset: at, reason: "a refused batch entry with an epoch") }
                entries.append(.refused(status, detail: try reader.readLengthPrefixedString(UInt16.self, limit: WireLimits.detailBytesMax)))
            }
        }
    }
}

public typealias ObjectFetchBatchReply = ObjectBatchReply<ObjectFetchReply>
public typealias ObjectUpdateBatchReply = ObjectBatchReply<EpochReply>

extension ObjectFetchReply: SizedWireMessage {
    /// Bytes `encode` writes.
    public var encodedByteCount: Int {
        let values = self.values.reduce(2) { $0 + 8 + 4 + $1.holes.count * WireExtent.encodedBytes }
        switch data {
        case .inline(let bytes): return values + 1 + 4 + bytes.count
        case .pushed: return values + 1 + 8
        case .located(let located): return values + 1 + located.encodedByteCount
        }
    }
}

extension ObjectFetchRequest: SizedWireMessage {}
extension ObjectUpdateRequest: SizedWireMessage {}

extension EpochReply: SizedWireMessage {
    public var encodedByteCount: Int { 8 }
}

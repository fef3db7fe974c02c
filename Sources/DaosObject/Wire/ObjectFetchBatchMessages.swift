/// `objectFetchBatch` request: several bulk fetches for one target, answered in one reply. A
/// read across many chunks of a file costs one round trip and one engine wake-up per target
/// instead of one per chunk and cell (each fetch is a whole `ObjectFetchRequest`, so each names
/// its own object, shard, dkey and window).
///
///     0  2  fetch count N (1…64) | N × `ObjectFetchRequest`, every one with a bulk window
public struct ObjectFetchBatchRequest: WireMessage, Hashable {
    public var fetches: [ObjectFetchRequest]

    public init(fetches: [ObjectFetchRequest]) {
        precondition(!fetches.isEmpty && fetches.count <= WireLimits.fetchBatchMax, "a fetch batch holds 1…\(WireLimits.fetchBatchMax) fetches")
        precondition(fetches.allSatisfy { $0.bulk != nil }, "a fetch batch carries bulk fetches only")
        self.fetches = fetches
    }

    /// Every fetch has a window; the frame's bulk flag speaks for all of them.
    public var bulkDescriptor: BulkDescriptor? { fetches.first?.bulk }

    public func encode(into writer: inout ByteWriter) {
        writer.writeCount(fetches.count, as: UInt16.self, limit: WireLimits.fetchBatchMax)
        for fetch in fetches { fetch.encode(into: &writer) }
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        let at = reader.offset
        // The smallest fetch: oid 16, shard 4, a 1-byte key with its kind and length, no iods, kind 1 and a window.
        let count = try reader.readCount(UInt16.self, minimumElementSize: 32, limit: WireLimits.fetchBatchMax)
        guard count >= 1 else { throw .invalid(offset: at, reason: "empty fetch batch") }
        fetches = []
        fetches.reserveCapacity(count)
        for _ in 0..<count {
            let fetchAt = reader.offset
            let fetch = try ObjectFetchRequest(decoding: &reader)
            guard fetch.bulk != nil else { throw .invalid(offset: fetchAt, reason: "a batched fetch without a bulk window") }
            fetches.append(fetch)
        }
    }
}

/// `objectFetchBatch` reply: one entry per fetch, in request order. The engine answers a fetch
/// whose entry would not fit the reply with `canceled`; the client sends it again alone.
///
///     0  2  entry count N (= the request's)
///     N × entry:  0  4  status (0 = answered)
///                 4  8  epoch: the newest version the fetch returned (as a fetch reply header's); 0 if refused
///                 answered: `ObjectFetchReply` | otherwise: 2 detail length (≤ 256) | detail, UTF-8
public struct ObjectFetchBatchReply: WireMessage, Hashable {
    public enum Entry: Hashable, Sendable {
        case answered(ObjectFetchReply, epoch: Epoch)
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
        writer.writeCount(entries.count, as: UInt16.self, limit: WireLimits.fetchBatchMax)
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
        let count = try reader.readCount(UInt16.self, minimumElementSize: 14, limit: WireLimits.fetchBatchMax)
        entries = []
        entries.reserveCapacity(count)
        for _ in 0..<count {
            let status = WireStatus(rawValue: try reader.read())
            let at = reader.offset
            let epoch = try reader.readEpoch()
            if status.isSuccess {
                entries.append(.answered(try ObjectFetchReply(decoding: &reader), epoch: epoch))
            } else {
                guard epoch.rawValue == 0 else { throw .invalid(offset: at, reason: "a refused batch entry with an epoch") }
                entries.append(.refused(status, detail: try reader.readLengthPrefixedString(UInt16.self, limit: WireLimits.detailBytesMax)))
            }
        }
    }
}

extension ObjectFetchReply {
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

/// `placementReserve` request: blob space on one target for updates whose data the client
/// writes into the target's `blob.data` itself (`LocalWrites`), then names in the update as
/// `UpdateData.placed`. Only a client that proved it shares the engine's host may ask: the
/// request carries the key it proved with (`LocalBulkProof`).
///
///     0  8  local key
///     8  2  count N (1…64) | N × 8 length in bytes (≥ 1), one reservation each
public struct PlacementReserveRequest: WireMessage, Hashable {
    public var localKey: UInt64
    public var lengths: [UInt64]

    public init(localKey: UInt64, lengths: [UInt64]) {
        precondition(!lengths.isEmpty && lengths.count <= WireLimits.batchMembersMax, "1…\(WireLimits.batchMembersMax) reservations")
        precondition(!lengths.contains(0), "an empty reservation")
        self.localKey = localKey
        self.lengths = lengths
    }

    public func encode(into writer: inout ByteWriter) {
        writer.write(localKey)
        writer.writeCount(lengths.count, as: UInt16.self, limit: WireLimits.batchMembersMax)
        for length in lengths { writer.write(length) }
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        localKey = try reader.read()
        let at = reader.offset
        let count = try reader.readCount(UInt16.self, minimumElementSize: 8, limit: WireLimits.batchMembersMax)
        guard count >= 1 else { throw .invalid(offset: at, reason: "a placement request without lengths") }
        lengths = []
        lengths.reserveCapacity(count)
        for _ in 0..<count {
            let lengthAt = reader.offset
            let length: UInt64 = try reader.read()
            guard length > 0 else { throw .invalid(offset: lengthAt, reason: "an empty reservation") }
            lengths.append(length)
        }
    }
}

/// `placementReserve` reply: where each reservation lies in the target's blob file, and the
/// token an update names it by. The client writes exactly the reserved bytes there, then sends
/// its update with `UpdateData.placed(token:byteCount:)`; a reservation no update claims within
/// `PlacementReserveReply.lifetimeSeconds` is given back.
///
///     0  2  directory length L (1…1024) | L bytes, no NUL: the target's VOS directory
///     …  8  device, 8 inode of `blob.data` (the writer checks it opened that file)
///     …  2  count N (1…64) | N × (8 token, 8 blob offset)
public struct PlacementReserveReply: WireMessage, Hashable {
    public struct Reservation: Hashable, Sendable {
        public var token: UInt64
        public var blobOffset: UInt64

        public init(token: UInt64, blobOffset: UInt64) {
            self.token = token
            self.blobOffset = blobOffset
        }
    }

    /// How long a target keeps a reservation for its update. A client writes into one only
    /// within `writableSeconds` of asking, far inside it, so it never writes space that was
    /// given back and handed to another value. (A target that restarts loses its reservations:
    /// the one-second window is also shorter than an engine's restart and recovery.)
    public static let lifetimeSeconds = 60
    public static let writableSeconds = 1

    public var directory: [UInt8]
    public var device: UInt64
    public var inode: UInt64
    public var reservations: [Reservation]

    public init(directory: [UInt8], device: UInt64, inode: UInt64, reservations: [Reservation]) {
        self.directory = directory
        self.device = device
        self.inode = inode
        self.reservations = reservations
    }

    public func encode(into writer: inout ByteWriter) {
        writer.writeBlobFile(directory: directory, device: device, inode: inode)
        writer.writeCount(reservations.count, as: UInt16.self, limit: WireLimits.batchMembersMax)
        for reservation in reservations {
            writer.write(reservation.token)
            writer.write(reservation.blobOffset)
        }
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        (directory, device, inode) = try reader.readBlobFile()
        let at = reader.offset
        let count = try reader.readCount(UInt16.self, minimumElementSize: 16, limit: WireLimits.batchMembersMax)
        guard count >= 1 else { throw .invalid(offset: at, reason: "a placement reply without reservations") }
        reservations = []
        reservations.reserveCapacity(count)
        for _ in 0..<count { reservations.append(Reservation(token: try reader.read(), blobOffset: try reader.read())) }
    }
}

extension ByteWriter {
    /// A target's VOS directory (a path is bytes, as POSIX has it; readers open it, they never
    /// print it) and the identity of its `blob.data`, which the opener checks:
    ///
    ///     0  2  directory length L (1…1024) | L bytes, no NUL
    ///     …  8  device, 8 inode
    mutating func writeBlobFile(directory: [UInt8], device: UInt64, inode: UInt64) {
        precondition(!directory.isEmpty && !directory.contains(0), "a target directory is a non-empty path")
        writeLengthPrefixed(directory, as: UInt16.self)
        write(device)
        write(inode)
    }
}

extension ByteReader {
    mutating func readBlobFile() throws(DecodeError) -> (directory: [UInt8], device: UInt64, inode: UInt64) {
        let at = offset
        let directory = try readBytes(readCount(UInt16.self, minimumElementSize: 1, limit: WireLimits.pathBytesMax))
        guard !directory.isEmpty, !directory.contains(0) else { throw .invalid(offset: at, reason: "empty directory, or one with a NUL byte") }
        return (directory, try read(), try read())
    }
}

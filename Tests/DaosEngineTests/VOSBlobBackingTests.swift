@testable import DaosEngine
import DaosObject
import Foundation
import Testing

/// A pool's share of a target is backed at pool create and given back at destroy
/// (`VOSTarget.backBlob`): on a disk the blob file gets blocks, on tmpfs memory pages; backing
/// never drops below the space in use, and data already written survives a shrink.
struct VOSBlobBackingTests {
    /// Bytes the file occupies on its file system (blocks, not its size).
    private func allocatedBytes(_ path: String) -> UInt64 {
        var info = stat()
        guard stat(path, &info) == 0 else { return 0 }
        return UInt64(info.st_blocks) * 512
    }

    @Test(arguments: ["disk", "memory"])
    func backingGrowsAndShrinksAroundTheSpaceInUse(storage: String) throws {
        let root = storage == "memory" ? "/dev/shm" : NSTemporaryDirectory()
        let directory = root + "/vos-backing-\(getpid())-\(storage)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let vos = try openTarget(directory, capacity: 64 << 20)
        defer { vos.close() }
        let blob = directory + "/blob.data"
        try vos.backBlob(24 << 20)
        #expect(allocatedBytes(blob) >= 24 << 20)
        // Capped at the capacity.
        try vos.backBlob(1 << 40)
        #expect(allocatedBytes(blob) >= 64 << 20)
        #expect(allocatedBytes(blob) < 80 << 20)
        // 3 MiB written, then the backing shrinks to nothing: what is in use stays.
        try vos.createContainer(testContainer)
        let data = bytes(3 << 20, seed: 5)
        try vos.putArray(.uint64(1), .uint64(0), start: 0, data, at: 10)
        try vos.backBlob(0)
        #expect(allocatedBytes(blob) >= 3 << 20)
        #expect(allocatedBytes(blob) < 8 << 20)
        #expect(try vos.getArray(.uint64(1), .uint64(0), start: 0, count: UInt64(data.count), at: 10).bytes == data)
        // In-place values after the shrink back their space on first use again.
        let more = bytes(5 << 20, seed: 6)
        let reservation = try vos.reserveBlob(length: more.count)
        more.withUnsafeBytes { reservation.bytes.copyMemory(from: $0) }
        try vos.update(container: testContainer, object: testObject, dkey: .uint64(2), epoch: Epoch(11), akeys: [
            AkeyUpdate(akey: .uint64(0), value: .array(recordSize: 1, writes: [
                ArrayWrite(extent: RecordExtent(start: 0, count: UInt64(more.count)), placedIn: reservation, at: 0, byteCount: more.count),
            ])),
        ])
        #expect(try vos.getArray(.uint64(2), .uint64(0), start: 0, count: UInt64(more.count), at: 11).bytes == more)
    }

    @Test func noSpaceFromTheFileSystemIsNoSpaceToTheClient() {
        #expect(TargetError.status(of: .io(operation: "posix_fallocate", path: "/x", errno: ENOSPC)) == .noSpace)
        #expect(TargetError.status(of: .io(operation: "pwrite", path: "/x", errno: EIO)) == .ioError)
    }
}

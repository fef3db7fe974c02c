import DaosObject
import Foundation
import Glibc

@testable import DaosEngine

/// A fresh directory under the system temp dir, removed when the test's `body` returns.
func withTemporaryDirectory<R>(_ body: (String) throws -> R) throws -> R {
    var template = Array((NSTemporaryDirectory() + "/vos-test-XXXXXX").utf8CString)
    guard let made = mkdtemp(&template) else { throw VOSError.io(operation: "mkdtemp", path: "", errno: errno) }
    let path = String(cString: made)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}

let testContainer = ContainerID(hi: 1, lo: 1)
let testObject = ObjectID(hi: 7, lo: 9)

func openTarget(
    _ directory: String, _ durability: Durability = .pageCache, capacity: UInt64 = 1 << 30,
    checkpointWALBytes: UInt64 = 64 << 20
) throws -> VOSTarget {
    try VOSTarget.open(
        directory: directory,
        options: .init(
            durability: durability, capacityBytes: capacity,
            checkpointWALBytes: checkpointWALBytes, log: nil))
}

func bytes(_ count: Int, seed: UInt8) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ Int(seed) &* 31) }
}

extension VOSTarget {
    func putSingle(
        _ dkey: Key, _ akey: Key, _ value: [UInt8], at epoch: UInt64,
        object: ObjectID = testObject
    ) throws {
        try update(
            container: testContainer, object: object, dkey: dkey, epoch: Epoch(epoch),
            akeys: [AkeyUpdate(akey: akey, value: .single(value))])
    }

    func putArray(
        _ dkey: Key, _ akey: Key, start: UInt64, _ data: [UInt8], recordSize: UInt32 = 1,
        at epoch: UInt64, object: ObjectID = testObject
    ) throws {
        let extent = RecordExtent(start: start, count: UInt64(data.count) / UInt64(recordSize))
        try update(
            container: testContainer, object: object, dkey: dkey, epoch: Epoch(epoch),
            akeys: [
                AkeyUpdate(
                    akey: akey,
                    value: .array(
                        recordSize: recordSize,
                        writes: [ArrayWrite(extent: extent, data: data)]))
            ])
    }

    func getSingle(_ dkey: Key, _ akey: Key, at epoch: UInt64, object: ObjectID = testObject) throws -> [UInt8]? {
        try fetchSingle(container: testContainer, object: object, dkey: dkey, akey: akey, epoch: Epoch(epoch))
    }

    func getArray(
        _ dkey: Key, _ akey: Key, start: UInt64, count: UInt64, recordSize: UInt32 = 1,
        at epoch: UInt64, object: ObjectID = testObject
    ) throws -> ArrayFetch {
        try fetchArray(
            container: testContainer, object: object, dkey: dkey, akey: akey,
            extents: [RecordExtent(start: start, count: count)], recordSize: recordSize,
            epoch: Epoch(epoch))[0]
    }

    func dkeys(at epoch: UInt64, object: ObjectID = testObject) throws -> [Key] {
        var all: [Key] = []
        var anchor: VOSAnchor?
        repeat {
            let page = try listDkeys(
                container: testContainer, object: object, epoch: Epoch(epoch),
                anchor: anchor, limit: 3)
            all += page.keys
            anchor = page.next
        } while anchor != nil
        return all
    }
}

/// Thrown-error capture for `#expect(...)` on typed errors.
func error<R>(of body: () throws -> R) -> VOSError? {
    do {
        _ = try body()
        return nil
    } catch let error as VOSError {
        return error
    } catch {
        return nil
    }
}

import DaosObject
import Foundation
import Testing

/// A client on the engines' host reads fetched bytes out of the targets' blob files itself
/// (`LocalReads`, ports 32300–32329). A copy the target's reuse counter does not vouch for is
/// never used: here the counter files are overwritten behind the engines' backs, so every
/// located copy is refused, and the same reads must come back right through a push instead.
@Suite(.serialized) struct LocalReadsSystemTests {
    @Test func copiesTheCounterDoesNotVouchForAreFetchedAgain() throws {
        guard LocalReads.enabled else { return }
        let system = try TestSystem(name: "local-reads", config: TestConfigs.threeEngines(provider: "tcp;ofi_rxm", basePort: 32300))
        defer { system.tearDown() }
        try system.start()
        let (_, _, container) = try system.tankAndContainer()
        let io = try ObjectIO(container: container)
        var random = SplitMix64(seed: 5)
        var objects: [(ObjectHandle, [ObjectRoundTripTests.Written])] = []
        for (redundancy, groups) in [(Redundancy.none, UInt16(4)), (.replicas2, 1), (.ec2P1, 1)] {
            let lo = try container.allocateObjectIDs(1)
            let object = try ObjectHandle(ObjectID(lo: lo, type: .dkeyUInt64, redundancy: redundancy, groups: groups), in: io)
            objects.append((object, try ObjectRoundTripTests.write(object, dkeys: 24, random: &random)))
        }
        for (object, written) in objects { try ObjectRoundTripTests.verify(object, written) }
        #expect(io.locatedReads > 0, "large fetches from engines on this host are answered located")
        #expect(io.locatedReadsRefused == 0)

        let counters = try FileManager.default.subpathsOfDirectory(atPath: system.stateDirectory).filter { $0.hasSuffix("/reuse.gen") }
        #expect(!counters.isEmpty, "targets that stored data keep a counter")
        for path in counters {
            let handle = try #require(FileHandle(forUpdatingAtPath: system.stateDirectory + "/" + path))
            try handle.write(contentsOf: Data(repeating: 0xA5, count: 8))
            try handle.close()
        }
        let located = io.locatedReads
        for (object, written) in objects { try ObjectRoundTripTests.verify(object, written) }
        #expect(io.locatedReadsRefused > 0, "no located copy is used once the counter moved")
        #expect(io.locatedReads == located)
        try system.stop()
    }
}

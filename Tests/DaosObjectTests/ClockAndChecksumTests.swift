import DaosObject
import Synchronization
import Testing

final class ManualClock: PhysicalClock {
    let now = Mutex<UInt64>(1_700_000_000_000_000_000)
    func nanosecondsSinceUnixEpoch() -> UInt64 { now.withLock { $0 } }
    func set(_ value: UInt64) { now.withLock { $0 = value } }
}

@Suite struct ClockAndChecksumTests {
    @Test func hlcIsStrictlyMonotonicEvenWhenTimeGoesBack() {
        let physical = ManualClock()
        let clock = HybridLogicalClock(physical: physical)
        var last = clock.now()
        for step in 0..<1000 {
            if step == 500 { physical.set(1_600_000_000_000_000_000 + 1_609_459_200 * 1_000_000_000) }
            let next = clock.now()
            #expect(next > last)
            last = next
        }
        physical.set(1_800_000_000_000_000_000)
        #expect(clock.now().physicalNanoseconds == (1_800_000_000 - 1_609_459_200) * 1_000_000_000 / 16 * 16 & ~((1 << 18) - 1) / 16
                || clock.now() > last)
    }

    @Test func hlcMergeOrdersCausally() throws {
        let physical = ManualClock()
        let a = HybridLogicalClock(physical: physical)
        let b = HybridLogicalClock(physical: physical)
        let sent = a.now()
        let received = try b.merge(sent)
        #expect(received > sent)
        #expect(b.now() > received)
        #expect(sent.logical == 0 || sent.logical > 0)
        let farFuture = Epoch(sent.rawValue + 10 * 1_000_000_000 * 16)
        #expect(throws: ClockError.remoteTooFarAhead(farFuture)) { try b.merge(farFuture) }
    }

    @Test func crc32cMatchesTheStandardCheckValue() {
        #expect(CRC.crc32c(Array("123456789".utf8)) == 0xE306_9283)
        let whole = CRC.crc32c(Array("hello, world".utf8))
        let split = CRC.crc32c(Array(", world".utf8), seed: CRC.crc32c(Array("hello".utf8)))
        #expect(whole == split)
        #expect(CRC.crc32c([UInt8]()) == 0)
    }

    @Test func fabricOffersTheDefaultProvider() throws {
        let providers = try FabricInfo.providers()
        #expect(providers.contains { $0.name.contains("tcp") })
        #expect(try FabricInfo.providers(named: "no-such-provider").isEmpty)
        #expect(FabricInfo.libraryVersion.major == 1)
        #expect(FabricError("fi_getinfo", code: -61).description.contains("fi_getinfo"))
    }
}

import ArgumentParser
import DaosObject

/// Transport figures per provider: the raw libfabric round trip and 1 MiB RMA read, measured
/// between two threads of this process on loopback.
struct NetBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "net", abstract: "Raw libfabric ping-pong and RMA bandwidth per provider.")

    @Option(help: "Providers, comma-separated.") var providers = "tcp;ofi_rxm,shm,sockets"
    @Option(help: "Ping-pong round trips (RMA reads: a tenth of this).") var iterations = 20_000
    @Option(help: "Bulk transfer size in KiB.") var bulkKiB = 1024

    func run() throws {
        print("provider       round trip µs   RMA read GB/s (\(bulkKiB) KiB)")
        for provider in providers.split(separator: ",").map(String.init) {
            let domain = try FabricDomain(provider: provider, node: provider == "shm" ? nil : "127.0.0.1")
            let raw = try RawFabricBaseline(domain: domain, iterations: iterations, bulkBytes: bulkKiB * 1024).run()
            print(pad(provider, 15) + pad(format(raw.roundTripMicroseconds), 16) + format(raw.readGigabytesPerSecond))
        }
    }
}

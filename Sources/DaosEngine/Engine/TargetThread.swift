import DaosObject

/// One target: its endpoint and its VOS, owned by this thread alone (no locks on the VOS).
final class TargetThread: @unchecked Sendable {
    // @unchecked: handed to exactly one OSThread.
    let index: Int
    let server: RPCServer
    let vos: VOSTarget
    unowned let engine: EngineProcess

    init(index: Int, server: RPCServer, vos: VOSTarget, engine: EngineProcess) {
        self.index = index
        self.server = server
        self.vos = vos
        self.engine = engine
    }

    func run(until shouldStop: @escaping () -> Bool) {
        do {
            try server.serve(until: shouldStop) { request in
                engine.rpcsInFlight.add(1, ordering: .relaxed)
                defer { engine.rpcsInFlight.subtract(1, ordering: .relaxed) }
                if let reply = try engine.management(request) { return reply }
                return .failure(.unsupported, "\(request.header.opcode) is not served by target \(index)")
            }
        } catch {
            engine.log(.error, "rank \(engine.engine.rank) target \(index): endpoint failed: \(error); stopping")
            engine.requestStop()
        }
    }
}

import DaosObject

/// `dmg system query|stop|start`: requests to `daos_server` over its control socket (next to
/// the system file), not to the engines; this works while engines are down.
public enum SystemOperations {
    public static func query(systemFile: String, verbose: Bool) throws(CommandFailure) -> CommandOutput {
        let statuses = try send(.query, systemFile: systemFile)
        return CommandOutput(text: SystemReports.query(statuses, verbose: verbose), response: SystemReports.queryJSON(statuses))
    }

    /// `ranks` is `--ranks` as typed (`0,2`, `0-3`), nil for every rank.
    public static func stop(systemFile: String, ranks: String?, force: Bool) throws(CommandFailure) -> CommandOutput {
        let selected = try selection(ranks)
        return report(try send(.stop(ranks: selected, force: force), systemFile: systemFile), selected: selected, action: .stop)
    }

    public static func start(systemFile: String, ranks: String?) throws(CommandFailure) -> CommandOutput {
        let selected = try selection(ranks)
        return report(try send(.start(ranks: selected), systemFile: systemFile), selected: selected, action: .start)
    }

    static func selection(_ ranks: String?) throws(CommandFailure) -> [UInt32]? {
        guard let ranks else { return nil }
        return try argument { () throws(ToolError) in try RankListParser.parse(ranks) }
    }

    static func send(_ request: ControlRequest, systemFile: String) throws(CommandFailure) -> [RankStatus] {
        try control { () throws(ControlError) in
            try ControlChannel.send(request, socket: ControlChannel.socketPath(systemFile: systemFile))
        }
    }

    /// The result table of the ranks asked about (the server may report every rank); a rank
    /// that did not get there makes the command fail after the table is printed.
    static func report(_ statuses: [RankStatus], selected: [UInt32]?, action: SystemReports.Action) -> CommandOutput {
        let shown = selected.map { wanted in statuses.filter { wanted.contains($0.rank) } } ?? statuses
        var failure = SystemReports.failure(shown, action: action)
        if let wanted = selected {
            let missing = wanted.filter { rank in !shown.contains { $0.rank == rank } }
            if !missing.isEmpty {
                failure = CommandFailure(reason: "unknown \(missing.count == 1 ? "rank" : "ranks") \(SystemReports.rankSet(missing))",
                                         status: .nonexistent)
            }
        }
        return CommandOutput(text: SystemReports.results(shown, action: action),
                             response: SystemReports.resultsJSON(shown, action: action), failure: failure)
    }
}

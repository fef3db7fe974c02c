import DaosObject

/// What `dmg system query|stop|start` print, from the rank statuses `daos_server` returns.
public enum SystemReports {
    /// The operation a result table reports.
    public enum Action: String, Sendable {
        case stop, start
    }

    /// `dmg system query`: ranks grouped by state (`[0-2] Joined`), or with `--verbose` one row
    /// per rank with its pid, incarnation and why it is not joined.
    public static func query(_ statuses: [RankStatus], verbose: Bool) -> String {
        guard !statuses.isEmpty else { return "Query matches no ranks in system\n" }
        if verbose {
            let rows = statuses.sorted { $0.rank < $1.rank }.map { status in
                ["\(status.rank)", status.state.rawValue, "\(status.pid)", "\(status.incarnation)", status.reason]
            }
            return TextTable.render(titles: ["Rank", "State", "PID", "Incarnation", "Reason"], rows: rows)
        }
        let groups = grouped(statuses) { $0.state.rawValue }
        return TextTable.render(titles: ["Rank", "State"], rows: groups.map { [rankSet($0.ranks), $0.key] })
    }

    public static func queryJSON(_ statuses: [RankStatus]) -> JSONValue {
        ["members": .array(statuses.sorted { $0.rank < $1.rank }.map { status in
            ["rank": .number(status.rank), "state": .string(status.state.rawValue.lowercased()), "pid": .number(status.pid),
             "incarnation": .number(status.incarnation), "reason": .string(status.reason)]
        })]
    }

    /// Whether a rank ended where the action meant it to: stopped after stop; starting or
    /// joined after start (an engine joins once it answers, which may be after the reply).
    public static func succeeded(_ status: RankStatus, _ action: Action) -> Bool {
        switch action {
        case .stop: return status.state == .stopped
        case .start: return status.state == .joined || status.state == .starting
        }
    }

    /// The `Result` column: `OK`, or the state the rank is in instead and why.
    static func result(_ status: RankStatus, _ action: Action) -> String {
        if succeeded(status, action) { return "OK" }
        return "rank is \(status.state.rawValue.lowercased())" + (status.reason.isEmpty ? "" : ": \(status.reason)")
    }

    /// `dmg system stop|start`: ranks grouped by outcome, as DAOS prints them.
    ///
    ///     Rank  Operation Result
    ///     ----  --------- ------
    ///     [0-2] stop      OK
    public static func results(_ statuses: [RankStatus], action: Action) -> String {
        guard !statuses.isEmpty else { return "No results returned\n" }
        let groups = grouped(statuses) { "\(action.rawValue)\t\(result($0, action))" }
        let rows = groups.map { group -> [String] in
            let fields = group.key.split(separator: "\t", maxSplits: 1).map(String.init)
            return [rankSet(group.ranks)] + fields
        }
        return TextTable.render(titles: ["Rank", "Operation", "Result"], rows: rows)
    }

    public static func resultsJSON(_ statuses: [RankStatus], action: Action) -> JSONValue {
        ["results": .array(statuses.sorted { $0.rank < $1.rank }.map { status in
            let ok = succeeded(status, action)
            return ["rank": .number(status.rank), "action": .string(action.rawValue), "errored": .bool(!ok),
                    "msg": .string(ok ? "" : result(status, action)), "state": .string(status.state.rawValue.lowercased())]
        })]
    }

    /// The one-line error when some ranks did not reach the state asked for, or nil.
    public static func failure(_ statuses: [RankStatus], action: Action) -> CommandFailure? {
        let failed = statuses.filter { !succeeded($0, action) }.map(\.rank)
        guard !failed.isEmpty else { return nil }
        return CommandFailure(reason: "system \(action.rawValue) failed on \(failed.count == 1 ? "rank" : "ranks") \(rankSet(failed))",
                              status: CommandFailure.miscellaneous)
    }

    /// Ranks that share a key, keys in sorted order (DAOS sorts its rank groups the same way).
    static func grouped(_ statuses: [RankStatus], by key: (RankStatus) -> String) -> [(key: String, ranks: [UInt32])] {
        var groups: [String: [UInt32]] = [:]
        for status in statuses { groups[key(status), default: []].append(status.rank) }
        return groups.keys.sorted().map { ($0, groups[$0]!) }
    }

    /// `3` for one rank, `[0-2,5]` for several (DAOS's ranged rank set).
    static func rankSet(_ ranks: [UInt32]) -> String {
        Set(ranks).count == 1 ? "\(ranks[0])" : Humanize.ranks(ranks)
    }
}

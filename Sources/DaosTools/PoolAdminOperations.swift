import DaosObject

/// `dmg pool …`: pool administration through the pool service, without a pool handle.
public enum PoolAdminOperations {
    /// `label` is `--label`, `positionalLabel` DAOS 2.x's `dmg pool create --size=4G tank`.
    public static func create(systemFile: String, size: String, label: String?, positionalLabel: String?, rankCount: Int,
                              properties: String? = nil) throws(CommandFailure) -> CommandOutput {
        let (bytes, name, parsed) = try argument { () throws(ToolError) in
            (try CreateArguments.size(size), try CreateArguments.label(option: label, positional: positionalLabel, what: "pool"),
             try PropertyParser.poolProperties(properties ?? ""))
        }
        let system = try ToolSession.system(systemFile)
        let reply = try client { () throws(ClientError) in
            try system.createPool(label: name, sizeBytes: bytes, rankCount: rankCount, properties: parsed)
        }
        return CommandOutput(text: PoolReports.created(reply, requestedBytes: bytes), response: PoolReports.createdJSON(reply))
    }

    public static func list(systemFile: String) throws(CommandFailure) -> CommandOutput {
        let system = try ToolSession.system(systemFile)
        let pools = try client { () throws(ClientError) in try system.listPools() }
        return CommandOutput(text: PoolReports.list(PoolListReply(pools: pools)), response: PoolReports.listJSON(pools))
    }

    public static func query(systemFile: String, pool: String) throws(CommandFailure) -> CommandOutput {
        let system = try ToolSession.system(systemFile)
        let reply = try client { () throws(ClientError) in try system.queryPool(pool) }
        return CommandOutput(text: PoolReports.query(reply), response: PoolReports.queryJSON(reply))
    }

    public static func destroy(systemFile: String, pool: String, force: Bool) throws(CommandFailure) -> CommandOutput {
        let system = try ToolSession.system(systemFile)
        try client { () throws(ClientError) in try system.destroyPool(pool, force: force) }
        return CommandOutput(text: PoolReports.destroyed)
    }

    /// `targetIndices` is `--target-idx` as typed (`0,1`), nil for every target of the rank.
    public static func changeTargets(_ change: TargetChange, systemFile: String, pool: String, rank: UInt32,
                                     targetIndices: String?) throws(CommandFailure) -> CommandOutput {
        let indices = try argument { () throws(ToolError) in
            try targetIndices.map { (text) throws(ToolError) in
                try RankListParser.parse(text, what: "target index", limit: WireLimits.targetIndicesMax)
            } ?? []
        }
        let system = try ToolSession.system(systemFile)
        let version = try client { () throws(ClientError) in
            try system.changeTargets(change.opcode, pool: pool, rank: rank, targetIndices: indices)
        }
        return CommandOutput(text: PoolReports.targetsChanged(change),
                             response: ["pool": .string(pool), "rank": .number(rank),
                                        "target_idx": .array(indices.map { .number($0) }), "map_version": .number(version)])
    }
}

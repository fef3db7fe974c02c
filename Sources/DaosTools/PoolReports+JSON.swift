import DaosObject

/// The `-j` responses of the pool commands, with DAOS's snake_case keys, and the one-line
/// confirmations of the commands that change pools.
extension PoolReports {
    /// `dmg|daos pool query -j`.
    public static func queryJSON(_ reply: PoolQueryReply) -> JSONValue {
        [
            "uuid": .string(reply.uuid.description),
            "label": .string(reply.label),
            "total_targets": .number(reply.targetsTotal),
            "active_targets": .number(reply.targetsTotal - min(reply.targetsDisabled, reply.targetsTotal)),
            "disabled_targets": .number(reply.targetsDisabled),
            "map_version": .number(reply.mapVersion),
            "leader": .number(reply.leaderRank),
            "open_handles": .number(reply.handlesOpen),
            "tier_stats": .array(reply.tiers.enumerated().map { index, tier in
                [
                    "media_type": .string(index == 0 ? "scm" : "nvme"),
                    "total": .number(tier.totalBytes),
                    "free": .number(tier.freeBytes),
                    "min": .number(tier.freeMinBytes),
                    "max": .number(tier.freeMaxBytes),
                    "mean": .number(meanFreeBytes(tier, targets: reply.targetsTotal)),
                ]
            }),
            "rebuild": [
                "status": .int(-Int64(reply.rebuildStatus.rawValue)),
                "state": .string(rebuildWord(reply.rebuildState)),
                "objects": .number(reply.rebuildObjects),
                "records": .number(reply.rebuildRecords),
            ],
        ]
    }

    /// Free bytes per target, as the text report's `mean:` shows it.
    static func meanFreeBytes(_ tier: TierSpace, targets: UInt32) -> UInt64 {
        targets == 0 ? 0 : tier.freeBytes / UInt64(targets)
    }

    /// `dmg pool list -j`.
    public static func listJSON(_ pools: [PoolSummary]) -> JSONValue {
        ["pools": .array(pools.map { pool in
            [
                "uuid": .string(pool.uuid.description),
                "label": .string(pool.label),
                "state": .string(pool.targetsDisabled == 0 ? "Ready" : "Degraded"),
                "total_targets": .number(pool.targetsTotal),
                "disabled_targets": .number(pool.targetsDisabled),
                "usage": [["tier_name": "SCM", "size": .number(pool.totalBytes), "free": .number(pool.freeBytes)]],
            ]
        })]
    }

    /// `dmg pool create -j`.
    public static func createdJSON(_ reply: PoolCreateReply) -> JSONValue {
        [
            "uuid": .string(reply.uuid.description),
            "svc_ldr": reply.serviceRanks.first.map { .number($0) } ?? .null,
            "svc_reps": .array(reply.serviceRanks.map { .number($0) }),
            "tgt_ranks": .array(reply.storageRanks.map { .number($0) }),
            "tier_bytes": [.number(reply.totalBytes)],
        ]
    }

    /// `dmg pool destroy`.
    public static let destroyed = "Pool-destroy command succeeded\n"

    /// `dmg pool exclude|reintegrate|drain`: DAOS's confirmation for each.
    public static func targetsChanged(_ change: TargetChange) -> String {
        switch change {
        case .exclude: return "Exclude command succeeded\n"
        case .reintegrate: return "Reintegration command succeeded\n"
        case .drain: return "Drain command succeeded\n"
        }
    }
}

/// The three target state changes `dmg pool` offers.
public enum TargetChange: String, Sendable, CaseIterable {
    case exclude, reintegrate, drain

    public var opcode: Opcode {
        switch self {
        case .exclude: return .poolExclude
        case .reintegrate: return .poolReintegrate
        case .drain: return .poolDrain
        }
    }
}

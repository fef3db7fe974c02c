import DaosObject

/// The text `dmg` and `daos` print for pool commands, in DAOS's layout.
public enum PoolReports {
    /// `dmg pool create`.
    public static func created(_ reply: PoolCreateReply, requestedBytes: UInt64) -> String {
        let perRank = reply.storageRanks.isEmpty ? 0 : reply.totalBytes / UInt64(reply.storageRanks.count)
        let rule = String(repeating: "-", count: 48)
        return """
            Creating DAOS pool with automatic storage allocation: \(Humanize.bytes(requestedBytes)) total
            Pool created with 100.00% storage tier ratio
            \(rule)
              UUID                 : \(reply.uuid)
              Service Leader       : \(reply.serviceRanks.first.map(String.init) ?? "-")
              Service Ranks        : \(Humanize.ranks(reply.serviceRanks))
              Storage Ranks        : \(Humanize.ranks(reply.storageRanks))
              Total Size           : \(Humanize.bytes(reply.totalBytes))
              Storage tier 0 (SCM) : \(Humanize.bytes(reply.totalBytes)) (\(Humanize.bytes(perRank)) / rank)

            """
    }

    /// `daos pool query` / `dmg pool query`.
    public static func query(_ reply: PoolQueryReply) -> String {
        var lines = [
            "Pool \(reply.uuid), ntarget=\(reply.targetsTotal), disabled=\(reply.targetsDisabled), leader=\(reply.leaderRank), version=\(reply.mapVersion)",
            "Pool space info:",
            "- Target(VOS) count:\(reply.targetsTotal - reply.targetsDisabled)",
        ]
        for (index, tier) in reply.tiers.enumerated() {
            let name = index == 0 ? "SCM" : "NVMe"
            let mean = meanFreeBytes(tier, targets: reply.targetsTotal)
            lines.append("- Storage tier \(index) (\(name)):")
            lines.append("  Total size: \(Humanize.bytes(tier.totalBytes))")
            lines.append("  Free: \(Humanize.bytes(tier.freeBytes)), min:\(Humanize.bytes(tier.freeMinBytes)), "
                         + "max:\(Humanize.bytes(tier.freeMaxBytes)), mean:\(Humanize.bytes(mean))")
        }
        lines.append("Rebuild \(rebuildWord(reply.rebuildState)), \(reply.rebuildObjects) objs, \(reply.rebuildRecords) recs")
        return lines.joined(separator: "\n") + "\n"
    }

    static func rebuildWord(_ state: RebuildState) -> String {
        switch state {
        case .idle: return "idle"
        case .busy: return "busy"
        case .done: return "done"
        case .failed: return "failed"
        }
    }

    /// `dmg pool list`.
    public static func list(_ reply: PoolListReply) -> String {
        guard !reply.pools.isEmpty else { return "No pools in system\n" }
        let labelWidth = max(4, reply.pools.map(\.label.count).max() ?? 0)
        func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
        var lines = [pad("Pool", labelWidth) + " Size   State Used Imbalance Disabled",
                     pad("----", labelWidth) + " ----   ----- ---- --------- --------"]
        for pool in reply.pools {
            let used = pool.totalBytes == 0 ? 0 : (pool.totalBytes - min(pool.freeBytes, pool.totalBytes)) * 100 / pool.totalBytes
            let state = pool.targetsDisabled == 0 ? "Ready" : "Degraded"
            lines.append(pad(pool.label, labelWidth) + " " + pad(Humanize.bytes(pool.totalBytes), 6) + " " + pad(state, 5)
                         + " \(used)%   0%        \(pool.targetsDisabled)/\(pool.targetsTotal)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

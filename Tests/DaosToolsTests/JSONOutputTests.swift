import DaosObject
import DaosTools
import Testing

@Suite struct JSONOutputTests {
    static let uuid = WireUUID("0477964f-3d74-4053-ba42-ac0c0f9feb95")!

    @Test func rendersInOrderWithTwoSpaceIndent() {
        let value: JSONValue = ["b": 1, "a": [true, nil, "x"], "empty": [], "none": .object([]), "big": .uint(UInt64.max),
                                "negative": .number(-5)]
        #expect(value.rendered() == """
            {
              "b": 1,
              "a": [
                true,
                null,
                "x"
              ],
              "empty": [],
              "none": {},
              "big": 18446744073709551615,
              "negative": -5
            }
            """)
    }

    @Test func escapesStrings() {
        let value = JSONValue.string("quote\" back\\ nl\n tab\t bell\u{07} é")
        #expect(value.rendered() == #""quote\" back\\ nl\n tab\t bell\u0007 é""#)
    }

    @Test func poolQueryReply() {
        let reply = PoolQueryReply(
            uuid: Self.uuid, label: "tank", mapVersion: 3, leaderRank: 1, targetsTotal: 12, targetsDisabled: 4, handlesOpen: 2,
            tiers: [TierSpace(totalBytes: 4 << 30, freeBytes: 3 << 30, freeMaxBytes: 300, freeMinBytes: 200)],
            rebuildState: .busy, rebuildStatus: .success, rebuildObjects: 81, rebuildRecords: 6_798_049_280)
        #expect(PoolReports.queryJSON(reply).rendered() == """
            {
              "uuid": "0477964f-3d74-4053-ba42-ac0c0f9feb95",
              "label": "tank",
              "total_targets": 12,
              "active_targets": 8,
              "disabled_targets": 4,
              "map_version": 3,
              "leader": 1,
              "open_handles": 2,
              "tier_stats": [
                {
                  "media_type": "scm",
                  "total": 4294967296,
                  "free": 3221225472,
                  "min": 200,
                  "max": 300,
                  "mean": 268435456
                }
              ],
              "rebuild": {
                "status": 0,
                "state": "busy",
                "objects": 81,
                "records": 6798049280
              }
            }
            """)
    }

    @Test func successEnvelope() {
        let outcome = RenderedOutcome(.success(CommandOutput(text: "text\n", response: ["uuid": "u"])), tool: "dmg", json: true)
        #expect(outcome.standardOutput == """
            {
              "response": {
                "uuid": "u"
              },
              "error": null,
              "status": 0
            }

            """)
        #expect(outcome.standardError.isEmpty)
        #expect(outcome.exitStatus == 0)
        let text = RenderedOutcome(.success(CommandOutput(text: "text\n", response: ["uuid": "u"])), tool: "dmg", json: false)
        #expect(text == RenderedOutcome(.success(CommandOutput(text: "text\n")), tool: "dmg", json: false))
        #expect(text.standardOutput == "text\n")
    }

    @Test func failureIsOneLineAndStatusOne() {
        let failure = CommandFailure(ClientError.failed(.nonexistent, detail: "no pool 'tank'\nsecond line"))
        let text = RenderedOutcome(.failure(failure), tool: "daos", json: false)
        #expect(text.standardOutput.isEmpty)
        #expect(text.standardError == "ERROR: daos: DER_NONEXIST(-1005): no pool 'tank' second line\n")
        #expect(text.exitStatus == 1)

        let json = RenderedOutcome(.failure(failure), tool: "daos", json: true)
        #expect(json.standardOutput == """
            {
              "response": null,
              "error": "DER_NONEXIST(-1005): no pool 'tank' second line",
              "status": -1005
            }

            """)
        #expect(json.standardError == text.standardError)
        #expect(json.exitStatus == 1)
    }

    @Test func failureStatusesByOrigin() {
        #expect(CommandFailure(ToolError.badArgument("x")).status == .invalidArgument)
        #expect(CommandFailure(ToolError.failed("x")).status.rawValue == 1025)
        #expect(CommandFailure(ControlError.notRunning(path: "/s", errno: 2)).status == .unreachable)
        #expect(CommandFailure(ClientError.system(.unreadable(path: "/nope", errno: 2))).status == .unreachable)
        #expect(CommandFailure(ClientError.system(.unreadable(path: "/nope", errno: 2))).reason.hasPrefix("cannot read the system file /nope"))
    }

    @Test func partialFailurePrintsReportThenError() {
        let output = CommandOutput(text: "table\n", response: ["results": []],
                                   failure: CommandFailure(reason: "system stop failed on rank 2", status: CommandFailure.miscellaneous))
        let outcome = RenderedOutcome(.success(output), tool: "dmg", json: false)
        #expect(outcome.standardOutput == "table\n")
        #expect(outcome.standardError == "ERROR: dmg: system stop failed on rank 2\n")
        #expect(outcome.exitStatus == 1)
        let json = RenderedOutcome(.success(output), tool: "dmg", json: true)
        #expect(json.standardOutput.contains("\"results\": []"))
        #expect(json.standardOutput.contains("\"status\": -1025"))
    }

    @Test func poolListAndCreateJSON() {
        let pools = [PoolSummary(uuid: Self.uuid, label: "tank", totalBytes: 100, freeBytes: 40, targetsTotal: 12, targetsDisabled: 0)]
        let list = PoolReports.listJSON(pools).rendered()
        #expect(list.contains("\"label\": \"tank\""))
        #expect(list.contains("\"state\": \"Ready\""))
        #expect(list.contains("\"free\": 40"))
        let created = PoolReports.createdJSON(PoolCreateReply(uuid: Self.uuid, serviceRanks: [0], storageRanks: [0, 1, 2], totalBytes: 4 << 30))
        #expect(created.rendered().contains("\"svc_ldr\": 0"))
        #expect(created.rendered().contains("\"tier_bytes\": [\n    4294967296\n  ]"))
    }
}

@testable import H5VolDaos
import Testing

@Suite struct ConnectorConfigTests {
    @Test func infoStringsParseAndPrintBack() throws {
        let config = try ConnectorConfig(infoString: "pool=tank; sys=/tmp/system,oclass=S1 chunk_target_size=4MiB")
        #expect(config.pool == "tank")
        #expect(config.systemFile == "/tmp/system")
        #expect(config.objectClass == "S1")
        #expect(config.chunkTargetBytes == 4 << 20)
        #expect(try ConnectorConfig(infoString: config.infoString) == config)
        #expect(try ConnectorConfig(infoString: "") == ConnectorConfig())
    }

    @Test func badInfoStringsAreRefused() {
        #expect(throws: VolError.self) { try ConnectorConfig(infoString: "tank") }
        #expect(throws: VolError.self) { try ConnectorConfig(infoString: "pool=") }
        #expect(throws: VolError.self) { try ConnectorConfig(infoString: "colour=red") }
        #expect(throws: VolError.self) { try ConnectorConfig(infoString: "chunk_target_size=lots") }
    }

    @Test func environmentPrecedence() throws {
        let environment: [String: String] = ["DAOS_POOL": "envpool", "DAOS_SYSTEM_FILE": "/env/system",
                                             "HDF5_DAOS_OBJ_CLASS": "SX", "HDF5_DAOS_CHUNK_TARGET_SIZE": "65536"]
        let given = ConnectorConfig(pool: "infopool", systemFile: "/info/system", objectClass: "S2", chunkTargetBytes: 1)
        let resolved = try given.resolved { environment[$0] }
        #expect(resolved.pool == "envpool")
        #expect(resolved.systemFile == "/info/system")
        #expect(resolved.objectClass == "S2")
        #expect(resolved.chunkTargetBytes == 65536)
        let empty = try ConnectorConfig().resolved { environment[$0] }
        #expect(empty.systemFile == "/env/system")
        #expect(empty.objectClass == "SX")
        #expect(try ConnectorConfig().resolved { _ in nil }.effectiveChunkTargetBytes == 1 << 20)
        #expect(try ConnectorConfig(chunkTargetBytes: 0).resolved { _ in nil }.effectiveChunkTargetBytes
                == ConnectorConfig.chunkTargetBytesMax)
    }

    @Test func pathsResolveLikeHDF5() {
        #expect(Paths.components("/a//b/./c/") == ["a", "b", "c"])
        #expect(Paths.join("/g", "x/y") == "/g/x/y")
        #expect(Paths.join(nil, "x") == nil)
        #expect(Paths.join(nil, "/x") == "/x")
        #expect(Paths.join("/", ".") == "/")
        #expect(!Paths.isValidLinkName("a/b"))
        #expect(!Paths.isValidLinkName("."))
        #expect(Paths.isValidLinkName("a b"))
    }
}

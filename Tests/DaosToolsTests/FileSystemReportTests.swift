import DaosFS
import DaosObject
import DaosTools
import Testing

/// `daos fs`: its arguments (`daos://POOL/CONT/path`, set-attr values) and its reports.
@Suite struct FileSystemReportTests {
    static let fileClass = ObjectClass(redundancy: .ec2P1, groups: .count(1))

    static func file() throws -> (DirectoryEntry, FileStatus) {
        let inode = Inode(mode: FileMode(kind: .regular, permissions: 0o640),
                          oid: ObjectID(userHi: 2, lo: 5, type: .byteArray, redundancy: .ec2P1, groups: 1),
                          time: Timestamp(nanoseconds: 1_700_000_000_000_000_000), chunkSize: 1 << 20, objectClass: fileClass,
                          uid: 1000, gid: 100)
        let entry = DirectoryEntry(path: try FilePath("/run/out.bin"), parent: ObjectID(lo: 9, type: .multiHashed, redundancy: .none,
                                                                                         groups: 1),
                                   name: "out.bin", inode: inode)
        return (entry, FileStatus(inode: inode, size: 12_345, chunkSize: 1 << 20, fileClass: fileClass))
    }

    @Test func copyEndpoints() throws {
        #expect(try CopyEndpoint(parsing: "daos://tank/c1/a/b.bin", what: "--src") == .daos(pool: "tank", container: "c1", path: "/a/b.bin"))
        #expect(try CopyEndpoint(parsing: "daos://tank/c1", what: "--src") == .daos(pool: "tank", container: "c1", path: "/"))
        #expect(try CopyEndpoint(parsing: "daos://tank/c1/", what: "--src") == .daos(pool: "tank", container: "c1", path: "/"))
        #expect(try CopyEndpoint(parsing: "./local.bin", what: "--src") == .local("./local.bin"))
        #expect(try CopyEndpoint(parsing: "daos://tank/c1/x", what: "--dst").description == "daos://tank/c1/x")
        #expect(throws: ToolError.self) { try CopyEndpoint(parsing: "daos://tank", what: "--src") }
        #expect(throws: ToolError.self) { try CopyEndpoint(parsing: "daos:///c1/x", what: "--src") }
        #expect(throws: ToolError.self) { try CopyEndpoint(parsing: "", what: "--dst") }
        #expect(throws: ToolError.self) { try CopyEndpoint(parsing: "daos://" + String(repeating: "p", count: 200) + "/c/x", what: "--dst") }
    }

    @Test func setAttributeArguments() throws {
        let (oclass, chunk) = try FileSystemAttributeArguments.parse(objectClass: "rp_2g1", chunkSize: "64KiB")
        #expect(oclass == ObjectClass(redundancy: .replicas2, groups: .count(1)) && chunk == 65_536)
        #expect(throws: ToolError.self) { try FileSystemAttributeArguments.parse(objectClass: nil, chunkSize: nil) }
        #expect(throws: ToolError.self) { try FileSystemAttributeArguments.parse(objectClass: "EC_9P9", chunkSize: nil) }
        #expect(throws: ToolError.self) { try FileSystemAttributeArguments.parse(objectClass: nil, chunkSize: "0") }
    }

    @Test func reports() throws {
        let (entry, status) = try Self.file()
        #expect(FileSystemReports.attributes(status) == "Object Class = EC_2P1G1\nObject Chunk Size = 1048576\n")
        #expect(FileSystemReports.attributesJSON(status).rendered() == """
            {
              "oclass": "EC_2P1G1",
              "chunk_size": 1048576
            }
            """)
        #expect(FileSystemReports.list([entry], statuses: nil) == "out.bin\n")
        #expect(FileSystemReports.list([entry], statuses: [status]) == """
            Mode       UID  GID Size  Class    Modified (UTC)      Name
            ----       ---  --- ----  -----    --------------      ----
            -rw-r----- 1000 100 12345 EC_2P1G1 2023-11-14 22:13:20 out.bin

            """)
        let text = FileSystemReports.stat(entry, status)
        #expect(text.contains("  Path          : /run/out.bin\n") && text.contains("  Mode          : -rw-r----- (0640)\n"))
        #expect(text.contains("  Chunk Size    : 1 MiB\n") && text.contains("  Owner         : 1000:100\n"))
        #expect(FileSystemReports.progress(done: 64 << 20, total: 130 << 20) == "copy: 64 MiB of 130 MiB (49%)\n")
    }

    @Test func errorsKeepTheirErrno() {
        let failure = CommandFailure(FileSystemError.notEmpty("/a is a directory with entries"))
        #expect(failure.reason == "/a is a directory with entries (ENOTEMPTY)")
        #expect(CommandFailure(FileSystemError.noEntry("x")).status == .nonexistent)
        #expect(CommandFailure(FileSystemError.noSpace("x")).status == .noSpace)
    }
}

import Testing

@testable import DaosFS

/// Path parsing: normalisation, `..`, trailing slashes, limits.
@Suite struct FilePathTests {
    @Test(arguments: [
        ("/", [String](), false),
        ("//", [], false),
        (".", [], false),
        ("/..", [], false),
        ("a", ["a"], false),
        ("/a/b", ["a", "b"], false),
        ("//a/./b/", ["a", "b"], true),
        ("/a//b/.", ["a", "b"], true),
        ("/a/b/..", ["a"], true),
        ("/a/../../b", ["b"], false),
        ("/a/b/../c", ["a", "c"], false),
        ("/..a/b..", ["..a", "b.."], false),
        ("/é/日本", ["é", "日本"], false),
    ])
    func normalises(text: String, components: [String], mustBeDirectory: Bool) throws {
        let path = try FilePath(text)
        #expect(path.components == components)
        #expect(path.mustBeDirectory == mustBeDirectory)
        #expect(path.description == "/" + components.joined(separator: "/"))
    }

    @Test func parentAndName() throws {
        let path = try FilePath("/a/b/c")
        #expect(path.name == "c")
        #expect(path.parent?.components == ["a", "b"])
        #expect(FilePath.root.parent == nil)
        #expect(FilePath.root.name == nil)
        #expect(try FilePath("/x").parent == .root)
    }

    @Test func refusals() throws {
        #expect(throws: FileSystemError.invalidArgument("empty path")) { try FilePath("") }
        #expect(throws: FileSystemError.invalidArgument("path contains a NUL byte")) { try FilePath("/a\u{0}b") }
        let longName = String(repeating: "n", count: 256)
        #expect(throws: FileSystemError.self) { try FilePath("/" + longName) }
        #expect(try FilePath("/" + String(repeating: "n", count: 255)).components.count == 1)
        let longPath = String(repeating: "/abc", count: 1025)  // 4,100 bytes
        #expect(throws: FileSystemError.self) { try FilePath(longPath) }
        do {
            _ = try FilePath("/" + longName)
        } catch {
            #expect(error.errno == FileSystemError.nameTooLong("").errno)
        }
    }

    @Test func insideChecks() throws {
        let a = try FilePath("/a")
        #expect(try FilePath("/a/b").isSame(asOrInside: a))
        #expect(try FilePath("/a").isSame(asOrInside: a))
        #expect(!(try FilePath("/ab").isSame(asOrInside: a)))
        #expect(!(try FilePath("/").isSame(asOrInside: a)))
        #expect(try FilePath("/x").isSame(asOrInside: .root))
    }

    @Test func entryNames() throws {
        try EntryName.check("file.txt")
        #expect(throws: FileSystemError.self) { try EntryName.check("") }
        #expect(throws: FileSystemError.self) { try EntryName.check(".") }
        #expect(throws: FileSystemError.self) { try EntryName.check("..") }
        #expect(throws: FileSystemError.self) { try EntryName.check("a/b") }
        #expect(throws: FileSystemError.self) { try EntryName.check(String(repeating: "x", count: 256)) }
        #expect(throws: FileSystemError.self) { try FilePath.root.appending("a/b") }
        #expect(try FilePath.root.appending("a").components == ["a"])
    }
}

import DaosObject

/// The arguments of `dmg pool create` and `daos container create` that need more than
/// ArgumentParser's type checks. Checked in `run()` rather than in ArgumentParser transforms so
/// a bad value is the tools' one-line error with exit status 1, like every other failure.
public enum CreateArguments {
    /// A label given as `--label NAME` (older DAOS) or positionally (DAOS 2.x); one is required,
    /// and both must agree.
    public static func label(option: String?, positional: String?, what: String) throws(ToolError) -> String {
        if let option, let positional, option != positional {
            throw .badArgument("\(what) label given twice ('\(option)' and '\(positional)')")
        }
        guard let label = option ?? positional else { throw .badArgument("a \(what) label is required") }
        return label
    }

    /// `--size 4G`, `--size=512MiB`, or a byte count.
    public static func size(_ text: String) throws(ToolError) -> UInt64 {
        guard let bytes = ByteSize.parse(text), bytes > 0 else {
            throw .badArgument("size '\(text.prefix(40))': expected a size such as 4G, 512MiB or a byte count")
        }
        return bytes
    }

    /// The properties of `daos container create`: `--properties` plus the flags DAOS offers as
    /// shortcuts for some of them. A property given both ways is an error, not a silent pick.
    public static func containerProperties(
        properties: String?, fileObjectClass: String?, directoryObjectClass: String?, chunkSize: String?
    ) throws(ToolError) -> [ContainerProperty] {
        var result = try PropertyParser.containerProperties(properties ?? "")
        var shortcuts: [(flag: String, property: ContainerProperty)] = []
        if let fileObjectClass {
            shortcuts.append(("--file-oclass", .fileObjectClass(try PropertyParser.objectClass(fileObjectClass))))
        }
        if let directoryObjectClass {
            shortcuts.append(("--dir-oclass", .directoryObjectClass(try PropertyParser.objectClass(directoryObjectClass))))
        }
        if let chunkSize {
            guard let bytes = ByteSize.parse(chunkSize), bytes > 0 else {
                throw .badArgument("--chunk-size \(chunkSize.prefix(40)): expected a size such as 1MiB")
            }
            shortcuts.append(("--chunk-size", .chunkSizeBytes(bytes)))
        }
        for (flag, property) in shortcuts {
            guard !result.contains(where: { $0.tag == property.tag }) else {
                throw .badArgument("\(flag) repeats a property given in --properties")
            }
            result.append(property)
        }
        guard result.count <= WireLimits.propertiesMax else { throw .badArgument("more than \(WireLimits.propertiesMax) properties") }
        return result
    }

    /// `--type`; absent means DAOS's default, an untyped (`unknown`) container.
    public static func containerType(_ text: String?) throws(ToolError) -> ContainerType {
        guard let text else { return .none }
        return try PropertyParser.containerType(text)
    }
}

/// DAOS puts global options before the command (`dmg -j pool query tank`,
/// `daos --sys-file F pool query tank`); ArgumentParser reads a subcommand's options only after
/// its name. Every leaf command declares the global options, and this moves the ones written
/// before the first command word to the end of the command line (before a `--`, if any).
public enum GlobalArguments {
    /// `flags` take no value (`-j`); `options` take one, as `--name value` or `--name=value`.
    public static func hoisted(_ arguments: [String], flags: Set<String>, options: Set<String>) -> [String] {
        var leading: [String] = []
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            if flags.contains(word) {
                leading.append(word)
                index += 1
            } else if options.contains(word), index + 1 < arguments.count {
                leading += [word, arguments[index + 1]]
                index += 2
            } else if let equals = word.firstIndex(of: "="), options.contains(String(word[..<equals])) {
                leading.append(word)
                index += 1
            } else {
                break
            }
        }
        guard !leading.isEmpty else { return arguments }
        var rest = Array(arguments[index...])
        rest.insert(contentsOf: leading, at: rest.firstIndex(of: "--") ?? rest.count)
        return rest
    }

    public static let toolFlags: Set<String> = ["-j", "--json"]
    public static let toolOptions: Set<String> = ["--sys-file"]
}

import DaosObject

/// The link records of small groups, read in one go for files opened read-only. H5Dopen of a
/// dataset by name is two round trips, the link and then the dataset's records; with the
/// group's links at hand it is one. A group's table is made at its first lookup: its dkeys
/// listed (up to `linksMax` links; a larger group is never tabled) and their records fetched
/// `recordsPerFetch` at a time.
///
/// Rules that keep it right:
/// - only read-only handles use the tables; a name not in a table is fetched as before (no
///   negative entries), so a link made since is still found;
/// - every change of a group's links made in this process, through any handle on the same
///   container, forgets that group's table (`Location.writeLink`, `appendLink`,
///   `removeLink`);
/// - what another process changes while this one has the file open read-only may not be seen
///   until the file is opened again, as with native HDF5 without SWMR.
final class LinkTables {
    static let linksMax = 256
    static let recordsPerFetch = 64

    private var tables: [ObjectID: [String: LinkRecord]] = [:]
    /// Groups found too large to table (or erasure-coded): not listed again.
    private var untabled: Set<ObjectID> = []

    /// The record of `name` in `group` from its table (made now if need be); nil when the
    /// table does not have it or the group has none.
    func record(_ name: String, in group: StoredObject) throws(VolError) -> LinkRecord? {
        if let table = tables[group.id] { return table[name] }
        guard !untabled.contains(group.id) else { return nil }
        // A group's other dkeys: its metadata and its attributes.
        guard let dkeys = try group.dkeys(ifAtMost: Self.linksMax + 2) else {
            untabled.insert(group.id)
            return nil
        }
        let names = dkeys.filter(Keys.isLinkName)
        var table: [String: LinkRecord] = [:]
        for start in stride(from: 0, to: names.count, by: Self.recordsPerFetch) {
            let batch = names[start..<min(start + Self.recordsPerFetch, names.count)]
            let records = try group.get(batch.map { (dkey: $0, akeys: [Keys.link]) })
            for (dkey, values) in zip(batch, records) {
                guard let bytes = values[0] else { continue }
                table[String(decoding: dkey, as: UTF8.self)] = try LinkRecord(decoding: bytes)
            }
        }
        tables[group.id] = table
        return table[name]
    }

    /// Drops `group`'s table: its links changed.
    func forget(_ group: ObjectID) {
        tables[group] = nil
    }
}

import DaosObject

/// One DAOS object as the connector uses it: single values under byte dkeys/akeys (metadata,
/// links, attributes) and arrays of records (dataset chunks).
struct StoredObject {
    let handle: ObjectHandle

    var id: ObjectID { handle.id }

    /// Room given to each value on a first fetch; a larger value is fetched again at its size.
    static let fetchSlotBytes = 1024

    /// Writes single values under one dkey, at one epoch.
    func put(_ dkey: [UInt8], _ values: [(akey: [UInt8], value: [UInt8])]) throws(VolError) {
        try put([(dkey, values)])
    }

    /// Writes single values under several dkeys in one call: one epoch, and the dkeys' updates
    /// sent at once (one round trip instead of one per dkey).
    func put(_ entries: [(dkey: [UInt8], values: [(akey: [UInt8], value: [UInt8])])]) throws(VolError) {
        precondition(!entries.isEmpty, "an update writes something")
        var data: [UInt8] = []
        var parts: [ObjectHandle.DkeyIO] = []
        for (dkey, values) in entries {
            precondition(!values.isEmpty, "an update writes something")
            precondition(values.allSatisfy { !$0.value.isEmpty }, "an empty single value would be a punch")
            let start = data.count
            var iods: [IODescriptor] = []
            for (akey, value) in values {
                iods.append(IODescriptor(akey: .bytes(akey), value: .single(sizeBytes: UInt64(value.count))))
                data.append(contentsOf: value)
            }
            parts.append(ObjectHandle.DkeyIO(dkey: .bytes(dkey), iods: iods, range: start..<data.count))
        }
        let handle = self.handle
        let count = entries.reduce(0) { $0 + $1.values.count }
        try store("write of \(count) value(s) of object \(id)") { () throws(ClientError) in
            try withBytes(of: data) { (raw) throws(ClientError) in
                _ = try handle.update(parts, data: raw)
            }
        }
    }

    func put(_ dkey: [UInt8], _ akey: [UInt8], _ value: [UInt8]) throws(VolError) {
        try put(dkey, [(akey, value)])
    }

    /// Reads single values under one dkey; nil where nothing is stored.
    func get(_ dkey: [UInt8], _ akeys: [[UInt8]]) throws(VolError) -> [[UInt8]?] {
        try get([(dkey, akeys)])[0]
    }

    /// Reads single values under several dkeys in one call (the dkeys' fetches sent at once:
    /// one round trip instead of one per dkey); per dkey, nil where nothing is stored.
    func get(_ entries: [(dkey: [UInt8], akeys: [[UInt8]])]) throws(VolError) -> [[[UInt8]?]] {
        precondition(!entries.isEmpty, "a fetch reads something")
        let slot = Self.fetchSlotBytes
        var parts: [ObjectHandle.DkeyIO] = []
        var end = 0
        for (dkey, akeys) in entries {
            precondition(!akeys.isEmpty, "a fetch reads something")
            let iods = akeys.map { IODescriptor(akey: .bytes($0), value: .single(sizeBytes: UInt64(slot))) }
            parts.append(ObjectHandle.DkeyIO(dkey: .bytes(dkey), iods: iods, range: end..<end + slot * akeys.count))
            end += slot * akeys.count
        }
        var buffer = [UInt8](repeating: 0, count: end)
        let found = try fetch(parts, into: &buffer)
        var result: [[[UInt8]?]] = []
        for (index, (dkey, akeys)) in entries.enumerated() {
            let base = parts[index].range.lowerBound
            var values: [[UInt8]?] = []
            for (position, value) in found[index].enumerated() {
                let size = Int(value.sizeBytes)
                let start = base + position * slot
                if size == 0 {
                    values.append(nil)
                } else if size <= slot {
                    values.append(Array(buffer[start..<start + size]))
                } else {
                    values.append(try exactValue(dkey, akeys[position], size: size))
                }
            }
            result.append(values)
        }
        return result
    }

    /// A value larger than its first fetch's slot, fetched again at its size.
    private func exactValue(_ dkey: [UInt8], _ akey: [UInt8], size: Int) throws(VolError) -> [UInt8]? {
        var exact = [UInt8](repeating: 0, count: size)
        let part = ObjectHandle.DkeyIO(dkey: .bytes(dkey), iods: [IODescriptor(akey: .bytes(akey), value: .single(sizeBytes: UInt64(size)))],
                                       range: 0..<size)
        let again = try fetch([part], into: &exact)[0]
        // The value may have changed between the two fetches: take what the second saw.
        let now = Int(again.first?.sizeBytes ?? 0)
        return now == 0 ? nil : Array(exact.prefix(min(now, size)))
    }

    func get(_ dkey: [UInt8], _ akey: [UInt8]) throws(VolError) -> [UInt8]? {
        try get(dkey, [akey])[0]
    }

    private func fetch(_ parts: [ObjectHandle.DkeyIO], into buffer: inout [UInt8]) throws(VolError) -> [[FetchedValue]] {
        let handle = self.handle
        let found = try store("read of object \(id)") { () throws(ClientError) -> [[FetchedValue]] in
            try withMutableBytes(of: &buffer) { (raw) throws(ClientError) -> [[FetchedValue]] in
                try handle.fetch(parts, into: raw)
            }
        }
        guard found.count == parts.count, zip(found, parts).allSatisfy({ $0.count == $1.iods.count }) else {
            throw VolError("object \(id): a fetch answered fewer values than asked")
        }
        return found
    }

    /// Every dkey of the object (in no particular order).
    func dkeys() throws(VolError) -> [[UInt8]] {
        let handle = self.handle
        return try store("listing object \(id)") { () throws(ClientError) in try handle.listDkeys() }.compactMap(Self.bytes)
    }

    /// Every akey under `dkey`.
    func akeys(_ dkey: [UInt8]) throws(VolError) -> [[UInt8]] {
        let handle = self.handle
        return try store("listing object \(id)") { () throws(ClientError) in try handle.listAkeys(dkey: .bytes(dkey)) }
            .compactMap(Self.bytes)
    }

    func punch(dkeys: [[UInt8]]) throws(VolError) {
        guard !dkeys.isEmpty else { return }
        let handle = self.handle
        for start in stride(from: 0, to: dkeys.count, by: WireLimits.punchKeysMax) {
            let batch = dkeys[start..<min(start + WireLimits.punchKeysMax, dkeys.count)].map { WireKey.bytes($0) }
            try store("punch of object \(id)") { () throws(ClientError) in _ = try handle.punch(.dkeys(batch)) }
        }
    }

    func punch(dkey: [UInt8], akeys: [[UInt8]]) throws(VolError) {
        guard !akeys.isEmpty else { return }
        let handle = self.handle
        try store("punch of object \(id)") { () throws(ClientError) in
            _ = try handle.punch(.akeys(dkey: .bytes(dkey), akeys: akeys.map { .bytes($0) }))
        }
    }

    /// Punches the whole object: every dkey, every value.
    func punchAll() throws(VolError) {
        let handle = self.handle
        try store("punch of object \(id)") { () throws(ClientError) in _ = try handle.punch(.object) }
    }

    // MARK: - Arrays of records (dataset chunks)

    /// Writes `extents` of `recordBytes`-byte records; their data back to back in `data`.
    func writeRecords(dkey: [UInt8], akey: [UInt8], recordBytes: Int, extents: [WireExtent],
                      data: UnsafeRawBufferPointer) throws(VolError) {
        precondition(!extents.isEmpty, "a write covers records")
        try writeRecords([ChunkRecords(dkey: dkey, extents: extents, range: 0..<data.count)], akey: akey, recordBytes: recordBytes,
                         data: data)
    }

    /// Reads `extents` into `buffer` back to back; returns the requested records no data covers
    /// (their bytes are zero).
    func readRecords(dkey: [UInt8], akey: [UInt8], recordBytes: Int, extents: [WireExtent],
                     into buffer: UnsafeMutableRawBufferPointer) throws(VolError) -> [WireExtent] {
        precondition(!extents.isEmpty, "a read covers records")
        return try readRecords([ChunkRecords(dkey: dkey, extents: extents, range: 0..<buffer.count)], akey: akey,
                               recordBytes: recordBytes, into: buffer)[0]
    }

    private static func bytes(_ key: WireKey) -> [UInt8]? {
        if case .bytes(let bytes) = key { bytes } else { nil }
    }
}

extension StoredObject {
    /// One chunk's share of a multi-chunk transfer: records of one dkey and where their bytes
    /// lie in the transfer's buffer.
    struct ChunkRecords {
        let dkey: [UInt8]
        let extents: [WireExtent]
        let range: Range<Int>
    }

    /// Writes several chunks' records in one call (every shard request at once, one epoch; one
    /// chunk is a plain update).
    /// No chunk may appear twice: records written twice at one epoch have no defined winner.
    func writeRecords(_ chunks: [ChunkRecords], akey: [UInt8], recordBytes: Int, data: UnsafeRawBufferPointer) throws(VolError) {
        let parts = chunks.map { ObjectHandle.DkeyIO(dkey: .bytes($0.dkey), iods: [Self.iod(akey, recordBytes, $0.extents)], range: $0.range) }
        let handle = self.handle
        try store("write of \(chunks.count) chunk(s) of object \(id)") { () throws(ClientError) in
            _ = try handle.update(parts, data: data)
        }
    }

    /// Reads several chunks' records in one call; per chunk, the requested records no data
    /// covers (their bytes are zero).
    func readRecords(_ chunks: [ChunkRecords], akey: [UInt8], recordBytes: Int,
                     into buffer: UnsafeMutableRawBufferPointer) throws(VolError) -> [[WireExtent]] {
        let parts = chunks.map { ObjectHandle.DkeyIO(dkey: .bytes($0.dkey), iods: [Self.iod(akey, recordBytes, $0.extents)], range: $0.range) }
        let handle = self.handle
        let found = try store("read of \(chunks.count) chunk(s) of object \(id)") { () throws(ClientError) in
            try handle.fetch(parts, into: buffer)
        }
        return zip(chunks, found).map { chunk, values in
            guard let value = values.first else { return chunk.extents }
            return value.sizeBytes == 0 ? chunk.extents : value.holes
        }
    }

    private static func iod(_ akey: [UInt8], _ recordBytes: Int, _ extents: [WireExtent]) -> IODescriptor {
        IODescriptor(akey: .bytes(akey), value: .array(recordSizeBytes: UInt32(recordBytes), extents: extents))
    }
}

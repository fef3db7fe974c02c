import CHDF5
import DaosObject

/// Creating, opening, deleting and probing HDF5 files (containers of type HDF5). In a
/// parallel open rank 0 talks to the pool and container services and broadcasts the handles
/// (DAOS's local2global), so the other ranks never connect themselves.
enum FileAccess {
    /// The connector configuration a FAPL carries (its info, its custom properties) with the
    /// environment applied. A FAPL without our info (file-open auto-detection) uses the
    /// environment alone.
    static func config(fapl: hid_t) throws(VolError) -> ConnectorConfig {
        var config = ConnectorConfig()
        var info: UnsafeMutableRawPointer?
        if fapl > 0, H5Pget_vol_info(fapl, &info) >= 0, let info {
            config = ConnectorInfo.borrow(info).config
            ConnectorInfo.release(info)
        }
        if let oclass = CustomProperties.objectClass(fapl) { config.objectClass = oclass }
        return try config.resolved()
    }

    static func create(name: String, flags: UInt32, fcpl: hid_t, fapl: hid_t) throws(VolError) -> VolFile {
        guard !name.isEmpty else { throw VolError("a file name is not empty") }
        let config = try self.config(fapl: fapl)
        let communicator = try Communicator(fapl: fapl)
        let label = ContainerLabel.forFile(name)
        let truncate = flags & swift_H5F_ACC_TRUNC() != 0
        var opened: OpenContainer?
        let shared = try communicator.rootPerforms { () throws(VolError) -> [UInt8] in
            let pool = try Attachments.shared.pool(config)
            guard !Attachments.shared.isOpen(pool, label: label) else {
                throw VolError("file '\(name)' is already open; close it before creating it again")
            }
            try makeContainer(pool, label: label, name: name, truncate: truncate)
            let container = try Attachments.shared.openContainer(pool, label: label)
            do throws(VolError) {
                try initialize(container, fcpl: fcpl)
            } catch {
                Attachments.shared.release(container)
                try? pool.destroyContainer(label, force: true)
                throw error
            }
            opened = container
            return communicator.isParallel ? HandleTransfer.encode(pool: pool, container: container, fcpl: []) : []
        }
        let container: OpenContainer
        if let opened { container = opened } else { container = try adopt(shared, config: config).container }
        return try VolFile(name: name, container: container, intent: swift_H5F_ACC_RDWR(), fapl: try copy(fapl),
                           fcpl: try copy(fcpl), config: config, communicator: communicator,
                           independentMetadata: CustomProperties.independentMetadata(fapl))
    }

    static func open(name: String, flags: UInt32, fapl: hid_t) throws(VolError) -> VolFile {
        guard !name.isEmpty else { throw VolError("a file name is not empty") }
        let config = try self.config(fapl: fapl)
        let communicator = try Communicator(fapl: fapl)
        let label = ContainerLabel.forFile(name)
        var opened: OpenContainer?
        var fcplBytes: [UInt8] = []
        let shared = try communicator.rootPerforms { () throws(VolError) -> [UInt8] in
            let pool = try Attachments.shared.pool(config)
            let container: OpenContainer
            do throws(VolError) {
                container = try Attachments.shared.openContainer(pool, label: label)
            } catch {
                throw VolError("cannot open file '\(name)' (container '\(label)' in pool '\(pool.label)'): \(error)")
            }
            do throws(VolError) {
                fcplBytes = try readFileMetadata(container, name: name)
            } catch {
                Attachments.shared.release(container)
                throw error
            }
            opened = container
            return communicator.isParallel ? HandleTransfer.encode(pool: pool, container: container, fcpl: fcplBytes) : []
        }
        let container: OpenContainer
        if let opened {
            container = opened
        } else {
            let adopted = try adopt(shared, config: config)
            container = adopted.container
            fcplBytes = adopted.fcpl
        }
        let fcpl: LibraryID
        do throws(VolError) { fcpl = try LibraryEncoding.decodePropertyList(fcplBytes) } catch {
            Attachments.shared.release(container)
            throw error
        }
        let intent = flags & swift_H5F_ACC_RDWR() != 0 ? swift_H5F_ACC_RDWR() : swift_H5F_ACC_RDONLY()
        return try VolFile(name: name, container: container, intent: intent, fapl: try copy(fapl), fcpl: fcpl, config: config,
                           communicator: communicator, independentMetadata: CustomProperties.independentMetadata(fapl))
    }

    /// H5Fdelete: destroys the file's container (rank 0 of the FAPL's communicator).
    static func delete(name: String, fapl: hid_t) throws(VolError) {
        guard !name.isEmpty else { throw VolError("a file name is not empty") }
        let config = try self.config(fapl: fapl)
        let communicator = try Communicator(fapl: fapl)
        let label = ContainerLabel.forFile(name)
        _ = try communicator.rootPerforms { () throws(VolError) -> [UInt8] in
            let pool = try Attachments.shared.pool(config)
            guard let type = try containerType(pool, label: label) else {
                throw VolError("file '\(name)' does not exist (no container '\(label)' in pool '\(pool.label)')")
            }
            guard type == .hdf5 else { throw VolError("container '\(label)' is not an HDF5 file (its type is \(type))") }
            try store("deleting file '\(name)'") { () throws(ClientError) in try pool.destroyContainer(label, force: true) }
            return []
        }
    }

    /// H5Fis_accessible: true when the file's container holds an HDF5 file, false for a
    /// container of another type or when no pool or system is reachable (a name that is not
    /// ours: HDF5 asks every plugin when an open fails); a file that does not exist is an
    /// error, as it is for the native connector.
    static func isAccessible(name: String, fapl: hid_t) throws(VolError) -> Bool {
        guard let config = try? self.config(fapl: fapl), config.pool != nil, !name.isEmpty else { return false }
        guard let pool = try? Attachments.shared.pool(config) else { return false }
        let label = ContainerLabel.forFile(name)
        guard let type = try containerType(pool, label: label) else {
            throw VolError("file '\(name)' does not exist (no container '\(label)' in pool '\(pool.label)')")
        }
        return type == .hdf5
    }

    /// The type of container `label`, or nil when there is none.
    static func containerType(_ pool: PoolConnection, label: String) throws(VolError) -> ContainerType? {
        do throws(ClientError) {
            let connection = try pool.openContainer(label, mode: .readOnly)
            let type = connection.type
            try? connection.close()
            return type
        } catch .failed(.nonexistent, _) {
            return nil
        } catch {
            throw .store(error, "looking up container '\(label)'")
        }
    }

    // MARK: - Steps

    private static func makeContainer(_ pool: PoolConnection, label: String, name: String,
                                      truncate: Bool) throws(VolError) {
        do throws(ClientError) {
            _ = try pool.createContainer(label: label, type: .hdf5)
            return
        } catch .failed(.exists, _) {
            guard truncate else { throw VolError("file '\(name)' already exists (container '\(label)'); use H5F_ACC_TRUNC") }
        } catch {
            throw .store(error, "creating file '\(name)' (container '\(label)')")
        }
        try store("truncating file '\(name)'") { () throws(ClientError) in
            try pool.destroyContainer(label, force: true)
            _ = try pool.createContainer(label: label, type: .hdf5)
        }
    }

    /// The first records of a new file: the format and FCPL, and the root group.
    private static func initialize(_ container: OpenContainer, fcpl: hid_t) throws(VolError) {
        let metadata = try container.object(try container.fixedObjectID(.fileMetadata))
        try metadata.put(Keys.metadata, [(Keys.fileFormat, FileFormat.encoded()),
                                         (Keys.creationProperties, try LibraryEncoding.encode(propertyList: fcpl))])
        let gcpl = try Groups.rootCreationProperties(fcpl: fcpl)
        let root = try container.object(try container.fixedObjectID(.group))
        try root.put(Keys.metadata, [(Keys.creationProperties, try LibraryEncoding.encode(propertyList: gcpl.raw)),
                                     (Keys.referenceCount, StoredCounter.encode(1))])
    }

    /// Checks the container is an HDF5 file of this connector; returns its FCPL bytes.
    private static func readFileMetadata(_ container: OpenContainer, name: String) throws(VolError) -> [UInt8] {
        guard container.connection.type == .hdf5 else {
            throw VolError("container '\(container.label)' is not an HDF5 file (its type is \(container.connection.type))")
        }
        let metadata = try container.object(try container.fixedObjectID(.fileMetadata))
        let values = try metadata.get(Keys.metadata, [Keys.fileFormat, Keys.creationProperties])
        try FileFormat.check(values[0], container: container.label)
        guard let fcpl = values[1] else { throw VolError("file '\(name)' has no creation property list") }
        return fcpl
    }

    private static func adopt(_ bytes: [UInt8], config: ConnectorConfig) throws(VolError)
        -> (container: OpenContainer, fcpl: [UInt8]) {
        let transfer = try HandleTransfer.decode(bytes)
        let pool = try Attachments.shared.pool(config, global: transfer.pool)
        return (try Attachments.shared.openContainer(pool, global: transfer.container), transfer.fcpl)
    }

    private static func copy(_ plist: hid_t) throws(VolError) -> LibraryID {
        try H5Call.id(H5Pcopy(plist), "H5Pcopy")
    }
}

/// What rank 0 broadcasts after opening a file: the pool and container handles
/// (local2global) and the FCPL, each length-prefixed (u32).
enum HandleTransfer {
    static func encode(pool: PoolConnection, container: OpenContainer, fcpl: [UInt8]) -> [UInt8] {
        var writer = ByteWriter()
        writer.writeLengthPrefixed(pool.global(), as: UInt32.self)
        writer.writeLengthPrefixed(container.connection.global(), as: UInt32.self)
        writer.writeLengthPrefixed(fcpl, as: UInt32.self)
        return writer.bytes
    }

    static func decode(_ bytes: [UInt8]) throws(VolError) -> (pool: [UInt8], container: [UInt8], fcpl: [UInt8]) {
        do throws(DecodeError) {
            return try withBytes(of: bytes) { (raw) throws(DecodeError) in
                var reader = ByteReader(raw)
                let pool = try reader.readLengthPrefixedBytes(UInt32.self, limit: 1 << 28)
                let container = try reader.readLengthPrefixedBytes(UInt32.self, limit: 1 << 28)
                let fcpl = try reader.readLengthPrefixedBytes(UInt32.self, limit: 1 << 24)
                try reader.expectEnd()
                return (pool, container, fcpl)
            }
        } catch {
            throw VolError("damaged handle broadcast: \(error)")
        }
    }
}

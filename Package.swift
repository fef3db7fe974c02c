// swift-tools-version: 6.1
// swift-daos: a DAOS-style distributed object store with MPI-IO and HDF5 VOL frontends.
// Module layout and the import rules between modules: ../shared/DESIGN.md §2 and README.md.
import Foundation
import PackageDescription

/// The plugins are dlopen'ed by foreign processes (HDF5 tools, MPI programs) that know nothing of
/// Swift: they carry run paths to the Swift runtime of the toolchain that built them (found on
/// PATH, or SWIFT_RUNTIME_DIR) and to the HDF5 prefix.
let hdf5Prefix = Context.environment["HDF5_PREFIX"] ?? "/opt/hdf5-1.14.5-ompi"
let swiftRuntimeDirectory: String = {
    if let given = Context.environment["SWIFT_RUNTIME_DIR"] { return given }
    for directory in (Context.environment["PATH"] ?? "").split(separator: ":") {
        let swift = URL(fileURLWithPath: String(directory)).appendingPathComponent("swift")
        guard FileManager.default.isExecutableFile(atPath: swift.path) else { continue }
        return swift.resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("lib/swift/linux").path
    }
    return "/opt/swift/usr/lib/swift/linux"
}()
let pluginRunPaths: [String] = [swiftRuntimeDirectory, hdf5Prefix + "/lib"].flatMap { ["-Xlinker", "-rpath", "-Xlinker", $0] }

let package = Package(
    name: "swift-daos",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "DaosObject", targets: ["DaosObject"]),
        // The MPI-IO driver: LD_PRELOAD=libDaosMPIIO.so routes `daos:` files to the store.
        .library(name: "DaosMPIIO", type: .dynamic, targets: ["DaosMPIIO"]),
        .library(name: "DaosFS", targets: ["DaosFS"]),
        .executable(name: "daos-bench", targets: ["daos-bench"]),
        .executable(name: "daos_engine", targets: ["daos_engine"]),
        .executable(name: "daos_server", targets: ["daos_server"]),
        .executable(name: "dmg", targets: ["dmg"]),
        .executable(name: "daos", targets: ["daos"]),
        // The HDF5 VOL connector plugin: libH5VolDaos.so, found by HDF5 through HDF5_PLUGIN_PATH.
        .library(name: "H5VolDaos", type: .dynamic, targets: ["H5VolDaos"]),
    ],
    dependencies: [
        // CLI argument parsing for the executables (daos-bench now; dmg, daos later).
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // daos_server.yml parsing (DaosEngine/Control).
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        // System libraries: a module map plus a shim.h that re-exports C macros as inline getters.
        .systemLibrary(name: "CISAL", pkgConfig: "libisal"),
        .systemLibrary(name: "CFabric", pkgConfig: "libfabric"),
        .systemLibrary(name: "CMPI", pkgConfig: "ompi-c"),
        // HDF5 1.14.5 parallel from the project's prefix; its .pc is written by scripts/setup.sh.
        .systemLibrary(name: "CHDF5", pkgConfig: "swift-daos-hdf5"),

        .target(
            name: "DaosObject", dependencies: ["CISAL", "CFabric"],
            exclude: ["README.md", "Erasure/README.md", "Placement/README.md", "PoolMap/README.md", "Wire/README.md",
                      "Fabric/README.md", "Client/README.md", "RPC/README.md", "Object/README.md",
                      "ObjectEC/README.md"]),
        .target(name: "DaosEngine", dependencies: ["DaosObject", .product(name: "Yams", package: "Yams")], exclude: ["README.md", "VOS/README.md", "Services/README.md", "Control/README.md",
                      "Engine/README.md", "Targets/README.md"]),
        // The real client and engine code over a simulated fabric, clock and threads (DESIGN.md §2, §7).
        .target(name: "DaosSimulation", dependencies: ["DaosObject", "DaosEngine", "CFabric"], exclude: ["README.md"]),
        // PMPI interposer for MPI_File_* (DESIGN.md §10): no Foundation, it lives inside foreign processes.
        .target(name: "DaosMPIIO", dependencies: ["DaosFS", "DaosObject", "CMPI", "CDaosMPIIOLoad"], exclude: ["README.md"],
                linkerSettings: [.unsafeFlags(pluginRunPaths)]),
        // The driver's load-time constructor (C: Swift has none); it calls back into DaosMPIIO.
        .target(name: "CDaosMPIIOLoad"),
        // The POSIX namespace on objects (DAOS's libdfs): no Foundation, the MPI-IO driver loads it.
        .target(name: "DaosFS", dependencies: ["DaosObject"], exclude: ["README.md"]),
        // Client process of the multi-process object tests: writes or verifies seeded objects.
        .executableTarget(name: "object-io-child", dependencies: ["DaosObject"]),
        // Child process of the VOS crash test: runs updates, reports acknowledgements, gets SIGKILLed.
        .executableTarget(name: "vos-crash-child", dependencies: ["DaosEngine"]),

        // What dmg and daos print and parse (DAOS-style reports, --properties), shared by both.
        .target(name: "DaosTools", dependencies: ["DaosObject", "DaosFS", .product(name: "ArgumentParser", package: "swift-argument-parser")],
                exclude: ["README.md"]),

        // Process entry points; their logic lives in DaosEngine (engine, server) and DaosTools (CLIs).
        .executableTarget(name: "daos_engine", dependencies: ["DaosEngine", "DaosObject"]),
        .executableTarget(name: "daos_server", dependencies: ["DaosEngine", "DaosObject",
                                                             .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(name: "dmg", dependencies: ["DaosTools", "DaosObject",
                                                     .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(name: "daos", dependencies: ["DaosTools", "DaosObject", "DaosFS",
                                                      .product(name: "ArgumentParser", package: "swift-argument-parser")]),

        .executableTarget(
            name: "daos-bench",
            dependencies: ["DaosObject", "DaosEngine", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        // The VOL connector (DESIGN.md §11): a C class table and public header, the logic in Swift.
        .target(name: "CH5VolDaosShim", dependencies: ["CHDF5"]),
        .target(name: "H5VolDaos", dependencies: ["DaosObject", "CHDF5", "CMPI", "CH5VolDaosShim"],
                exclude: ["README.md"], linkerSettings: [.unsafeFlags(pluginRunPaths)]),

        .testTarget(name: "DaosObjectTests", dependencies: ["DaosObject"]),
        .testTarget(name: "H5VolDaosTests", dependencies: ["H5VolDaos", "DaosObject"]),
        .testTarget(name: "DaosSimulationTests", dependencies: ["DaosSimulation", "DaosObject"]),
        .testTarget(name: "DaosFSTests", dependencies: ["DaosFS", "DaosObject"]),
        .testTarget(name: "DaosToolsTests", dependencies: ["DaosTools", "DaosObject", "DaosFS"]),
        .testTarget(name: "DaosEngineTests", dependencies: ["DaosEngine", "DaosObject", "vos-crash-child"]),
        // Multi-process tests: real engines started by daos_server, driven by the CLIs.
        .testTarget(name: "SystemTests", dependencies: ["DaosObject", "DaosEngine", "DaosFS", "daos_server", "daos_engine", "dmg", "daos",
                                                      "object-io-child"]),
        // Proves the MPI and HDF5 module maps compile and link against the real libraries.
        .testTarget(name: "SystemLibraryTests", dependencies: ["CMPI", "CHDF5"]),
    ]
)

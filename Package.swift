// swift-tools-version: 6.1
// swift-daos: a DAOS-style distributed object store with MPI-IO and HDF5 VOL frontends.
// Module layout and the import rules between modules: ../shared/DESIGN.md §2 and README.md.
import PackageDescription
#if canImport(Glibc)
import Glibc
#endif

/// The toolchain's Swift runtime directory (`<toolchain>/usr/lib/swift/linux`), found from the
/// `swift` on PATH. The MPI-IO plugin is LD_PRELOADed into C programs that know nothing of Swift:
/// it carries an rpath to this directory so the loader finds libswiftCore without LD_LIBRARY_PATH.
func swiftRuntimeDirectory() -> String {
    let fallback = "/opt/swift/usr/lib/swift/linux"
    #if canImport(Glibc)
    guard let path = getenv("PATH").map({ String(cString: $0) }) else { return fallback }
    for directory in path.split(separator: ":") {
        let candidate = "\(directory)/swift"
        guard access(candidate, X_OK) == 0, let resolved = realpath(candidate, nil) else { continue }
        defer { free(resolved) }
        // <toolchain>/usr/bin/swift(-driver) -> <toolchain>/usr/lib/swift/linux
        let parts = String(cString: resolved).split(separator: "/")
        guard let bin = parts.lastIndex(of: "bin") else { continue }
        return "/" + parts[..<bin].joined(separator: "/") + "/lib/swift/linux"
    }
    #endif
    return fallback
}

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
        .target(name: "DaosMPIIO", dependencies: ["DaosFS", "DaosObject", "CMPI"], exclude: ["README.md"],
                linkerSettings: [.unsafeFlags(["-Xlinker", "-rpath", "-Xlinker", swiftRuntimeDirectory()])]),
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

        .testTarget(name: "DaosObjectTests", dependencies: ["DaosObject"]),
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

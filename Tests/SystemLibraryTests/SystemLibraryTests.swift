import CHDF5
import CMPI
import Testing

/// The CMPI and CHDF5 module maps compile, link, and reach the libraries the project expects.
@Suite struct SystemLibraryTests {
    @Test func hdf5IsTheProjectsParallelBuild() {
        var major: UInt32 = 0, minor: UInt32 = 0, release: UInt32 = 0
        #expect(H5get_libversion(&major, &minor, &release) >= 0)
        #expect((major, minor, release) == (1, 14, 5))
        // The parallel build exports the MPI-IO file driver's property setter.
        let fapl = H5Pcreate(swift_H5P_FILE_ACCESS())
        #expect(fapl >= 0)
        #expect(H5Pclose(fapl) >= 0)
    }

    @Test func openMPIVersion() {
        var version: Int32 = 0, subversion: Int32 = 0
        #expect(MPI_Get_version(&version, &subversion) == MPI_SUCCESS)
        #expect(version == 3 && subversion == 1)
        var text = [CChar](repeating: 0, count: Int(MPI_MAX_LIBRARY_VERSION_STRING))
        var length: Int32 = 0
        #expect(MPI_Get_library_version(&text, &length) == MPI_SUCCESS)
        let library = String(decoding: text.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        #expect(library.contains("Open MPI v4.1"))
    }
}

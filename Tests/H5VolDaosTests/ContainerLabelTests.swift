@testable import H5VolDaos
import Testing

@Suite struct ContainerLabelTests {
    @Test func validNamesAreTheirOwnLabels() {
        #expect(ContainerLabel.forFile("data.h5") == "data.h5")
        #expect(ContainerLabel.forFile("H5_api_test.h5") == "H5_api_test.h5")
        #expect(ContainerLabel.forFile("run-1:step_2.h5") == "run-1:step_2.h5")
    }

    @Test func pathsKeepTheirTailAndGetAHash() {
        let label = ContainerLabel.forFile("/scratch/run 1/out.h5")
        #expect(label.hasPrefix("_scratch_run_1_out.h5-"))
        #expect(label.count == "_scratch_run_1_out.h5-".count + 16)
        #expect(ContainerLabel.isValid(label))
    }

    @Test func differentNamesGetDifferentLabels() {
        let names = ["a/b.h5", "a_b.h5", "a b.h5", "/a/b.h5", "a/b.h5 "]
        let labels = Set(names.map(ContainerLabel.forFile))
        #expect(labels.count == names.count)
        #expect(ContainerLabel.forFile("a/b.h5") == ContainerLabel.forFile("a/b.h5"))
    }

    @Test func longAndUUIDShapedNamesAreHashed() {
        let long = String(repeating: "x", count: 300) + ".h5"
        let label = ContainerLabel.forFile(long)
        #expect(label.utf8.count <= ContainerLabel.lengthMax)
        #expect(ContainerLabel.isValid(label))
        let uuid = "12345678-1234-1234-1234-123456789abc"
        #expect(ContainerLabel.looksLikeUUID(Array(uuid.utf8)))
        #expect(ContainerLabel.forFile(uuid) != uuid)
    }

    @Test func hashIsFNV1a() {
        #expect(ContainerLabel.fnv1a([]) == 0xcbf2_9ce4_8422_2325)
        #expect(ContainerLabel.fnv1a(Array("a".utf8)) == 0xaf63_dc4c_8601_ec8c)
        #expect(ContainerLabel.hex(0x0123_4567_89ab_cdef) == "0123456789abcdef")
    }
}

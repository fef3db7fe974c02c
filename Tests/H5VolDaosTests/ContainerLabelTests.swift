@testable import H5VolDaos
import Testing

@Suite struct ContainerLabelTests {
    @Test func validNamesAreTheirOwnLabels() {
        #expect(ContainerLabel.forFile("data.h5") == "data.h5")
        #expect(ContainerLabel.forFile("H5_api_test.h5") == "H5_api_test.h5")
    }
}

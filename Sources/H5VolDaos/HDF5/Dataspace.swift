import CHDF5

/// Questions about dataspaces and their selections.
enum Dataspace {
    /// H5S_UNLIMITED (a macro Swift cannot import): the largest hsize_t.
    static let unlimited: hsize_t = .max

    /// Current and maximum dimensions of a simple dataspace ([] for scalar and null spaces).
    static func extent(_ space: hid_t) throws(VolError) -> (dimensions: [UInt64], maximum: [UInt64]) {
        let rank = Int(H5Sget_simple_extent_ndims(space))
        guard rank >= 0 else { throw .library("H5Sget_simple_extent_ndims") }
        guard rank > 0 else { return ([], []) }
        var dimensions = [hsize_t](repeating: 0, count: rank)
        var maximum = [hsize_t](repeating: 0, count: rank)
        guard H5Sget_simple_extent_dims(space, &dimensions, &maximum) >= 0 else { throw .library("H5Sget_simple_extent_dims") }
        return (dimensions, maximum)
    }

    static func type(_ space: hid_t) throws(VolError) -> H5S_class_t {
        let type = H5Sget_simple_extent_type(space)
        guard type != H5S_NO_CLASS else { throw .library("H5Sget_simple_extent_type") }
        return type
    }

    static func selectedPoints(_ space: hid_t) throws(VolError) -> UInt64 {
        let count = H5Sget_select_npoints(space)
        guard count >= 0 else { throw .library("H5Sget_select_npoints") }
        return UInt64(count)
    }

    static func extentPoints(_ space: hid_t) throws(VolError) -> UInt64 {
        let count = H5Sget_simple_extent_npoints(space)
        guard count >= 0 else { throw .library("H5Sget_simple_extent_npoints") }
        return UInt64(count)
    }

    static func copy(_ space: hid_t) throws(VolError) -> LibraryID {
        try H5Call.id(H5Scopy(space), "H5Scopy")
    }

    /// The selection as (offset, count) runs of elements in the extent's row-major order, in
    /// the selection's iteration order (the order HDF5 pairs memory and file elements in).
    static func forEachRun(_ space: hid_t, _ body: (UInt64, UInt64) throws(VolError) -> Void) throws(VolError) {
        let iterator = try H5Call.id(H5Ssel_iter_create(space, 1, 0), "H5Ssel_iter_create")
        let batch = 1024
        var offsets = [hsize_t](repeating: 0, count: batch)
        var lengths = [Int](repeating: 0, count: batch)
        while true {
            var sequences = 0
            var elements = 0
            guard H5Ssel_iter_get_seq_list(iterator.raw, batch, Int.max, &sequences, &elements, &offsets, &lengths) >= 0 else {
                throw .library("H5Ssel_iter_get_seq_list")
            }
            if sequences == 0 { return }
            for index in 0..<sequences { try body(offsets[index], UInt64(lengths[index])) }
        }
    }
}

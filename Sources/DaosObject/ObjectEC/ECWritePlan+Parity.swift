extension ECWritePlan {
    /// Encodes every full stripe's p parity cells from the caller's data into `parity`
    /// (`parityByteCount` bytes, laid out as `parityPiece(ordinal:parity:)` says).
    ///
    /// Data cells are read in place; a cell split over two pieces of the caller's buffer (adjacent
    /// extents meeting inside a cell) is first gathered into scratch, the only copy made.
    public func computeParity(data: UnsafeRawBufferPointer, into parity: UnsafeMutableRawBufferPointer) throws(ECLayoutError) {
        guard data.count == callerByteCount else { throw .bufferSizeMismatch(expected: callerByteCount, got: data.count) }
        guard parity.count == parityByteCount else { throw .bufferSizeMismatch(expected: parityByteCount, got: parity.count) }
        guard !fullStripes.isEmpty, let dataBase = data.baseAddress, let parityBase = parity.baseAddress else { return }
        let codec: ErasureCodec
        do throws(ErasureCodeError) {
            codec = try ErasureCodec.codec(dataCells: geometry.dataCells, parityCells: geometry.parityCells)
        } catch { throw .codec(error) }
        let k = geometry.dataCells
        let p = geometry.parityCells
        let cellBytes = geometry.cellBytes
        let needsScratch = fullStripes.contains { $0.dataPieces.count > 1 }
        let scratch = needsScratch ? UnsafeMutableRawBufferPointer.allocate(byteCount: k * cellBytes, alignment: 64) : nil
        defer { scratch?.deallocate() }
        try withUnsafeTemporaryAllocation(of: UnsafeRawPointer.self, capacity: k) { (cells) throws(ECLayoutError) in
            try withUnsafeTemporaryAllocation(of: UnsafeMutableRawPointer.self, capacity: p) { (outputs) throws(ECLayoutError) in
                for stripe in fullStripes {
                    Self.locateCells(of: stripe, cellBytes: cellBytes, data: dataBase, scratch: scratch, into: cells)
                    for j in 0..<p { outputs[j] = parityBase + parityPiece(ordinal: stripe.ordinal, parity: j).offset }
                    do throws(ErasureCodeError) {
                        try codec.encode(cellSize: cellBytes, data: UnsafeBufferPointer(cells), parity: UnsafeBufferPointer(outputs))
                    } catch { throw .codec(error) }
                }
            }
        }
    }

    /// Convenience for arrays: returns the parity buffer.
    public func computeParity(data: [UInt8]) throws(ECLayoutError) -> [UInt8] {
        var parity = [UInt8](repeating: 0, count: parityByteCount)
        // Array's withUnsafe…Bytes are untyped `rethrows`: carry the typed error out in a Result.
        let outcome = data.withUnsafeBytes { data in
            parity.withUnsafeMutableBytes { out in
                Result { () throws(ECLayoutError) in try computeParity(data: data, into: out) }
            }
        }
        try outcome.get()
        return parity
    }

    /// Points `cells[i]` at data cell i of a full stripe: straight into the caller's buffer when
    /// the cell lies in one piece, else at a gathered copy in scratch.
    private static func locateCells(of stripe: ECFullStripe, cellBytes: Int, data: UnsafeRawPointer,
                                    scratch: UnsafeMutableRawBufferPointer?, into cells: UnsafeMutableBufferPointer<UnsafeRawPointer>) {
        var pieceIndex = 0
        var pieceConsumed = 0
        for i in 0..<cells.count {
            let piece = stripe.dataPieces[pieceIndex]
            if piece.byteCount - pieceConsumed >= cellBytes {
                cells[i] = data + piece.offset + pieceConsumed
                pieceConsumed += cellBytes
            } else {
                // Gather the cell from as many pieces as it spans.
                let target = scratch!.baseAddress! + i * cellBytes
                var filled = 0
                while filled < cellBytes {
                    let current = stripe.dataPieces[pieceIndex]
                    let take = min(current.byteCount - pieceConsumed, cellBytes - filled)
                    (target + filled).copyMemory(from: data + current.offset + pieceConsumed, byteCount: take)
                    filled += take
                    pieceConsumed += take
                    if pieceConsumed == current.byteCount, filled < cellBytes { pieceIndex += 1; pieceConsumed = 0 }
                }
                cells[i] = UnsafeRawPointer(target)
            }
            if pieceIndex < stripe.dataPieces.count, pieceConsumed == stripe.dataPieces[pieceIndex].byteCount {
                pieceIndex += 1
                pieceConsumed = 0
            }
        }
    }
}

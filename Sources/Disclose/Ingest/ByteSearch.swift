/// Finds the first of a few given bytes, eight bytes at a time (SWAR: a "has zero byte" test on
/// each 64-bit word). The CSV hot paths spend most of their time looking for the next comma,
/// quote or line end; this makes that look cheap on plain text.
struct ByteSearch {
    private let t0: UInt8, t1: UInt8, t2: UInt8, t3: UInt8
    private let a: UInt64, b: UInt64, c: UInt64, d: UInt64

    /// Up to four bytes to look for.
    init(_ bytes: UInt8...) {
        precondition((1...4).contains(bytes.count))
        let padded = bytes + Array(repeating: bytes[0], count: 4 - bytes.count)
        (t0, t1, t2, t3) = (padded[0], padded[1], padded[2], padded[3])
        a = UInt64(padded[0]) &* 0x0101_0101_0101_0101
        b = UInt64(padded[1]) &* 0x0101_0101_0101_0101
        c = UInt64(padded[2]) &* 0x0101_0101_0101_0101
        d = UInt64(padded[3]) &* 0x0101_0101_0101_0101
    }

    @inline(__always)
    private static func zeroByteMask(_ x: UInt64) -> UInt64 {
        (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
    }

    /// Index of the first target byte in `bytes[start..<end]`, or `end` if there is none.
    @inline(__always)
    func firstIndex(in bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Int {
        var index = start
        while index + 8 <= end {
            let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            let mask = Self.zeroByteMask(word ^ a) | Self.zeroByteMask(word ^ b) | Self.zeroByteMask(word ^ c) | Self.zeroByteMask(word ^ d)
            if mask != 0 {
                // Little-endian: the lowest set bit marks the first match (false positives only
                // occur above a true match, so the lowest one is exact).
                return index + mask.trailingZeroBitCount / 8
            }
            index += 8
        }
        while index < end {
            let byte = bytes[index]
            if byte == t0 || byte == t1 || byte == t2 || byte == t3 { return index }
            index += 1
        }
        return end
    }

    /// Whether any target byte occurs in `bytes`, sixteen bytes a load (the last load overlaps the
    /// one before): for a whole buffer that seldom holds one (a stage's added values), where
    /// finding the first is not needed.
    func occurs(in bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count >= 16 else { return firstIndex(in: bytes, from: 0, to: bytes.count) < bytes.count }
        let base = bytes.baseAddress!, lastStart = bytes.count - 16
        let (a, b, c, d) = (SIMD16(repeating: t0), SIMD16(repeating: t1), SIMD16(repeating: t2), SIMD16<UInt8>(repeating: t3))
        var start = 0
        while true {
            let at = min(start, lastStart)
            let here = base.loadUnaligned(fromByteOffset: at, as: SIMD16<UInt8>.self)
            let found = (here .== a) .| (here .== b) .| (here .== c) .| (here .== d)
            // Read as two words: the mask's reductions are not inlined, its lanes are 0 or all ones.
            let lanes = unsafeBitCast(found, to: (UInt64, UInt64).self)
            if lanes.0 | lanes.1 != 0 { return true }
            if at == lastStart { return false }
            start += 16
        }
    }
}

/// Whole numbers written as decimal digits straight into bytes, for the derived columns the
/// categorise stage writes on every row (dates, financial years, days taken).
enum DecimalDigits {
    /// `value` (not negative) in exactly `width` decimal digits at `out` (it fits), two at a time
    /// from a table of the hundred pairs: a division per digit costs more.
    @inline(__always)
    static func write(_ value: Int, width: Int, to out: UnsafeMutablePointer<UInt8>) {
        let pairs = digitPairs.utf8Start
        var rest = value, place = width
        while place >= 2 {
            place -= 2
            let pair = rest % 100
            rest /= 100
            out[place] = pairs[2 * pair]
            out[place + 1] = pairs[2 * pair + 1]
        }
        if place == 1 { out[0] = UInt8(truncatingIfNeeded: 0x30 &+ rest % 10) }
    }

    private static let digitPairs: StaticString = """
        00010203040506070809101112131415161718192021222324252627282930313233343536373839\
        40414243444546474849505152535455565758596061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899
        """
}

/// The ISO 8601 date (`2019-03-12`) and the financial year (`2018/19`) of every day of a span,
/// written once, for the categorise stage: it writes a due date or two and a financial year on
/// every row, and copying a label costs less than turning a day number into a year, month and day
/// and writing its digits. A day outside the span has no label here (the caller writes it).
/// Holds no reference, so the hot path copies it for free; `deallocate` frees it.
struct DateLabels: @unchecked Sendable {
    private let firstDay: Int
    private let dayCount: Int
    /// Per day, its ISO date in the first 10 of 16 bytes.
    private let isoDates: UnsafeMutableRawPointer
    /// Per day, its financial year in the first 7 of 8 bytes.
    private let financialYears: UnsafeMutableRawPointer

    static let isoCount = 10
    static let financialYearCount = 7
    /// A hundred years of days.
    private static let mostDays = 36_525

    /// Labels for the days of `span`, or of its first hundred years (a bank-holiday file covers a
    /// few decades), within the years 1000 to 9998 (four digits, and a financial year's too).
    init(_ span: ClosedRange<CivilDate>) {
        let earliest = CivilDate(year: 1000, month: 1, day: 1)!.dayNumber, latest = CivilDate(year: 9998, month: 12, day: 31)!.dayNumber
        firstDay = min(max(span.lowerBound.dayNumber, earliest), latest)
        dayCount = max(0, min(span.upperBound.dayNumber, latest, firstDay + Self.mostDays - 1) - firstDay + 1)
        isoDates = .allocate(byteCount: max(dayCount, 1) * 16, alignment: 16)
        financialYears = .allocate(byteCount: max(dayCount, 1) * 8, alignment: 8)
        // Digit by digit: a string for each of some 6,000 days would cost more than the labels
        // save in a small run.
        func write(_ value: Int, _ width: Int, to out: UnsafeMutableRawPointer) {
            var rest = value
            for place in (0..<width).reversed() {
                out.storeBytes(of: UInt8(0x30 + rest % 10), toByteOffset: place, as: UInt8.self)
                rest /= 10
            }
        }
        for offset in 0..<dayCount {
            let date = CivilDate(dayNumber: firstDay + offset), iso = isoDates + offset * 16, year = financialYears + offset * 8
            write(date.year, 4, to: iso)
            iso.storeBytes(of: UInt8(ascii: "-"), toByteOffset: 4, as: UInt8.self)
            write(date.month, 2, to: iso + 5)
            iso.storeBytes(of: UInt8(ascii: "-"), toByteOffset: 7, as: UInt8.self)
            write(date.day, 2, to: iso + 8)
            let first = date.month >= 4 ? date.year : date.year - 1
            write(first, 4, to: year)
            year.storeBytes(of: UInt8(ascii: "/"), toByteOffset: 4, as: UInt8.self)
            write((first + 1) % 100, 2, to: year + 5)
        }
    }

    func deallocate() {
        isoDates.deallocate()
        financialYears.deallocate()
    }

    /// The ten bytes of day `dayNumber`'s ISO date; nil outside the span.
    @inline(__always)
    func iso(_ dayNumber: Int) -> UnsafeRawPointer? {
        let offset = dayNumber &- firstDay
        return offset >= 0 && offset < dayCount ? UnsafeRawPointer(isoDates + offset &* 16) : nil
    }

    /// The seven bytes of the financial year day `dayNumber` falls in; nil outside the span.
    @inline(__always)
    func financialYear(_ dayNumber: Int) -> UnsafeRawPointer? {
        let offset = dayNumber &- firstDay
        return offset >= 0 && offset < dayCount ? UnsafeRawPointer(financialYears + offset &* 8) : nil
    }
}

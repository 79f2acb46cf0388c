/// The ISO 8601 date (`2019-03-12`) and the financial year (`2018/19`) of every day of a span,
/// written once, for the categorise stage: it writes a due date or two and a financial year on
/// every row, and copying a label costs less than turning a day number into a year, month and day
/// and writing its digits. A day outside the span has no label here (the caller writes it).
/// Holds no reference, so the hot path copies it for free; `deallocate` frees it.
struct DateLabels: @unchecked Sendable {
    private let firstDay: Int
    private let dayCount: Int
    /// Per day, its ISO date in the first 10 of 16 bytes.
    private let isoDates: UnsafeMutablePointer<UInt8>
    /// Per day, its financial year in the first 7 of 8 bytes.
    private let financialYears: UnsafeMutablePointer<UInt8>

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
        isoDates = .allocate(capacity: max(dayCount, 1) * 16)
        financialYears = .allocate(capacity: max(dayCount, 1) * 8)
        // Written straight into the table: a string for each of some 6,000 days would cost more
        // than the labels save in a small run.
        for offset in 0..<dayCount {
            let date = CivilDate(dayNumber: firstDay + offset)
            Self.writeISO(date, to: isoDates + offset * 16)
            Self.writeFinancialYear(date, to: financialYears + offset * 8)
        }
    }

    /// `date` as `yyyy-mm-dd` (`isoCount` bytes) at `out`; its year must have four digits.
    static func writeISO(_ date: CivilDate, to out: UnsafeMutablePointer<UInt8>) {
        precondition((0...9999).contains(date.year), "a four-digit year")
        DecimalDigits.write(date.year, width: 4, to: out)
        out[4] = UInt8(ascii: "-")
        DecimalDigits.write(date.month, width: 2, to: out + 5)
        out[7] = UInt8(ascii: "-")
        DecimalDigits.write(date.day, width: 2, to: out + 8)
    }

    /// The financial year (1 April - 31 March) `date` falls in, as `2016/17`
    /// (`financialYearCount` bytes) at `out`; its first year must have four digits.
    static func writeFinancialYear(_ date: CivilDate, to out: UnsafeMutablePointer<UInt8>) {
        let first = date.month >= 4 ? date.year : date.year - 1
        precondition((0...9999).contains(first), "a four-digit year")
        DecimalDigits.write(first, width: 4, to: out)
        out[4] = UInt8(ascii: "/")
        DecimalDigits.write((first + 1) % 100, width: 2, to: out + 5)
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

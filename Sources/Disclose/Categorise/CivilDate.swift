/// A calendar date with no time or time zone, as case data records it. Conversions use the
/// proleptic Gregorian calendar by day number, so that date arithmetic never depends on the
/// machine's time zone.
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), (1...CivilDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses ISO 8601 `yyyy-mm-dd` (ten bytes, digits in their places); nil for anything else or
    /// an impossible date.
    public init?(iso text: String) {
        var text = text
        guard let dayNumber = text.withUTF8({ UKDateParser.isoDayNumber(UnsafeRawBufferPointer($0)) }) else { return nil }
        self.init(dayNumber: dayNumber)
    }

    /// The date `dayNumber` days after 1970-01-01 (years -9999 to 2,000,000).
    public init(dayNumber: Int) {
        // Neri and Schneider's algorithm ("Euclidean affine functions and their application to
        // calendar algorithms", 2022): unsigned arithmetic on days since 0000-03-01, so that a
        // year ends with February; every quotient is a multiplication and a shift.
        let shifted = dayNumber + Self.daysBefore1970
        precondition((0..<0x3FFF_FFFF).contains(shifted), "a day number between the years -9999 and 2,000,000")
        let n1 = 4 &* UInt32(truncatingIfNeeded: shifted) &+ 3
        let century = n1 / 146_097
        let dayOfCentury = n1 % 146_097 / 4
        let p2 = 2_939_745 &* UInt64(4 &* dayOfCentury &+ 3)
        let yearOfCentury = UInt32(truncatingIfNeeded: p2 >> 32)
        let dayOfYear = UInt32(truncatingIfNeeded: p2) / 2_939_745 / 4
        let n3 = 2_141 &* dayOfYear &+ 197_913
        let january = dayOfYear >= 306
        year = Int(100 &* century &+ yearOfCentury) + (january ? 1 : 0) - Self.yearShift
        month = Int(january ? (n3 >> 16) &- 12 : n3 >> 16)
        day = Int((n3 & 0xFFFF) / 2_141) + 1
    }

    /// Days since 1970-01-01.
    public var dayNumber: Int { Self.dayNumber(year: year, month: month, day: day) }

    /// Days since 1970-01-01 of a valid year, month and day (years -9999 to 2,000,000), by the
    /// inverse of `init(dayNumber:)`.
    static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        precondition(year > -Self.yearShift && year < 2_000_000, "a year between -9999 and 2,000,000")
        let january = month <= 2
        let y = UInt32(truncatingIfNeeded: year + Self.yearShift - (january ? 1 : 0))
        let m = UInt32(truncatingIfNeeded: january ? month + 12 : month)
        let century = y / 100
        let yearStart = UInt64(1_461) &* UInt64(y) / 4 &- UInt64(century) &+ UInt64(century / 4)
        let monthStart = (979 &* m &- 2_919) / 32
        return Int(yearStart &+ UInt64(monthStart)) + day - 1 - Self.daysBefore1970
    }

    /// Years added before the arithmetic so that none is negative: 25 cycles of 400 years.
    private static let yearShift = 10_000
    /// Days from 0000-03-01, less 10,000 years, to 1970-01-01.
    private static let daysBefore1970 = 719_468 + 25 * 146_097

    /// 1 = Monday ... 7 = Sunday.
    public var weekday: Int { Self.weekday(ofDayNumber: dayNumber) }

    /// 1 = Monday ... 7 = Sunday, for a day number (1970-01-01 was a Thursday).
    static func weekday(ofDayNumber dayNumber: Int) -> Int { ((dayNumber % 7 + 7 + 3) % 7) + 1 }

    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    /// ISO 8601, `2019-03-12`.
    public var description: String { iso }

    public var iso: String {
        "\(year)-\(Self.pad(month))-\(Self.pad(day))"
    }

    /// `12/03/2019`, the layout of most UK case-management exports.
    public var ukNumeric: String {
        "\(Self.pad(day))/\(Self.pad(month))/\(year)"
    }

    /// The financial year (1 April - 31 March) the date falls in, as `2016/17`.
    public var financialYear: String {
        let start = month >= 4 ? year : year - 1
        return "\(start)/\(Self.pad((start + 1) % 100))"
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func pad(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }
}

/// Which days count as working days for one timescale: Monday to Friday, less the bank holidays of
/// the chosen divisions and any local closure days, within the years the holiday file covers. A
/// date outside those years is an error, never a guess.
public struct WorkingDayCalendar: Sendable {
    /// The divisions whose bank holidays are non-working (FOIA s.10(6): all three).
    public let divisions: [String]
    /// The dates the calendar can answer for.
    public let coverage: ClosedRange<CivilDate>
    private let firstDay: Int
    /// `workingBefore[i]`: working days in the coverage before day `firstDay + i` (one extra entry
    /// at the end), so that counting is a subtraction.
    private let workingBefore: [Int32]
    /// Day numbers of the working days in the coverage, in order, so that adding is a lookup.
    private let workingDayNumbers: [Int32]

    public init(holidays: BankHolidayFile, divisions: [String], closures: [CivilDate] = []) throws(CalendarError) {
        var nonWorking: [Int] = []
        for division in divisions {
            guard let dates = holidays.dates[division] else {
                throw .unknownDivision(division, known: holidays.dates.keys.sorted())
            }
            nonWorking += dates.map(\.dayNumber)
        }
        nonWorking += closures.map(\.dayNumber)
        // In order, read alongside the days (a run builds two calendars of some 6,000 days at
        // start-up; a set's hashing cost more than the rest of it).
        nonWorking.sort()
        self.divisions = divisions
        coverage = holidays.coverage
        firstDay = coverage.lowerBound.dayNumber
        let lastDay = coverage.upperBound.dayNumber
        var before: [Int32] = [0]
        var numbers: [Int32] = []
        before.reserveCapacity(lastDay - firstDay + 2)
        numbers.reserveCapacity(lastDay - firstDay + 1)
        var next = 0
        for day in firstDay...lastDay {
            while next < nonWorking.count && nonWorking[next] < day { next += 1 }
            let working = CivilDate.weekday(ofDayNumber: day) <= 5 && !(next < nonWorking.count && nonWorking[next] == day)
            if working { numbers.append(Int32(day)) }
            before.append(Int32(numbers.count))
        }
        workingBefore = before
        workingDayNumbers = numbers
    }

    public func isWorkingDay(_ date: CivilDate) throws(CalendarError) -> Bool {
        let offset = try self.offset(date.dayNumber)
        return workingBefore[offset + 1] != workingBefore[offset]
    }

    /// The `count`-th working day after `date` (day 1 is the first working day after it).
    public func adding(workingDays count: Int, to date: CivilDate) throws(CalendarError) -> CivilDate {
        CivilDate(dayNumber: try adding(workingDays: count, toDayNumber: date.dayNumber))
    }

    /// `adding(workingDays:to:)` on day numbers, for the hot path.
    func adding(workingDays count: Int, toDayNumber day: Int) throws(CalendarError) -> Int {
        precondition(count >= 0, "working days to add must not be negative")
        if count == 0 { return day }
        let position = Int(workingBefore[try offset(day) + 1]) + count - 1
        guard position < workingDayNumbers.count else { throw .outOfRange(coverage.upperBound.adding(days: 1), coverage) }
        return Int(workingDayNumbers[position])
    }

    /// Working days after `start` up to and including `end` (0 when `end` is on or before `start`):
    /// the day count of a response sent on `end` to a request received on `start`.
    public func workingDays(after start: CivilDate, through end: CivilDate) throws(CalendarError) -> Int {
        try workingDays(afterDayNumber: start.dayNumber, throughDayNumber: end.dayNumber)
    }

    /// `workingDays(after:through:)` on day numbers, for the hot path.
    func workingDays(afterDayNumber start: Int, throughDayNumber end: Int) throws(CalendarError) -> Int {
        let startOffset = try offset(start), endOffset = try offset(end)
        return max(0, Int(workingBefore[endOffset + 1] - workingBefore[startOffset + 1]))
    }

    /// `date` itself if it is a working day, else the next one.
    public func workingDay(onOrAfter date: CivilDate) throws(CalendarError) -> CivilDate {
        CivilDate(dayNumber: try workingDay(onOrAfterDayNumber: date.dayNumber))
    }

    func workingDay(onOrAfterDayNumber day: Int) throws(CalendarError) -> Int {
        let position = Int(workingBefore[try offset(day)])
        guard position < workingDayNumbers.count else { throw .outOfRange(coverage.upperBound.adding(days: 1), coverage) }
        return Int(workingDayNumbers[position])
    }

    /// Index of `day` in the coverage, or the out-of-range error.
    private func offset(_ day: Int) throws(CalendarError) -> Int {
        let offset = day - firstDay
        guard offset >= 0, offset < workingBefore.count - 1 else { throw .outOfRange(CivilDate(dayNumber: day), coverage) }
        return offset
    }
}

/// Why a calendar could not answer.
public enum CalendarError: Error, Equatable, CustomStringConvertible {
    case outOfRange(CivilDate, ClosedRange<CivilDate>)
    case unknownDivision(String, known: [String])
    case unreadableFile(String, reason: String)

    public var description: String {
        switch self {
        case let .outOfRange(date, coverage):
            "date \(date) is outside the bank-holiday calendar (\(coverage.lowerBound) to \(coverage.upperBound)); extend the calendar file"
        case let .unknownDivision(division, known):
            "unknown bank-holiday division '\(division)' (known: \(known.joined(separator: ", ")))"
        case let .unreadableFile(file, reason):
            "\(file): not a bank-holidays file: \(reason)"
        }
    }
}

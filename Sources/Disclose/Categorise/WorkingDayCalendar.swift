import Foundation

/// Which days count as working days for one timescale: Monday to Friday, less the bank holidays of
/// the chosen divisions and any local closure days, within the years the holiday file covers. A
/// date outside those years is an error, never a guess.
public struct WorkingDayCalendar: Sendable {
    /// The divisions whose bank holidays are non-working (FOIA s.10(6): all three).
    public let divisions: [String]
    /// The dates the calendar can answer for.
    public let coverage: ClosedRange<CivilDate>
    private let nonWorkingDays: Set<Int>

    public init(holidays: BankHolidayFile, divisions: [String], closures: [CivilDate] = []) throws(CalendarError) {
        var days = Set<Int>()
        for division in divisions {
            guard let dates = holidays.dates[division] else {
                throw .unknownDivision(division, known: holidays.dates.keys.sorted())
            }
            days.formUnion(dates.map(\.dayNumber))
        }
        days.formUnion(closures.map(\.dayNumber))
        self.divisions = divisions
        coverage = holidays.coverage
        nonWorkingDays = days
    }

    public func isWorkingDay(_ date: CivilDate) throws(CalendarError) -> Bool {
        try check(date)
        return date.weekday <= 5 && !nonWorkingDays.contains(date.dayNumber)
    }

    /// The `count`-th working day after `date` (day 1 is the first working day after it).
    public func adding(workingDays count: Int, to date: CivilDate) throws(CalendarError) -> CivilDate {
        precondition(count >= 0, "working days to add must not be negative")
        var day = date
        var left = count
        while left > 0 {
            day = day.adding(days: 1)
            if try isWorkingDay(day) { left -= 1 }
        }
        return day
    }

    /// Working days after `start` up to and including `end` (0 when `end` is on or before `start`):
    /// the day count of a response sent on `end` to a request received on `start`.
    public func workingDays(after start: CivilDate, through end: CivilDate) throws(CalendarError) -> Int {
        try check(start)
        try check(end)
        var count = 0
        var day = start
        while day < end {
            day = day.adding(days: 1)
            if try isWorkingDay(day) { count += 1 }
        }
        return count
    }

    /// `date` itself if it is a working day, else the next one.
    public func workingDay(onOrAfter date: CivilDate) throws(CalendarError) -> CivilDate {
        var day = date
        while try !isWorkingDay(day) { day = day.adding(days: 1) }
        return day
    }

    private func check(_ date: CivilDate) throws(CalendarError) {
        guard coverage.contains(date) else { throw .outOfRange(date, coverage) }
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

/// A file in GOV.UK's `bank-holidays.json` format: per division, a list of events with a date.
/// It covers every whole year from its first event's year to its last event's year.
public struct BankHolidayFile: Sendable {
    public let dates: [String: [CivilDate]]
    public let coverage: ClosedRange<CivilDate>

    private struct Division: Decodable {
        struct Event: Decodable {
            let title: String
            let date: String
        }

        let division: String
        let events: [Event]
    }

    public init(path: String) throws(CalendarError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadableFile(path, reason: "cannot read it")
        }
        let divisions: [String: Division]
        do {
            divisions = try JSONDecoder().decode([String: Division].self, from: data)
        } catch {
            throw .unreadableFile(path, reason: "expected {division: {division, events: [{title, date}]}}")
        }
        var dates: [String: [CivilDate]] = [:]
        for (name, division) in divisions {
            var parsed: [CivilDate] = []
            for event in division.events {
                guard let date = CivilDate(iso: event.date) else {
                    throw .unreadableFile(path, reason: "event date '\(event.date)' in \(name) is not yyyy-mm-dd")
                }
                parsed.append(date)
            }
            dates[name] = parsed.sorted()
        }
        let all = dates.values.flatMap { $0 }
        guard let first = all.min(), let last = all.max() else { throw .unreadableFile(path, reason: "no events") }
        self.dates = dates
        coverage = CivilDate(year: first.year, month: 1, day: 1)!...CivilDate(year: last.year, month: 12, day: 31)!
    }
}

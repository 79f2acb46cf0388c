/// How a time limit is counted.
public enum TimeUnit: String, Sendable {
    case workingDays = "working_days"
    case calendarDays = "calendar_days"
    case calendarMonths = "calendar_months"
}

/// One time limit: a procedure's stage, or a kind of request. Works out due dates and whether a
/// response was in time, on the calendar the limit names. A class, so that a stage looking one up
/// for every row shares it rather than copying its calendar.
public final class Timescale: Sendable {
    public let name: String
    public let limit: Int
    public let unit: TimeUnit
    /// The limit when the case was extended; nil if this limit cannot be extended.
    public let extendedLimit: Int?
    /// Calendar days: the start date is day 1 (DPA 1998's "beginning with the relevant day").
    public let countsStartDay: Bool
    public let calendar: WorkingDayCalendar

    public init(name: String, limit: Int, unit: TimeUnit, extendedLimit: Int? = nil, countsStartDay: Bool = false,
                calendar: WorkingDayCalendar) {
        self.name = name
        self.limit = limit
        self.unit = unit
        self.extendedLimit = extendedLimit
        self.countsStartDay = countsStartDay
        self.calendar = calendar
    }

    /// The last day for a response to a case started on `start`; `pausedDays` (calendar days the
    /// clock was stopped, e.g. waiting for a SAR to be clarified) move it later.
    public func dueDate(from start: CivilDate, pausedDays: Int = 0) throws(CalendarError) -> CivilDate {
        CivilDate(dayNumber: try due(fromDayNumber: start.dayNumber, limit: limit, pausedDays: pausedDays))
    }

    /// The last day with the extension, or nil if this limit has none.
    public func extendedDueDate(from start: CivilDate, pausedDays: Int = 0) throws(CalendarError) -> CivilDate? {
        guard let extendedLimit else { return nil }
        return CivilDate(dayNumber: try due(fromDayNumber: start.dayNumber, limit: extendedLimit, pausedDays: pausedDays))
    }

    /// `dueDate` and `extendedDueDate` on day numbers, for the hot path.
    func dueDayNumbers(fromDayNumber start: Int, pausedDays: Int = 0) throws(CalendarError) -> (due: Int, extended: Int?) {
        let due = try due(fromDayNumber: start, limit: limit, pausedDays: pausedDays)
        guard let extendedLimit else { return (due, nil) }
        return (due, try self.due(fromDayNumber: start, limit: extendedLimit, pausedDays: pausedDays))
    }

    /// Days taken by a response on `end` to a case started on `start`, in this limit's day unit
    /// (working days for working-day limits, calendar days otherwise).
    public func daysTaken(from start: CivilDate, to end: CivilDate) throws(CalendarError) -> Int {
        switch unit {
        case .workingDays: try calendar.workingDays(after: start, through: end)
        case .calendarDays, .calendarMonths: end.dayNumber - start.dayNumber + (countsStartDay ? 1 : 0)
        }
    }

    /// Whether a response on `end` was in time; with `extended`, the extended limit applies (an
    /// extended limit met counts as in time).
    public func isWithin(start: CivilDate, end: CivilDate, extended: Bool, pausedDays: Int = 0) throws(CalendarError) -> Bool {
        if extended, let extendedDue = try extendedDueDate(from: start, pausedDays: pausedDays) {
            return end <= extendedDue
        }
        return try end <= dueDate(from: start, pausedDays: pausedDays)
    }

    private func due(fromDayNumber start: Int, limit: Int, pausedDays: Int) throws(CalendarError) -> Int {
        switch unit {
        case .workingDays:
            return try calendar.adding(workingDays: limit, toDayNumber: start + pausedDays)
        case .calendarDays:
            return start + limit - (countsStartDay ? 1 : 0) + pausedDays
        case .calendarMonths:
            let date = CivilDate(dayNumber: start)
            let monthIndex = date.year * 12 + (date.month - 1) + limit
            let year = monthIndex / 12, month = monthIndex % 12 + 1
            let corresponding = CivilDate(year: year, month: month, day: min(date.day, CivilDate.daysIn(month: month, year: year)))!
            return try calendar.workingDay(onOrAfterDayNumber: corresponding.dayNumber + pausedDays)
        }
    }
}

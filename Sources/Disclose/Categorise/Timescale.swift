/// How a time limit is counted.
public enum TimeUnit: String, Sendable {
    case workingDays = "working_days"
    case calendarDays = "calendar_days"
    case calendarMonths = "calendar_months"
}

/// One time limit: a procedure's stage, or a kind of request. Works out due dates and whether a
/// response was in time, on the calendar the limit names.
public struct Timescale: Sendable {
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
        try due(from: start, limit: limit, pausedDays: pausedDays)
    }

    /// The last day with the extension, or nil if this limit has none.
    public func extendedDueDate(from start: CivilDate, pausedDays: Int = 0) throws(CalendarError) -> CivilDate? {
        guard let extendedLimit else { return nil }
        return try due(from: start, limit: extendedLimit, pausedDays: pausedDays)
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

    private func due(from start: CivilDate, limit: Int, pausedDays: Int) throws(CalendarError) -> CivilDate {
        switch unit {
        case .workingDays:
            return try calendar.adding(workingDays: limit, to: start.adding(days: pausedDays))
        case .calendarDays:
            return start.adding(days: limit - (countsStartDay ? 1 : 0) + pausedDays)
        case .calendarMonths:
            let monthIndex = start.year * 12 + (start.month - 1) + limit
            let year = monthIndex / 12, month = monthIndex % 12 + 1
            let corresponding = CivilDate(year: year, month: month, day: min(start.day, CivilDate.daysIn(month: month, year: year)))!
            return try calendar.workingDay(onOrAfter: corresponding.adding(days: pausedDays))
        }
    }
}

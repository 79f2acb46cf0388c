import Testing
@testable import Disclose

/// The working-day calendar against the shipped GOV.UK bank holidays. Expected dates were counted
/// by hand and checked with numpy's business-day functions over the same file.
struct WorkingDayCalendarTests {
    static let holidays = try! BankHolidayFile(path: repositoryRoot.appendingPathComponent("Pipelines/calendars/bank-holidays.json").path)
    static let allUK = ["england-and-wales", "scotland", "northern-ireland"]

    private func date(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }

    @Test(arguments: [
        // FOI (FOIA s.10(6): a bank holiday anywhere in the UK is not a working day), over Christmas:
        // 25, 26 Dec, 1 Jan and Scotland's 2 Jan are skipped.
        ("2023-12-15", 20, allUK, "2024-01-18"),
        // The same request on England and Wales' days alone would be due a day sooner.
        ("2023-12-15", 20, ["england-and-wales"], "2024-01-17"),
        // Over Easter: Good Friday and Easter Monday (not a Scottish bank holiday).
        ("2024-03-28", 20, allUK, "2024-04-29"),
        ("2024-03-28", 20, ["scotland"], "2024-04-26"),
        // Christmas 2022 fell on a Sunday: substitute day on 27 Dec.
        ("2022-12-23", 20, allUK, "2023-01-26"),
        // Scotland's own days: St Andrew's Day (Thu 30 Nov 2023), summer bank holiday on 7 Aug 2023.
        ("2023-11-29", 1, ["scotland"], "2023-12-01"),
        ("2023-11-29", 1, ["england-and-wales"], "2023-11-30"),
        ("2023-08-04", 1, ["scotland"], "2023-08-08"),
        ("2023-08-25", 1, ["scotland"], "2023-08-28"),
        ("2023-08-25", 1, ["england-and-wales"], "2023-08-29"),
        // Northern Ireland's: St Patrick's Day (Fri 17 Mar 2023), Battle of the Boyne (Wed 12 Jul 2023).
        ("2023-03-16", 1, ["northern-ireland"], "2023-03-20"),
        ("2023-07-11", 1, ["northern-ireland"], "2023-07-13"),
        // Received on a Saturday: day 1 is Monday.
        ("2024-06-01", 1, allUK, "2024-06-03"),
    ])
    func addingWorkingDays(received: String, days: Int, divisions: [String], due: String) throws {
        let calendar = try WorkingDayCalendar(holidays: Self.holidays, divisions: divisions)
        #expect(try calendar.adding(workingDays: days, to: date(received)) == date(due))
        #expect(try calendar.workingDays(after: date(received), through: date(due)) == days)
    }

    @Test func countingIsTheInverseOfAdding() throws {
        let calendar = try WorkingDayCalendar(holidays: Self.holidays, divisions: Self.allUK)
        #expect(try calendar.workingDays(after: date("2023-12-15"), through: date("2024-01-17")) == 19)
        #expect(try calendar.workingDays(after: date("2023-12-15"), through: date("2023-12-15")) == 0)
        #expect(try calendar.workingDays(after: date("2023-12-15"), through: date("2023-12-01")) == 0)
        #expect(try calendar.workingDay(onOrAfter: date("2023-12-25")) == date("2023-12-27"))
        #expect(try calendar.workingDay(onOrAfter: date("2023-12-27")) == date("2023-12-27"))
    }

    @Test func localClosureDaysAreNotWorkingDays() throws {
        let closures = ["2023-12-27", "2023-12-28", "2023-12-29"].map(date)
        let calendar = try WorkingDayCalendar(holidays: Self.holidays, divisions: ["england-and-wales"], closures: closures)
        #expect(try calendar.adding(workingDays: 1, to: date("2023-12-22")) == date("2024-01-02"))
    }

    @Test func aDateOutsideTheCalendarIsAnErrorNotAGuess() throws {
        let calendar = try WorkingDayCalendar(holidays: Self.holidays, divisions: Self.allUK)
        #expect(calendar.coverage == date("2012-01-01")...date("2027-12-31"))
        #expect(throws: CalendarError.outOfRange(date("2011-12-30"), calendar.coverage)) {
            try calendar.isWorkingDay(date("2011-12-30"))
        }
        #expect(throws: CalendarError.outOfRange(date("2028-01-01"), calendar.coverage)) {
            try calendar.adding(workingDays: 5, to: date("2027-12-24"))
        }
        #expect("\(CalendarError.outOfRange(date("2028-01-01"), calendar.coverage))"
            == "date 2028-01-01 is outside the bank-holiday calendar (2012-01-01 to 2027-12-31); extend the calendar file")
        #expect(throws: CalendarError.unknownDivision("wales", known: Self.allUK.sorted())) {
            try WorkingDayCalendar(holidays: Self.holidays, divisions: ["wales"])
        }
    }

    @Test func dayNumbersCountEveryDayOfTheCalendarInTurn() {
        // A walk day by day, month lengths from the leap-year rule alone, against both conversions.
        #expect(CivilDate(dayNumber: 0) == CivilDate(year: 1970, month: 1, day: 1)!)
        var (year, month, day) = (1600, 1, 1)
        for dayNumber in -135_140...157_000 {
            let civil = CivilDate(dayNumber: dayNumber)
            #expect(civil.year == year && civil.month == month && civil.day == day, "day \(dayNumber)")
            #expect(CivilDate.dayNumber(year: year, month: month, day: day) == dayNumber, "\(year)-\(month)-\(day)")
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            let length = month == 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].contains(month) ? 30 : 31
            day += 1
            if day > length { (day, month) = (1, month + 1) }
            if month > 12 { (month, year) = (1, year + 1) }
        }
        #expect(year == 2399 && month == 11 && day == 9)
        // The ends of the range, and the first day of the arithmetic's year (0000-03-01).
        for (year, month, day, dayNumber) in [(-9999, 1, 1, -4_371_587), (0, 3, 1, -719_468), (9999, 12, 31, 2_932_896)] {
            #expect(CivilDate.dayNumber(year: year, month: month, day: day) == dayNumber, "\(year)-\(month)-\(day)")
            #expect(CivilDate(dayNumber: dayNumber) == CivilDate(year: year, month: month, day: day), "\(year)-\(month)-\(day)")
        }
    }

    @Test func civilDatesRoundTripAndKnowTheirWeekdayAndFinancialYear() {
        for dayNumber in stride(from: -800_000, through: 800_000, by: 997) {
            let civil = CivilDate(dayNumber: dayNumber)
            #expect(CivilDate(year: civil.year, month: civil.month, day: civil.day)?.dayNumber == dayNumber)
        }
        #expect(date("2024-02-29").weekday == 4)
        #expect(date("1970-01-01").weekday == 4)
        #expect(CivilDate(iso: "2023-02-29") == nil)
        #expect(CivilDate(iso: "2023-2-01") == nil)
        #expect(date("2017-03-31").financialYear == "2016/17")
        #expect(date("2017-04-01").financialYear == "2017/18")
        #expect(date("1999-12-31").financialYear == "1999/00")
    }
}

import Foundation
import Testing
@testable import Disclose

/// The shipped timescales (Pipelines/timescales.yaml) on tables of dates.
struct TimescaleTests {
    static let book = try! TimescaleBook.load(path: repositoryRoot.appendingPathComponent("Pipelines/timescales.yaml").path)

    private func date(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }

    @Test(arguments: [
        // UK GDPR: the corresponding date a month on; the month's last day when there is none.
        ("2024-01-31", "uk_gdpr", "2024-02-29", "2024-04-30"),
        ("2023-01-31", "uk_gdpr", "2023-02-28", "2023-05-02"),   // 30 Apr 2023 is a Sunday, 1 May a bank holiday
        // ... then the next working day: 28 Feb 2021 is a Sunday.
        ("2021-01-31", "uk_gdpr", "2021-03-01", "2021-04-30"),
        ("2018-05-25", "uk_gdpr", "2018-06-25", "2018-08-28"),   // 25 Aug 2018 is a Saturday, 27 Aug a bank holiday
        // DPA 1998 until 24 May 2018: 40 days beginning with the day of receipt, no extension.
        ("2018-05-02", "dpa1998", "2018-06-10", nil),
        ("2018-05-24", "dpa1998", "2018-07-02", nil),
    ] as [(String, String, String, String?)])
    func subjectAccessRequests(received: String, regime: String, due: String, extendedDue: String?) throws {
        let (foundRegime, timescale) = try #require(Self.book.request("sar", received: date(received)))
        #expect(foundRegime == regime)
        #expect(try timescale.dueDate(from: date(received)) == date(due))
        #expect(try timescale.extendedDueDate(from: date(received)) == extendedDue.map(date))
    }

    @Test func aSARClockStartsOnVerificationAndStopsWhilePaused() throws {
        let (_, sar) = try #require(Self.book.request("sar", received: date("2024-03-15")))
        // ID verified on 20 March: a month on is Saturday 20 April; 10 days paused for
        // clarification move it to Tuesday 30 April.
        #expect(try sar.dueDate(from: date("2024-03-20")) == date("2024-04-22"))
        #expect(try sar.dueDate(from: date("2024-03-20"), pausedDays: 10) == date("2024-04-30"))
        #expect(try sar.daysTaken(from: date("2024-03-20"), to: date("2024-04-22")) == 33)
        #expect(try sar.isWithin(start: date("2024-03-20"), end: date("2024-04-30"), extended: false, pausedDays: 10))
        #expect(try !sar.isWithin(start: date("2024-03-20"), end: date("2024-05-01"), extended: false, pausedDays: 10))
    }

    @Test func anExtendedChildrensSocialCareStageTwoAt64_65And66WorkingDays() throws {
        let stage2 = try #require(Self.book.stage(2, of: "childrens_social_care"))
        let start = date("2023-09-04")
        let calendar = Self.book.councilCalendar
        for (days, extended, within) in [(25, false, true), (26, false, false), (64, true, true), (65, true, true), (66, true, false)] {
            let response = try calendar.adding(workingDays: days, to: start)
            #expect(try stage2.daysTaken(from: start, to: response) == days)
            #expect(try stage2.isWithin(start: start, end: response, extended: extended) == within, "\(days) days, extended \(extended)")
        }
        #expect(try stage2.extendedDueDate(from: start) == calendar.adding(workingDays: 65, to: start))
    }

    @Test func foiAndEIRCountOnEveryUKDivisionsBankHolidays() throws {
        let (regime, foi) = try #require(Self.book.request("foi", received: date("2023-12-15")))
        #expect(regime == "foi")
        #expect(try foi.dueDate(from: date("2023-12-15")) == date("2024-01-18"))
        #expect(try foi.extendedDueDate(from: date("2023-12-15")) == date("2024-02-15"))
        let (_, eir) = try #require(Self.book.request("eir", received: date("2024-03-28")))
        #expect(try eir.dueDate(from: date("2024-03-28")) == date("2024-04-29"))
        // Complaint procedures use the council's own division: Scotland's 2 January is a working day.
        let corporate = try #require(Self.book.stage(1, of: "corporate"))
        #expect(try corporate.dueDate(from: date("2023-12-22")) == date("2024-01-10"))
    }

    @Test func everyProcedureOfTheDomainIsShipped() {
        #expect(Self.book.procedureNames == ["adult_social_care", "childrens_social_care", "corporate", "housing"])
        #expect(Self.book.stage(3, of: "childrens_social_care") != nil)
        #expect(Self.book.stage(3, of: "corporate") == nil)
    }

    @Test func aBrokenTimescalesFileReportsEveryProblemWithItsLine() throws {
        let directory = temporaryDirectory()
        try FileManager.default.copyItem(atPath: repositoryRoot.appendingPathComponent("Pipelines/calendars").path,
                                         toPath: directory.appendingPathComponent("calendars").path)
        let path = directory.appendingPathComponent("timescales.yaml").path
        try """
            calendar: {file: calendars/bank-holidays.json, division: england-and-wales}
            procedures:
              corporate:
                1: {limit: 10, unit: weeks}
                4: {limit: 10, unit: working_days}
            requests:
              foi: {limt: 20, unit: working_days}
            """.write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            _ = try TimescaleBook.load(path: path)
        } throws: { error in
            (error as? PipelineError)?.problems.map { "\($0.line ?? 0): \($0.message)" } == [
                "4: corporate stage 1: 'unit' must be working_days, calendar_days or calendar_months",
                "5: stage must be 1, 2 or 3",
                "7: foi: unknown key 'limt' (expected calendar, counts_start_day, extended_limit, from, limit, unit, until)",
                "7: foi: 'limit' must be a whole number of at least 1",
            ]
        }
    }
}

import Foundation
import Testing
@testable import Disclose

struct CategoriseStageTests {
    private func config(_ dataset: String, asOf: String = "2024-06-28") throws -> CategoriseStage {
        try CategoriseStage(options: StageOptions([
            "config": .file(repositoryRoot.appendingPathComponent("Pipelines/categorise/\(dataset).yaml").path),
            "as_of": .string(asOf),
        ]))
    }

    /// Runs one categorise stage over CSV text; returns the extract's rows as dictionaries, and the
    /// quarantined rows.
    private func categorise(_ csv: String, _ stage: CategoriseStage) throws -> (rows: [[String: String]], quarantined: [QuarantinedRow]) {
        let result = try read(temporaryFile(Array(csv.utf8)))
        let bound = try stage.bind(columns: result.columns)
        var batch = RecordBatch(columnCount: result.columns.count)
        for record in result.records {
            for field in record.fields { batch.appendField(Array(field.utf8)) }
            batch.endRow(rowNumber: record.row)
        }
        let out = try bound.process(batch)
        let rows = (0..<out.count).map { row in
            Dictionary(uniqueKeysWithValues: zip(bound.columns, out.strings(row: row)))
        }
        return (rows, out.quarantined)
    }

    @Test func theEastRidingCompletionTablesAreReproduced() throws {
        let text = try String(contentsOfFile: fixture("east-riding-2016-17.csv"), encoding: .utf8)
        let (rows, quarantined) = try categorise(text, try config("complaints", asOf: "2017-03-31"))
        #expect(quarantined.isEmpty)
        let stage1 = rows.filter { $0["financial_year"] == "2016/17" }
        #expect(stage1.count == 19)
        let buckets1 = Dictionary(grouping: stage1, by: { $0["stage1_completion_bucket"]! }).mapValues(\.count)
        #expect(buckets1 == ["0-10": 5, "11-20": 7, "21-30": 4, ">30": 2, "": 1])
        #expect(stage1.filter { $0["stage1_within_timescale"] == "yes" }.count == 12)   // "12 out of the 19"
        let stage2 = rows.filter { !$0["stage2_completion_bucket"]!.isEmpty }
        #expect(stage2.count == 7)
        let buckets2 = Dictionary(grouping: stage2, by: { $0["stage2_completion_bucket"]! }).mapValues(\.count)
        #expect(buckets2 == ["26-65": 1, ">65": 6])
        #expect(buckets2["0-25"] == nil)
        #expect(stage2.filter { $0["stage2_within_timescale"] == "no" }.count == 6)     // "six out of the seven"
    }

    @Test func complaintStagesGetDueDatesDaysTakenAndOverdue() throws {
        let csv = """
            case_ref,received_date,procedure,stage1_start_date,stage1_extended,stage1_response_date,stage2_start_date,stage2_extended,stage2_response_date
            A,15/12/2023,corporate,,no,05/01/2024,,,
            B,2024-06-03,corporate,,yes,,,,
            C,3 June 2024,corporate,3/6/24,no,,10/06/2024,no,
            D,01/04/2024,childrens_social_care,01/04/2024,no,12/04/2024,15/04/2024,yes,

            """
        let (rows, quarantined) = try categorise(csv, try config("complaints"))
        #expect(quarantined.isEmpty)
        let a = rows[0], b = rows[1], c = rows[2], d = rows[3]
        #expect([a["stage1_due_date"], a["stage1_extended_due_date"], a["stage1_working_days"], a["stage1_within_timescale"],
                 a["stage1_overdue"], a["stage1_completion_bucket"], a["financial_year"]]
                == ["2024-01-03", "2024-01-17", "12", "no", "no", "11-20", "2023/24"])
        #expect(a["stage2_due_date"] == "" && a["stage2_overdue"] == "")
        // Open on 28 June 2024: due 17 June, extended to 1 July, so not yet overdue.
        #expect([b["stage1_due_date"], b["stage1_extended_due_date"], b["stage1_within_timescale"], b["stage1_overdue"]]
                == ["2024-06-17", "2024-07-01", "", "no"])
        #expect(c["stage1_overdue"] == "yes" && c["stage2_due_date"] == "2024-06-24" && c["stage2_overdue"] == "yes")
        #expect(d["stage2_due_date"] == "2024-05-21" && d["stage2_extended_due_date"] == "2024-07-17" && d["stage2_overdue"] == "no")
    }

    @Test func requestsUseTheirStatutoryTimescales() throws {
        let foi = """
            request_ref,received_date,regime,pit_extended,response_date,exemptions
            F1,15/12/2023,foia,no,18/01/2024,"S.40(2), s43 (2)"
            F2,28/03/2024,EIR,no,30/04/2024,Reg 12(5)(e)
            F3,01/05/2024,foia,yes,,section 21

            """
        let (foiRows, foiQuarantine) = try categorise(foi, try config("foi"))
        #expect(foiQuarantine.isEmpty)
        #expect(foiRows.map { [$0["due_date"]!, $0["days_taken"]!, $0["within_timescale"]!, $0["overdue"]!, $0["exemption_sections"]!] } == [
            ["2024-01-18", "20", "yes", "no", "s40(2);s43(2)"],
            ["2024-04-29", "21", "no", "no", "reg 12(5)(e)"],
            ["2024-05-31", "", "", "no", "s21"],
        ])
        let sar = """
            request_ref,received_date,clock_start_date,paused_days,extended,response_date
            S1,02/05/2018,,0,no,10/06/2018
            S2,25/05/2018,,,no,26/06/2018
            S3,31/01/2024,,0,yes,
            S4,15/03/2024,20/03/2024,10,no,30/04/2024
            S5,02/01/2019,,0,no,03/02/2020

            """
        let (sarRows, sarQuarantine) = try categorise(sar, try config("sar"))
        #expect(sarQuarantine.isEmpty)
        #expect(sarRows.map { [$0["regime"]!, $0["due_date"]!, $0["days_taken"]!, $0["within_timescale"]!, $0["overdue"]!] } == [
            ["dpa1998", "2018-06-10", "40", "yes", "no"],
            ["uk_gdpr", "2018-06-25", "32", "no", "no"],
            ["uk_gdpr", "2024-02-29", "", "", "yes"],   // extended to 30 April: overdue on 28 June
            ["uk_gdpr", "2024-04-30", "41", "yes", "no"],
            ["uk_gdpr", "2019-02-04", "397", "no", "no"],   // 2 February 2019 a Saturday; three digits taken
        ])
    }

    @Test func aRowThatCannotBeCategorisedIsQuarantinedWithColumnAndRule() throws {
        let csv = """
            case_ref,received_date,procedure,stage1_start_date,stage1_extended,stage1_response_date
            A,12/31/2023,corporate,,no,
            B,01/02/2024,schools,,no,
            C,01/02/2011,corporate,,no,
            D,01/02/2024,corporate,,maybe,
            E,01/02/2024,corporate,,no,09/02/2024

            """
        let (rows, quarantined) = try categorise(csv, try config("complaints"))
        #expect(rows.map { $0["case_ref"] } == ["E"])
        #expect(quarantined.map { "\($0.row) \($0.rule) \($0.column): \($0.reason)" } == [
            "2 categorise.date received_date: not a date (dd/mm/yyyy, d/m/yy, yyyy-mm-dd or 12 March 2019)",
            "3 categorise.procedure procedure: no stage 1 timescale for this procedure in the timescales file",
            "4 categorise.calendar stage1_start_date: a date of this case is outside the bank-holiday calendar",
            "5 categorise.boolean stage1_extended: not yes or no",
        ])
        #expect(quarantined[0].fields[1] == Array("12/31/2023".utf8))
    }

    @Test func aPipelineNamingAMissingColumnStopsBeforeAnyRow() throws {
        #expect(throws: RunError.missingColumn(stage: "categorise", column: "procedure", available: ["case_ref", "received_date"])) {
            _ = try config("complaints").bind(columns: ["case_ref", "received_date"])
        }
    }

    @Test(arguments: [
        ("s40(2);s43(2)", "s40(2);s43(2)"), ("S.40(2), s43 (2)", "s40(2);s43(2)"), ("section 21", "s21"),
        ("Section 31(1)(a)", "s31(1)(a)"), ("reg 12(5)(e)", "reg 12(5)(e)"), ("Regulation 13", "reg 13"),
        ("", ""), ("s40(2); commercial", nil), ("40(2)", nil),
    ] as [(String, String?)])
    func exemptionsAreReadAsSectionNumbers(text: String, sections: String?) {
        #expect(ExemptionSections.parse(text) == sections)
    }
}

extension CategoriseStageTests {
    /// A batch's dates are read once and looked up after: the same bytes give the same day, and
    /// bytes that are not a date are a problem every time (ten NUL bytes too, which an empty
    /// lookup slot must not match).
    @Test func repeatedDatesInABatchReadAsTheFirstDoes() throws {
        let nul = String(repeating: "\u{0}", count: 10)
        let csv = """
            case_ref,received_date,procedure
            A,01/02/2024,corporate
            B,01/02/2024,corporate
            C,31/02/2024,corporate
            D,31/02/2024,corporate
            E,\(nul),corporate
            F, 1/2/2024 ,corporate
            G, 1/2/2024 ,corporate
            H,2024-02-01,corporate

            """
        let (rows, quarantined) = try categorise(csv, try config("complaints"))
        #expect(rows.map { [$0["case_ref"]!, $0["stage1_due_date"]!, $0["financial_year"]!] } == [
            ["A", "2024-02-15", "2023/24"], ["B", "2024-02-15", "2023/24"], ["F", "2024-02-15", "2023/24"],
            ["G", "2024-02-15", "2023/24"], ["H", "2024-02-15", "2023/24"],
        ])
        #expect(quarantined.map { "\($0.row) \($0.rule) \($0.column)" } == [
            "4 categorise.date received_date", "5 categorise.date received_date", "6 categorise.date received_date",
        ])
    }

    @Test func categoriesAreKeptCheckedOrWorkedOutFromTheDescription() throws {
        let csv = """
            case_ref,received_date,procedure,service_area,category,description
            A,01/02/2024,corporate,Waste Management,communication,The crew were rude.
            B,01/02/2024,corporate,Waste Management,,The crew were rude and left the bin in the road.
            C,01/02/2024,corporate,Housing Repairs,,Our boiler has still not been repaired after six weeks.
            D,01/02/2024,corporate,Housing Repairs,,
            E,01/02/2024,corporate,Housing Repairs,complaints_about_bins,Anything.
            F,01/02/2024,corporate,Waste Management, communication ,The crew were rude.

            """
        let (rows, quarantined) = try categorise(csv, try config("complaints"))
        #expect(rows.map { [$0["case_ref"]!, $0["category"]!, $0["category_rule"]!, $0["service_type"]!] } == [
            ["A", "communication", "input", "missed_bin"],
            ["B", "actions_of_staff", "actions_of_staff: 'rude'", "missed_bin"],
            ["C", "delay_in_service", "delay_in_service: 'still not'", "boiler_heating"],
            ["D", "", "", ""],
            ["F", "communication", "input", "missed_bin"],
        ])
        #expect(quarantined.map { "\($0.row) \($0.rule) \($0.column): \($0.reason)" } == [
            "6 categorise.category category: not a category of the 2024/25 list",
        ])
    }
}

extension CategoriseStageTests {
    @Test func foiTopicsAreKeptCheckedOrWorkedOutFromSubjectThenDescription() throws {
        let csv = """
            request_ref,received_date,regime,subject,description,response_date,exemptions,topic
            F1,01/02/2024,foia,Agency staff,How much was spent on agency social workers in children's services?,20/02/2024,,
            F2,01/02/2024,eir,Air quality,Please send the monitoring results for Fitzwilliam Road.,20/02/2024,,
            F3,01/02/2024,foia,,How many penalty charge notices were issued in each car park?,20/02/2024,,
            F4,01/02/2024,foia,Request,Please tell me the opening hours of the museum.,20/02/2024,,
            F5,01/02/2024,foia,Council tax,Liability orders obtained in 2023.,20/02/2024,,housing
            F6,01/02/2024,foia,Council tax,Liability orders obtained in 2023.,20/02/2024,,bins
            F7,01/02/2024,foia,,,20/02/2024,,

            """
        let (rows, quarantined) = try categorise(csv, try config("foi"))
        #expect(rows.map { [$0["request_ref"]!, $0["topic"]!, $0["topic_rule"]!] } == [
            ["F1", "staff_and_pay", "staff_and_pay: 'agency staff'"],
            ["F2", "environment_and_waste", "environment_and_waste: 'air quality'"],
            ["F3", "highways_transport_and_parking", "highways_transport_and_parking: 'penalty charge notice*'"],
            ["F4", "other", "default"],
            ["F5", "housing", "input"],
            ["F7", "", ""],
        ])
        #expect(quarantined.map { "\($0.row) \($0.rule) \($0.column): \($0.reason)" } == [
            "7 categorise.topic topic: not a topic of the 2024/25 list",
        ])
    }

    @Test func topicsBelongToFOIAndCategoriesToComplaints() throws {
        let directory = temporaryDirectory()
        let config = directory.appendingPathComponent("sar.yaml")
        try """
            dataset: sar
            timescales: \(repositoryRoot.path)/Pipelines/timescales.yaml
            topics: \(repositoryRoot.path)/Pipelines/categories/foi-topics-2024.yaml
            categories: \(repositoryRoot.path)/Pipelines/categories/2024.yaml

            """.write(to: config, atomically: true, encoding: .utf8)
        let error = #expect(throws: PipelineError.self) { try CategoriseConfig.load(path: config.path) }
        #expect(error?.problems.map(\.description) == [
            "\(config.path):4: categories apply to the complaints dataset",
            "\(config.path):3: topics apply to the foi dataset",
        ])
    }
}

extension CategoriseStageTests {
    @Test func dateLabelsWriteEachDayOfTheirSpanAsTheCalendarDoesAndNoDayOutside() {
        // 1999-2001 holds a century year that is a leap year and the turn of a financial year into 2000/01.
        let first = CivilDate(year: 1999, month: 1, day: 1)!, last = CivilDate(year: 2001, month: 12, day: 31)!
        let labels = DateLabels(first...last)
        defer { labels.deallocate() }
        for day in first.dayNumber...last.dayNumber {
            let date = CivilDate(dayNumber: day)
            let iso = labels.iso(day).map { String(decoding: UnsafeRawBufferPointer(start: $0, count: DateLabels.isoCount), as: UTF8.self) }
            let year = labels.financialYear(day).map {
                String(decoding: UnsafeRawBufferPointer(start: $0, count: DateLabels.financialYearCount), as: UTF8.self)
            }
            #expect(iso == date.iso && year == date.financialYear, "\(date)")
        }
        #expect(String(decoding: UnsafeRawBufferPointer(start: labels.iso(CivilDate(year: 2000, month: 2, day: 29)!.dayNumber), count: 10), as: UTF8.self)
                == "2000-02-29")
        #expect(String(decoding: UnsafeRawBufferPointer(start: labels.financialYear(CivilDate(year: 2000, month: 3, day: 31)!.dayNumber), count: 7),
                       as: UTF8.self) == "1999/00")
        #expect(labels.iso(first.dayNumber - 1) == nil && labels.financialYear(first.dayNumber - 1) == nil)
        #expect(labels.iso(last.dayNumber + 1) == nil && labels.financialYear(last.dayNumber + 1) == nil)
        // A span beyond four-digit years, or longer than a hundred years, has labels only for the days it can write.
        let wide = DateLabels(CivilDate(year: 950, month: 6, day: 1)!...CivilDate(year: 9999, month: 12, day: 31)!)
        defer { wide.deallocate() }
        #expect(wide.iso(CivilDate(year: 999, month: 12, day: 31)!.dayNumber) == nil)
        #expect(String(decoding: UnsafeRawBufferPointer(start: wide.iso(CivilDate(year: 1000, month: 1, day: 1)!.dayNumber), count: 10), as: UTF8.self)
                == "1000-01-01")
        let thousand = CivilDate(year: 1000, month: 1, day: 1)!.dayNumber
        #expect(wide.iso(thousand + 36_524) != nil && wide.iso(thousand + 36_525) == nil)
        let beyond = DateLabels(CivilDate(year: 9999, month: 1, day: 1)!...CivilDate(year: 9999, month: 12, day: 31)!)
        defer { beyond.deallocate() }
        #expect(beyond.iso(CivilDate(year: 9999, month: 6, day: 1)!.dayNumber) == nil)
    }
}

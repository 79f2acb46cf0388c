import Foundation
import Testing
@testable import Disclose

/// The aggregate stage: rounding, table specs, and East Riding's published part-outcome tables
/// rebuilt from a case-level fixture (Fixtures/east-riding, made by Tools/make-east-riding-parts.py).
struct AggregateStageTests {
    @Test(arguments: [
        // East Riding's published percentages (002_e491c01d522bc2a2.txt).
        ([58, 31, 10, 9], [54, 29, 9, 8]),
        ([92, 9, 7, 12], [77, 7, 6, 10]),
        ([9, 1, 0, 2], [75, 8, 0, 17]),
        ([22, 2, 0, 3, 23], [44, 4, 0, 6, 46]),
        ([20, 0, 0, 1, 3], [83, 0, 0, 4, 13]),
        // Three equal shares: the missing point goes to the first.
        ([1, 1, 1], [34, 33, 33]),
        ([0, 5], [0, 100]),
    ])
    func largestRemainderSumsTo100(counts: [Int], expected: [Int]) {
        #expect(PercentageRounding.largestRemainder.percentages(of: counts) == expected)
    }

    @Test func halfUpRoundsEachShareAlone() {
        #expect(PercentageRounding.halfUp.percentages(of: [1, 1, 1]) == [33, 33, 33])
        #expect(PercentageRounding.halfUp.percentages(of: [1, 7]) == [13, 88])   // 12.5 -> 13, 87.5 -> 88
        #expect(PercentageRounding.halfUp.percentages(of: [0, 0]) == nil)
    }

    private func aggregate(_ input: String, config: String = "Pipelines/tables/complaint-parts.yaml", workers: Int = 2,
                           batchBytes: Int = 1 << 20) throws -> (files: [String: String], counts: RunCounts, extract: String) {
        let stage = try AggregateStage(options: StageOptions([
            "config": .file(config.hasPrefix("/") ? config : repositoryRoot.appendingPathComponent(config).path),
            "references": .fileMap([StringPair("complaints", fixture("east-riding/complaints.csv"))]),
        ]))
        let pipeline = Pipeline(name: "aggregate", inputFormat: .csv, stages: [stage], extractFormat: .csv)
        let run = try runToFiles(pipeline, input: input, workers: workers, batchBytes: batchBytes)
        let files = try #require(run.counts.stageReports.first { $0.stage == "aggregate" }).files
        return (files.mapValues { String(decoding: $0, as: UTF8.self) }, run.counts, try String(contentsOfFile: run.extractPath, encoding: .utf8))
    }

    /// The aggregate stage with the tables file `yaml` over the CSV `input`.
    private func aggregate(yaml: String, input: String) throws -> (files: [String: String], counts: RunCounts, extract: String) {
        let tables = temporaryDirectory().appendingPathComponent("tables.yaml")
        try yaml.write(to: tables, atomically: true, encoding: .utf8)
        return try aggregate(temporaryFile(Array(input.utf8)), config: tables.path)
    }

    @Test func eastRidingPartOutcomeTablesAreRebuiltExactly() throws {
        let outcome = try aggregate(fixture("east-riding/complaint-parts.csv"))
        #expect(outcome.files["aggregates/csc_stage1_part_outcomes.csv"] == """
            outcome,parts,parts %
            not_upheld,58,54
            upheld,31,29
            partially_upheld,10,9
            no_finding,9,8
            total,108,100

            """)
        #expect(outcome.files["aggregates/csc_stage2_part_outcomes.csv"] == """
            outcome,parts,parts %
            not_upheld,92,77
            upheld,9,7
            partially_upheld,7,6
            no_finding,12,10
            total,120,100

            """)
        #expect(outcome.files["aggregates/csc_stage3_part_outcomes.csv"] == """
            outcome,parts,parts %
            not_upheld,9,75
            upheld,1,8
            partially_upheld,0,0
            no_finding,2,17
            total,12,100

            """)
        #expect(outcome.files["aggregates/corporate_stage1_part_outcomes.csv"] == """
            outcome,parts,parts %
            not_upheld,22,44
            no_finding,2,4
            withdrawn,0,0
            partially_upheld,3,6
            upheld,23,46
            total,50,100

            """)
        #expect(outcome.files["aggregates/corporate_stage2_part_outcomes.csv"] == """
            outcome,parts,parts %
            not_upheld,20,83
            no_finding,0,0
            withdrawn,0,0
            partially_upheld,1,4
            upheld,3,13
            total,24,100

            """)
        // Every part at every stage it was considered at: here the two parts not upheld at each
        // earlier stage of the 15 complaints resolved at stage 2 or 3 count too (stage 1: 108 + 50
        // + 2 x 15 = 188; stage 2: 120 + 24 + 2 = 146).
        #expect(outcome.files["aggregates/part_outcomes_by_stage.csv"] == """
            outcome,1,1 %,2,2 %,3,3 %,total
            not_upheld,110,58,114,78,9,75,233
            upheld,54,29,12,8,1,8,67
            partially_upheld,13,7,8,6,0,0,21
            no_finding,11,6,12,8,2,17,25
            withdrawn,0,0,0,0,0,0,0
            total,188,100,146,100,12,100,346

            """)
        // Records pass through unchanged; nothing lost.
        #expect(outcome.extract == (try String(contentsOfFile: fixture("east-riding/complaint-parts.csv"), encoding: .utf8)))
        #expect(outcome.counts.rowsIn == 346 && outcome.counts.rowsOut == 346 && outcome.counts.rowsQuarantined == 0)
    }

    @Test func theJSONStatesUnitDenominatorAndRounding() throws {
        let json = try #require(try aggregate(fixture("east-riding/complaint-parts.csv")).files["aggregates/csc_stage2_part_outcomes.json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["unit"] as? String == "parts")
        #expect(object["counts"] as? [[Int]] == [[92], [9], [7], [12]])
        #expect(object["total"] as? Int == 120)
        let percentages = try #require(object["percentages"] as? [String: Any])
        #expect(percentages["of"] as? String == "column")
        #expect(percentages["rounding"] as? String == "largest_remainder")
        #expect(percentages["denominator"] as? String == "all parts in the table")
        #expect(percentages["values"] as? [[Int]] == [[77], [7], [6], [10]])
        #expect(object["filter"] as? [String: [String]] == ["procedure": ["childrens_social_care"], "stage": ["2"], "resolved_at_stage": ["2"]])
    }

    @Test func theTablesAreTheSameForAnyWorkerCountAndBatchSize() throws {
        let one = try aggregate(fixture("east-riding/complaint-parts.csv"), workers: 1)
        for (workers, batchBytes) in [(2, 256), (4, 1024), (3, 100)] {
            #expect(try aggregate(fixture("east-riding/complaint-parts.csv"), workers: workers, batchBytes: batchBytes).files == one.files)
        }
    }

    @Test func aTablesFileWithProblemsNamesEachWithItsLine() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tables-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        try """
            tables:
              - name: a
                unit: cases
                rows: outcome
                percentages: diagonal
              - name: b
                rows: outcome
              - name: a
                unit: cases
                rows: stage
                colour: red
            """.write(to: file, atomically: true, encoding: .utf8)
        let error = #expect(throws: PipelineError.self) { try AggregateConfig.load(path: file.path) }
        #expect(error?.problems.map { "\($0.line ?? 0): \($0.message)" } == [
            "5: a: percentages is one of column, row, table, or {of: ..., excluding: [...]}",
            "6: b: unit is required (cases, parts, requests, people)",
            "11: a: unknown key 'colour' (expected name, title, unit, where, rows, columns, percentages, rounding, publish, disclosure, flow, baseline, count_distinct, change, sum)",
            "8: table 'a' appears more than once",
        ])
    }

    @Test func aColumnNoTableCanReadStopsTheRunBeforeAnyRow() throws {
        let stage = try AggregateStage(config: AggregateConfig(tables: [
            TableSpec(name: "t", title: "t", unit: "cases", rows: .init(column: "directorate", values: [])),
        ]))
        #expect(throws: RunError.self) { try stage.bind(columns: ["case_ref", "outcome"]) }
    }

    /// 117 complaints by ethnicity and directorate: one count of 2.
    private static let equalityInput: String = {
        let counts = [("white_british", 30, 40), ("asian_pakistani", 2, 12), ("black_african", 6, 7), ("not_stated", 9, 11)]
        var lines = ["case_ref,directorate,ethnicity"]
        var number = 0
        for (ethnicity, a, b) in counts {
            for (directorate, n) in [("A", a), ("B", b)] {
                for _ in 0..<n {
                    number += 1
                    lines.append("C-\(number),\(directorate),\(ethnicity)")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    private static let equalityTables = """
        disclosure: {policy: ukhsa}
        tables:
          - name: ethnicity_by_directorate
            title: Complainants' ethnicity by directorate
            unit: cases
            rows: {column: ethnicity, values: [white_british, asian_pakistani, black_african, not_stated]}
            columns: {column: directorate, values: [A, B]}
            percentages: column
            publish: true
        """

    @Test func aPublishedTableSuppressesSmallCountsAndWhatWouldGiveThemAway() throws {
        let outcome = try aggregate(yaml: Self.equalityTables, input: Self.equalityInput)
        // The 2 is suppressed; then the smallest other cell of its line (12) and of its column (6),
        // then the 7 so that column B does not have the 12 alone. Percentages of a suppressed count
        // are suppressed too.
        #expect(outcome.files["aggregates/ethnicity_by_directorate.csv"] == """
            ethnicity,A,A %,B,B %,total
            white_british,30,64,40,57,70
            asian_pakistani,[c],[c],[c],[c],14
            black_african,[c],[c],[c],[c],13
            not_stated,9,19,11,16,20
            total,47,100,70,100,117

            """)
        let json = try #require(outcome.files["aggregates/ethnicity_by_directorate.json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let suppression = try #require(object["suppression"] as? [String: Any])
        #expect(suppression["policy"] as? String == "ukhsa")
        #expect(suppression["threshold"] as? Int == 5)
        #expect((suppression["source"] as? String)?.contains("under 5") == true)
        let cells = try #require(suppression["cells"] as? [[String: String]])
        #expect(cells == [
            ["row": "asian_pakistani", "column": "A", "reason": "primary"],
            ["row": "asian_pakistani", "column": "B", "reason": "secondary"],
            ["row": "black_african", "column": "A", "reason": "secondary"],
            ["row": "black_african", "column": "B", "reason": "secondary"],
        ])
        // No suppressed count anywhere in the JSON: the cells are null.
        let counts = try #require(object["counts"] as? [[Any]])
        #expect(counts[1].allSatisfy { $0 is NSNull } && counts[2].allSatisfy { $0 is NSNull })
        #expect(!json.contains("\"2\"") && !json.contains(": 2,") && !json.contains(" 2\n"))
        let report = try #require(outcome.counts.stageReports.first { $0.stage == "aggregate" })
        #expect(report.counts == ["ethnicity_by_directorate": ["suppressed": 4, "narrowed_below_threshold": 0]])
        // report.html: the figure, its chart and table, self-contained; a suppressed count has no bar.
        let page = try #require(outcome.files["report.html"])
        #expect(page.contains("<h2>Figure 1: Complainants' ethnicity by directorate</h2>"))
        #expect(page.contains("<svg") && page.contains("<td>[c]</td>") && page.contains(">[c]</text>"))
        #expect(!page.contains("<script") && !page.contains("http://") && !page.contains("https://"))
        #expect(page.components(separatedBy: "height=\"14\"").count - 1 == 4)   // 8 cells' bars, 4 suppressed
    }

    @Test func runRecordsTheDisclosureAuditInRunJSON() throws {
        let directory = temporaryDirectory()
        try Self.equalityTables.write(to: directory.appendingPathComponent("tables.yaml"), atomically: true, encoding: .utf8)
        try "name: equality\nstages:\n  - kind: aggregate\n    config: tables.yaml\n".write(
            to: directory.appendingPathComponent("pipeline.yaml"), atomically: true, encoding: .utf8)
        let output = directory.appendingPathComponent("out")
        let result = try disclose(["run", directory.appendingPathComponent("pipeline.yaml").path, "--output", output.path],
                                  stdin: Data(Self.equalityInput.utf8))
        #expect(result.status == 0, "\(result.stderr)")
        let run = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: output.appendingPathComponent("run.json"))) as? [String: Any])
        #expect(run["disclosure_control"] as? [String: [String: Int]] == ["ethnicity_by_directorate": ["suppressed": 4, "narrowed_below_threshold": 0]])
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("aggregates/ethnicity_by_directorate.csv").path))
    }

    /// Categorise (the statutory limits) then aggregate, over a request log.
    private func requestTables(_ dataset: String, input: String) throws -> [String: String] {
        let categorise = try CategoriseStage(options: StageOptions([
            "config": .file(repositoryRoot.appendingPathComponent("Pipelines/categorise/\(dataset).yaml").path),
            "as_of": .string("2017-03-31"),
        ]))
        let aggregate = try AggregateStage(options: StageOptions([
            "config": .file(repositoryRoot.appendingPathComponent("Pipelines/tables/\(dataset).yaml").path),
        ]))
        let pipeline = Pipeline(name: dataset, inputFormat: .csv, stages: [categorise, aggregate], extractFormat: .csv)
        let run = try runToFiles(pipeline, input: input, workers: 2, batchBytes: 1 << 20)
        #expect(run.counts.rowsQuarantined == 0)
        let files = try #require(run.counts.stageReports.first { $0.stage == "aggregate" }).files
        return files.mapValues { String(decoding: $0, as: UTF8.self) }
    }

    @Test func eastRidingSARAndFOIFiguresAreRebuiltFromTheirLogs() throws {
        // "Of the 55 SARs received eight ... did not progress"; 37 completed, 5 further records,
        // 5 in progress; "34 (92%) of the 37 completed SARs ... within the statutory 40 days".
        let sar = try requestTables("sar", input: fixture("east-riding/sar-requests.csv"))
        #expect(sar["aggregates/sar_received_by_status.csv"] == """
            status,requests
            did_not_progress,8
            completed,37
            further_records,5
            in_progress,5
            total,55

            """)
        #expect(sar["aggregates/sar_completed_within_timescale.csv"] == """
            within_timescale,requests,requests %
            yes,34,92
            no,3,8
            total,37,100

            """)
        // "195 this year ... 175 FOIs (90%) were completed within statutory timescales".
        let foi = try requestTables("foi", input: fixture("east-riding/foi-requests.csv"))
        #expect(foi["aggregates/foi_within_timescale.csv"] == """
            within_timescale,requests,requests %
            yes,175,90
            no,20,10
            total,195,100

            """)
    }

    @Test func eastRidingYearOnYearFlowIsRebuilt() throws {
        // "35 complaints were dealt with consisting of 24 new complaints and 11 ongoing from
        // 2015/16 ... 24 complaints were resolved with 11 cases still in progress and transferred
        // to 2017/18"; corporate: "18 ... 11 new complaints and 7 which were ongoing ... 17 were
        // resolved with one case transferring". What a year carries forward the next carries in.
        let outcome = try aggregate(fixture("east-riding/complaints-flow.csv"), config: "Pipelines/tables/complaints-flow.yaml")
        #expect(outcome.files["aggregates/childrens_social_care_flow.csv"] == """
            flow,2015/16,2016/17
            new,15,24
            carried_in,0,11
            dealt_with,15,35
            resolved,4,24
            carried_forward,11,11

            """)
        #expect(outcome.files["aggregates/corporate_flow.csv"] == """
            flow,2015/16,2016/17
            new,9,11
            carried_in,0,7
            dealt_with,9,18
            resolved,2,17
            carried_forward,7,1

            """)
        // The same year as one table, a line per procedure; its flow lines add up down the table.
        #expect(outcome.files["aggregates/flow_by_procedure_2016_17.csv"] == """
            procedure,new,carried_in,dealt_with,resolved,carried_forward
            childrens_social_care,24,11,35,24,11
            corporate,11,7,18,17,1
            total,35,18,53,41,12

            """)
        let json = try #require(outcome.files["aggregates/corporate_flow.json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["total"] == nil && object["row_totals"] == nil)
        #expect(object["counts"] as? [[Int]] == [[9, 11], [0, 7], [9, 18], [2, 17], [7, 1]])
    }

    /// A complaints CSV with `ethnicity` holding each value so many times.
    private static func ethnicities(_ counts: [(String, Int)]) -> String {
        var lines = ["case_ref,ethnicity"]
        for (value, count) in counts { for _ in 0..<count { lines.append("C-\(lines.count),\(value)") } }
        return lines.joined(separator: "\n") + "\n"
    }

    private func ethnicGroupTable(_ counts: [(String, Int)]) throws -> String {
        let yaml = """
            tables:
              - name: ethnic_group
                title: Complainants by ethnic group
                unit: cases
                rows:
                  column: ethnicity
                  groups:
                    asian: [asian_bangladeshi, asian_chinese, asian_indian, asian_pakistani, asian_other]
                    black: [black_african, black_caribbean, black_other]
                    mixed: [mixed_white_asian, mixed_white_black_african, mixed_white_black_caribbean, mixed_other]
                    white: [white_british, white_irish, white_gypsy_irish_traveller, white_roma, white_other]
                    other: [other_arab, other_any]
                  values: [asian, black, mixed, white, other, not_stated, prefer_not_to_say]
                percentages: {of: column, excluding: [not_stated, prefer_not_to_say]}
                baseline: {file: \(repositoryRoot.appendingPathComponent("Pipelines/tables/baselines/england-and-wales-2021.csv").path), characteristic: ethnic_group}
                publish: true
            """
        let outcome = try aggregate(yaml: yaml, input: Self.ethnicities(counts))
        return try #require(outcome.files["aggregates/ethnic_group.csv"])
    }

    @Test func equalityTablesGroupCategoriesShareOfThoseWhoStatedAndCompareWithResidents() throws {
        // 14 + 13 + 70 stated (97): 14.4, 13.4, 72.2% -> 15, 13, 72 by largest remainder.
        let table = try ethnicGroupTable([("white_british", 60), ("white_irish", 10), ("asian_pakistani", 9), ("asian_indian", 5),
                                          ("black_african", 13), ("not_stated", 20)])
        #expect(table == """
            ethnicity,cases,cases %,population %,difference (pp)
            asian,14,15,9.3,+5.7
            black,13,13,4.0,+9.0
            mixed,0,0,2.9,-2.9
            white,70,72,81.7,-9.7
            other,0,0,2.1,-2.1
            not_stated,20,,,
            prefer_not_to_say,0,,,
            total,117,100,,

            """)
    }

    @Test func sharesOfThoseWhoStatedAreHiddenWhenTheLeftOutCountIsSuppressed() throws {
        // 3 not stated: suppressed; shown shares of the 97 who stated would give the 97, and 100 - 97 = 3.
        let table = try ethnicGroupTable([("white_british", 70), ("asian_pakistani", 14), ("black_african", 13), ("not_stated", 3)])
        let lines = table.split(separator: "\n").map(String.init)
        #expect(lines[6] == "not_stated,[c],,,")
        #expect(lines[1] == "asian,14,[c],9.3,[c]")
        #expect(lines[4] == "white,70,[c],81.7,[c]")
    }

    @Test func aTableOfPeopleCountsEachPersonOncePerLine() throws {
        let yaml = """
            tables:
              - {name: people, unit: people, count_distinct: complainant_pseudonym, rows: ethnicity}
              - {name: cases, unit: cases, rows: ethnicity}
            """
        // PERSON-a complained three times; two complaints name nobody (each counts once).
        let input = """
            case_ref,complainant_pseudonym,ethnicity
            1,PERSON-a,white_british
            2,PERSON-a,white_british
            3,PERSON-b,asian_indian
            4,,white_british
            5,PERSON-a,white_british
            6,,white_british

            """
        let outcome = try aggregate(yaml: yaml, input: input)
        #expect(outcome.files["aggregates/people.csv"] == "ethnicity,people\nasian_indian,1\nwhite_british,3\ntotal,4\n")
        #expect(outcome.files["aggregates/cases.csv"] == "ethnicity,cases\nasian_indian,1\nwhite_british,5\ntotal,6\n")
    }

    @Test func aColumnOfSeveralValuesCountsEachAndChangeComparesTheLastTwoColumns() throws {
        let yaml = """
            tables:
              - {name: exemptions, unit: exemptions cited, rows: {column: exemption_sections, split: ";"}}
              - name: by_year
                unit: requests
                rows: directorate
                columns: {column: financial_year, values: ["2015/16", "2016/17"]}
                change: true
            """
        let input = """
            request_ref,exemption_sections,directorate,financial_year
            1,s40(2);s43(2),A,2015/16
            2,s40(2),A,2016/17
            3,,A,2016/17
            4,s43(2); s40(2);s40(2),B,2015/16
            5,s21,B,2015/16
            6,,B,2016/17
            7,,A,2016/17

            """
        let outcome = try aggregate(yaml: yaml, input: input)
        // A response citing two sections counts under both (a section cited twice, once).
        #expect(outcome.files["aggregates/exemptions.csv"] == "exemption_sections,exemptions cited\ns21,1\ns40(2),3\ns43(2),2\nnot_recorded,3\ntotal,9\n"
            || outcome.files["aggregates/exemptions.csv"] == "exemption_sections,exemptions cited\nnot_recorded,3\ns21,1\ns40(2),3\ns43(2),2\ntotal,9\n")
        // A: 1 -> 3 (+200%); B: 2 -> 1 (-50%); all: 3 -> 4 (+33%).
        #expect(outcome.files["aggregates/by_year.csv"] == """
            directorate,2015/16,2016/17,total,change %
            A,1,3,4,+200
            B,2,1,3,-50
            total,3,4,7,+33

            """)
    }

    @Test func publishedTablesOfNoRowsOrOneRowAreWrittenAndSafe() throws {
        let yaml = """
            tables:
              - {name: one_way, unit: cases, rows: ethnicity, publish: true}
              - {name: two_way, unit: cases, rows: ethnicity, columns: directorate, percentages: row, publish: true}
            """
        let none = try aggregate(yaml: yaml, input: "case_ref,ethnicity,directorate\n")
        #expect(none.files["aggregates/one_way.csv"] == "ethnicity,cases\ntotal,0\n")
        #expect(none.files["aggregates/two_way.csv"] == "ethnicity,total\ntotal,0\n")
        // One case: every count is 1, so nothing is shown.
        let one = try aggregate(yaml: yaml, input: "case_ref,ethnicity,directorate\n1,white_british,A\n")
        #expect(one.files["aggregates/one_way.csv"] == "ethnicity,cases\nwhite_british,[c]\ntotal,[c]\n")
        #expect(one.files["aggregates/two_way.csv"] == "ethnicity,A,A %,total\nwhite_british,[c],[c],[c]\ntotal,[c],,[c]\n")
        let report = try #require(one.counts.stageReports.first { $0.stage == "aggregate" })
        #expect(report.counts.values.allSatisfy { $0["narrowed_below_threshold"] == 0 })
    }

    @Test func theNHSDPresetSuppressesOneToSevenAndRoundsTheRestToFives() throws {
        let yaml = """
            tables:
              - name: sex
                unit: people
                rows: {column: sex, values: [female, male, not_stated]}
                percentages: {of: column, excluding: [not_stated]}
                publish: true
                disclosure: {policy: nhsd}
            """
        var lines = ["case_ref,sex"]
        for (value, count) in [("female", 62), ("male", 38), ("not_stated", 6)] { for _ in 0..<count { lines.append("C\(lines.count),\(value)") } }
        let outcome = try aggregate(yaml: yaml, input: (lines.joined(separator: "\n") + "\n"))
        // 62 -> 60, 38 -> 40, total 106 -> 105; the 6 is suppressed, and with it the shares of
        // those who stated (they would give it away), and the smallest other count (38).
        #expect(outcome.files["aggregates/sex.csv"] == """
            sex,people,people %
            female,60,[c]
            male,[c],[c]
            not_stated,[c],
            total,105,100

            """)
        let json = try #require(outcome.files["aggregates/sex.json"])
        #expect(json.contains("\"rounded_to\" : 5") && json.contains("\"policy\" : \"nhsd\""))
        // No small count: 62 -> 60, 43 -> 45, 12 -> 10, 117 -> 115; the shares are of the shown
        // counts: 60 and 45 of 115 - 10 = 105 -> 57% and 43%.
        lines = ["case_ref,sex"]
        for (value, count) in [("female", 62), ("male", 43), ("not_stated", 12)] { for _ in 0..<count { lines.append("C\(lines.count),\(value)") } }
        let larger = try aggregate(yaml: yaml, input: (lines.joined(separator: "\n") + "\n"))
        #expect(larger.files["aggregates/sex.csv"] == "sex,people,people %\nfemale,60,57\nmale,45,43\nnot_stated,10,\ntotal,115,100\n")
    }

    @Test func datesCountByFinancialYearAndATableOfSumsAddsAColumnUp() throws {
        let yaml = """
            tables:
              - {name: by_year, unit: requests, rows: {column: received_date, as: financial_year}}
              - {name: pages, unit: pages disclosed, sum: pages_disclosed, rows: status}
            """
        let input = """
            request_ref,received_date,status,pages_disclosed
            1,31/03/2017,completed,120
            2,01/04/2017,completed,30
            3,2016-04-01,completed,
            4,12 March 2019,in_progress,7
            5,not a date,completed,5

            """
        let outcome = try aggregate(yaml: yaml, input: input)
        // 31 March 2017 is 2016/17, 1 April 2017 is 2017/18; a date that is not one counts as not recorded.
        #expect(outcome.files["aggregates/by_year.csv"] == "received_date,requests\nnot_recorded,1\n2016/17,2\n2017/18,1\n2018/19,1\ntotal,5\n")
        // Pages: 120 + 30 + (none: 0) + 5 completed, 7 in progress.
        #expect(outcome.files["aggregates/pages.csv"] == "status,pages disclosed\ncompleted,155\nin_progress,7\ntotal,162\n")
        let summary = try #require(outcome.files["aggregates/summary.md"])
        #expect(summary.contains("| 2016/17 | 2 |") && summary.contains("For the team's use"))
    }

    @Test func theReportShowsATablesOwnSymbolForASuppressedCount() throws {
        let yaml = Self.equalityTables.replacingOccurrences(of: "disclosure: {policy: ukhsa}", with: "disclosure: {policy: ukhsa, symbol: \"*\"}")
        let outcome = try aggregate(yaml: yaml, input: Self.equalityInput)
        let page = try #require(outcome.files["report.html"])
        #expect(page.contains("<td>*</td>") && page.contains(">*</text>") && page.contains("(*: suppressed)"))
        #expect(!page.contains("[c]"))
    }
}

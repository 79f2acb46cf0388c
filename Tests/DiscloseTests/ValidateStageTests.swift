import Foundation
import Testing
@testable import Disclose

/// The validate stage over the dirty exports (Fixtures/dirty, one defect per row) with the shipped
/// schemas and rules, through the real runner.
struct ValidateStageTests {
    private struct Outcome {
        let extract: [[String: String]]
        let quarantine: [[String: String]]
        let counts: RunCounts
        let report: QualityReport
        let files: [String: [UInt8]]
    }

    private func validate(_ input: String, dataset: String = "complaints", workers: Int = 2, batchBytes: Int = 1 << 20) throws -> Outcome {
        let schemas = ["complaints": "complaints", "foi": "foi_requests", "sar": "sar_requests", "complaint_parts": "complaint_parts"]
        let stage = try ValidateStage(options: StageOptions([
            "schema": .file(repositoryRoot.appendingPathComponent("Pipelines/schemas/\(schemas[dataset]!).json").path),
            "rules": .file(repositoryRoot.appendingPathComponent("Pipelines/validate/\(dataset).yaml").path),
            "references": .fileMap([StringPair("complaints", fixture("complaints-sample.csv")),
                                    StringPair("parts", fixture("dirty/complaint-parts-dirty.csv"))]),
        ]))
        let pipeline = Pipeline(name: "validate", inputFormat: .csv, stages: [stage], extractFormat: .csv)
        let run = try runToFiles(pipeline, input: input, workers: workers, batchBytes: batchBytes)
        let counts = run.counts
        let files = try #require(counts.stageReports.first { $0.stage == "validate" }).files
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let report = try decoder.decode(QualityReport.self, from: Data(try #require(files["quality.json"])))
        return Outcome(extract: try rows(run.extractPath), quarantine: try rows(run.quarantinePath), counts: counts, report: report, files: files)
    }

    private func rows(_ path: String) throws -> [[String: String]] {
        let result = try read(path)
        return result.records.map { Dictionary(uniqueKeysWithValues: zip(result.columns, $0.fields)) }
    }

    @Test func theDirtyExportIsFixedQuarantinedAndReportedExactly() throws {
        let outcome = try validate(fixture("dirty/complaints-dirty.csv"))
        // Nothing lost.
        #expect(outcome.counts.rowsIn == 38)
        #expect(outcome.counts.rowsOut + outcome.counts.rowsQuarantined == 38)
        #expect(outcome.report.rows == QualityReport.Rows(checked: 38, passed: 17, quarantined: 21, withWarnings: 2))

        let quarantined = outcome.quarantine.map { [$0["_row"]!, $0["_rule"]!, $0["_column"]!, $0["_reason"]!] }
        #expect(quarantined == [
            ["5", "schema.type", "received_date", "not a date (yyyy-mm-dd) (and 1 more problem)"],
            ["6", "schema.required", "received_date", "a value is required"],
            ["7", "schema.type", "stage1_response_date", "not a date (yyyy-mm-dd)"],
            ["8", "schema.minimum", "received_date", "below the minimum 2012-01-01"],
            ["9", "rule.stage1_response_after_received", "stage1_response_date", "stage1_response_date is before received_date"],
            ["12", "schema.enum", "stage1_outcome", "not one of the 7 allowed values"],
            ["14", "schema.enum", "procedure", "not one of the 4 allowed values"],
            ["17", "schema.type", "formal", "not one of the true or false values"],
            ["18", "schema.required", "formal", "a value is required"],
            ["19", "rule.stage2_has_start", "stage2_start_date", "stage2_start_date is required when stage_reached is at least 2"],
            ["20", "schema.maximum", "stage_reached", "above the maximum 3 (and 2 more problems)"],
            ["21", "schema.type", "stage_reached", "not a whole number"],
            ["22", "schema.primaryKey", "case_ref", "the same value as row 2"],
            ["23", "schema.pattern", "case_ref", "does not match the pattern"],
            ["24", "schema.required", "case_ref", "a value is required"],
            ["25", "rule.informal_has_no_finding", "stage1_outcome", "stage1_outcome must be informal or withdrawn when formal is no"],
            ["31", "rule.ombudsman_decision_needs_ombudsman", "ombudsman", "ombudsman is required when ombudsman_decision has a value"],
            ["33", "schema.enum", "ethnicity", "not one of the 21 allowed values"],
            ["34", "rule.stage2_after_stage1", "stage2_start_date", "stage2_start_date is before stage1_response_date"],
            ["35", "rule.stage3_has_start", "stage3_start_date", "stage3_start_date is required when stage_reached is at least 3"],
            ["38", "schema.enum", "channel", "not one of the 6 allowed values (and 1 more problem)"],
        ])
        // Quarantined rows keep the values as they came in.
        let row10 = try #require(outcome.quarantine.first { $0["_row"] == "5" })
        #expect(row10["received_date"] == "04/25/2024")

        // Fixed values in the extract, by case_ref.
        let extract = Dictionary(uniqueKeysWithValues: outcome.extract.map { ($0["case_ref"]!, $0) })
        #expect(extract["CMP-2024-90002"]?["received_date"] == "2024-04-05")             // 5/4/24
        #expect(extract["CMP-2024-90003"]?["stage1_start_date"] == "2024-04-05")         // 05 Apr 2024
        #expect(extract["CMP-2024-90009"]?["stage1_outcome"] == "partially_upheld")      // Part Upheld
        #expect(extract["CMP-2024-90010"]?["stage1_outcome"] == "partially_upheld")      // partly upheld
        #expect(extract["CMP-2024-90012"]?["procedure"] == "adult_social_care")
        #expect(extract["CMP-2024-90014"]?["channel"] == "telephone")                    // Phone
        #expect(extract["CMP-2024-90015"]?["formal"] == "yes")                           // Y
        #expect(extract["CMP-2024-90025"]?["complainant_postcode"] == "S65 1AA")
        #expect(extract["CMP-2024-90026"]?["complainant_postcode"] == "NOT KNOWN")      // a warning keeps the row as it is
        #expect(extract["CMP-2024-90028"]?["directorate"] == "Adult Care, Housing and Public Health")
        #expect(extract["CMP-2024-90029"]?["description"] == "My mother's care package was reduced.")
        #expect(extract["CMP-2024-90031"]?["ethnicity"] == "white_british")
        #expect(extract["CMP-2024-90035"]?["sex"] == "female")
        #expect(extract["CMP-2024-90036"]?["stage1_extended"] == "yes")
        #expect(extract["CMP-2024-90038"]?["stage1_outcome"] == "not_upheld")

        // The report: every failure with its rows, every fix with its count.
        let failures = outcome.report.failures.map { "\($0.rule) \($0.column) \($0.severity) \($0.count) \($0.firstRows)" }
        #expect(failures == [
            "schema.pattern case_ref error 1 [23]",
            "schema.primaryKey case_ref error 1 [22]",
            "schema.required case_ref error 1 [24]",
            "schema.minimum received_date error 1 [8]",
            "schema.required received_date error 1 [6]",
            "schema.type received_date error 1 [5]",
            "schema.enum procedure error 1 [14]",
            "schema.enum channel error 1 [38]",
            "schema.required formal error 1 [18]",
            "schema.type formal error 1 [17]",
            "schema.maximum stage_reached error 1 [20]",
            "schema.minimum stage_reached error 1 [38]",
            "schema.type stage_reached error 1 [21]",
            "schema.type stage1_start_date error 1 [5]",
            "rule.stage1_response_after_received stage1_response_date error 1 [9]",
            "schema.type stage1_response_date error 1 [7]",
            "rule.informal_has_no_finding stage1_outcome error 1 [25]",
            "schema.enum stage1_outcome error 1 [12]",
            "rule.stage2_after_stage1 stage2_start_date error 1 [34]",
            "rule.stage2_has_start stage2_start_date error 2 [19, 20]",
            "rule.stage3_has_start stage3_start_date error 2 [20, 35]",
            "rule.ombudsman_decision_needs_ombudsman ombudsman error 1 [31]",
            "schema.pattern complainant_postcode warning 1 [27]",
            "schema.type complainant_dob warning 1 [28]",
            "schema.enum ethnicity error 1 [33]",
        ])
        let fixes = outcome.report.fixes.map { "\($0.fix) \($0.column) \($0.count)" }
        #expect(fixes == [
            "uk_date received_date 36", "case_fold procedure 1", "trim directorate 1", "case_fold channel 1", "synonyms channel 1",
            "boolean formal 1", "uk_date stage1_start_date 37", "boolean stage1_extended 1", "uk_date stage1_response_date 37",
            "case_fold stage1_outcome 3", "synonyms stage1_outcome 2", "trim stage1_outcome 1", "uk_date stage2_start_date 2",
            "uk_date stage2_response_date 1", "postcode complainant_postcode 37", "uk_date complainant_dob 37", "case_fold sex 1",
            "synonyms sex 1", "case_fold ethnicity 1", "collapse_whitespace description 1",
        ])
        // Completeness and the values of vocabulary columns; none for personal columns.
        let columns = Dictionary(uniqueKeysWithValues: outcome.report.columns.map { ($0.name, $0) })
        #expect(columns["stage2_start_date"]?.missing == 36)
        #expect(columns["stage2_start_date"]?.missingPercent == 94.7)
        #expect(columns["channel"]?.values == ["email": 36, "telephone": 1])
        #expect(columns["complainant_postcode"]?.personal == true)
        #expect(columns["complainant_postcode"]?.values == nil)
    }

    /// Each quarantined row as "row rule column reason".
    private func quarantined(_ outcome: Outcome) -> [String] {
        outcome.quarantine.map { "\($0["_row"]!) \($0["_rule"]!) \($0["_column"]!): \($0["_reason"]!)" }
    }

    @Test func theDirtyFOILogIsFixedQuarantinedAndReportedExactly() throws {
        let outcome = try validate(fixture("dirty/foi-dirty.csv"), dataset: "foi")
        #expect(outcome.report.rows == QualityReport.Rows(checked: 15, passed: 7, quarantined: 8, withWarnings: 1))
        #expect(quarantined(outcome) == [
            "5 schema.enum regime: not one of the 2 allowed values",
            "8 schema.enum requester_type: not one of the 7 allowed values",
            "9 schema.type received_date: not a date (yyyy-mm-dd)",
            "10 rule.response_after_received response_date: response_date is before received_date",
            "11 rule.answered_has_outcome outcome: outcome is required when response_date has a value",
            "14 schema.type internal_review: not one of the true or false values",
            "15 schema.primaryKey request_ref: the same value as row 2",
            "16 schema.minimum received_date: below the minimum 2012-01-01",
        ])
        let extract = Dictionary(uniqueKeysWithValues: outcome.extract.map { ($0["request_ref"]!, $0) })
        #expect(extract["FOI-2023-90002"]?["regime"] == "foia")
        #expect(extract["FOI-2023-90003"]?["regime"] == "eir")
        #expect(extract["FOI-2023-90005"]?["outcome"] == "granted_part")
        #expect(extract["FOI-2023-90006"]?["requester_type"] == "journalist")
        #expect(extract["FOI-2023-90011"]?["exemptions"] == "s40(2)")     // a warning: kept as it is
        #expect(extract["FOI-2023-90012"]?["pit_extended"] == "yes")
        #expect(outcome.report.failures.filter { $0.severity == "warning" }.map { "\($0.rule) \($0.firstRows)" }
                == ["rule.exemptions_only_when_withheld [12]"])
    }

    @Test func theDirtySARLogIsFixedQuarantinedAndReportedExactly() throws {
        let outcome = try validate(fixture("dirty/sar-dirty.csv"), dataset: "sar")
        #expect(outcome.report.rows == QualityReport.Rows(checked: 13, passed: 5, quarantined: 8, withWarnings: 0))
        #expect(quarantined(outcome) == [
            "4 schema.enum status: not one of the 4 allowed values",
            "5 schema.required status: a value is required",
            "6 rule.completed_has_response response_date: response_date is required when status is completed or further_records",
            "7 rule.clock_starts_on_or_after_receipt clock_start_date: clock_start_date is before received_date",
            "8 schema.minimum paused_days: below the minimum 0",
            "9 schema.type paused_days: not a whole number",
            "10 schema.type pages_disclosed: not a whole number",
            "13 schema.type received_date: not a date (yyyy-mm-dd)",
        ])
        let extract = Dictionary(uniqueKeysWithValues: outcome.extract.map { ($0["request_ref"]!, $0) })
        #expect(extract["SAR-2023-90002"]?["status"] == "completed")
        #expect(extract["SAR-2023-90010"]?["extended"] == "no")
        #expect(extract["SAR-2023-90011"]?["records_requested"] == "adult_social_care")
        #expect(extract["SAR-2023-90013"]?["received_date"] == "2023-04-25")
    }

    @Test func complaintPartsAreLookedUpInTheComplaintsAndInEarlierStages() throws {
        let outcome = try validate(fixture("dirty/complaint-parts-dirty.csv"), dataset: "complaint_parts")
        #expect(outcome.report.rows == QualityReport.Rows(checked: 11, passed: 5, quarantined: 6, withWarnings: 1))
        #expect(quarantined(outcome) == [
            "7 rule.part_of_a_known_complaint case_ref: case_ref has no match in complaints.case_ref",
            "8 schema.primaryKey case_ref+stage+part_no: the same value as row 2",
            "9 schema.maximum stage: above the maximum 3",
            "10 schema.minimum part_no: below the minimum 1",
            "11 schema.required part_no: a value is required",
            "12 schema.enum outcome: not one of the 7 allowed values",
        ])
        // The stage 2 part of a case whose stage 1 parts were all upheld: a warning, the row kept.
        #expect(outcome.report.failures.filter { $0.severity == "warning" }.map { "\($0.rule) \($0.column) \($0.firstRows)" }
                == ["rule.stage2_parts_follow_stage1_parts_not_upheld case_ref [6]"])
        #expect(outcome.extract.map { $0["outcome"]! } == ["not_upheld", "partially_upheld", "not_upheld", "upheld", "not_upheld"])
    }

    @Test func aReferenceTheStageIsNotGivenIsAConfigurationError() throws {
        let rules = try ValidationRules.load(path: repositoryRoot.appendingPathComponent("Pipelines/validate/complaint_parts.yaml").path)
        let schema = try TableSchema.load(path: repositoryRoot.appendingPathComponent("Pipelines/schemas/complaint_parts.json").path)
        let error = #expect(throws: PipelineError.self) { try ValidateStage(schema: schema, rules: rules, references: [:]) }
        #expect(error?.problems.first?.message == "rule part_of_a_known_complaint looks values up in 'complaints', which the stage's references do not name")
    }

    @Test func theOutcomeIsTheSameForAnyWorkerCountAndBatchSize() throws {
        let one = try validate(fixture("dirty/complaints-dirty.csv"), workers: 1, batchBytes: 1 << 20)
        for (workers, batchBytes) in [(2, 512), (4, 2048), (3, 100)] {
            let other = try validate(fixture("dirty/complaints-dirty.csv"), workers: workers, batchBytes: batchBytes)
            #expect(other.extract == one.extract)
            #expect(other.quarantine == one.quarantine)
            #expect(other.files == one.files)
        }
    }

    /// The runner gives the stage a batch no one else holds, and fixes are written where the rows
    /// lie; a batch someone else still holds is copied first, and they keep the values as read.
    @Test func aBatchSomeoneElseHoldsKeepsItsValuesAndTheOutputIsTheRunnersOwn() throws {
        let input = fixture("dirty/complaints-dirty.csv")
        let stage = try ValidateStage(options: StageOptions([
            "schema": .file(repositoryRoot.appendingPathComponent("Pipelines/schemas/complaints.json").path),
            "rules": .file(repositoryRoot.appendingPathComponent("Pipelines/validate/complaints.yaml").path),
        ]))
        let (reader, parser) = try RecordFormat.csv.openReader(try ByteSource(path: input), batchBytes: 1 << 20)
        let batch = parser.parse(try #require(try reader.nextChunk()))
        #expect(try reader.nextChunk() == nil)
        func csv(_ batch: RecordBatch) -> String {
            var out: [UInt8] = []
            CSVEncoder().encodeRows(of: batch, columns: [], into: &out)
            return String(decoding: out, as: UTF8.self)
        }
        let asRead = csv(batch)
        let output = try stage.bind(columns: reader.columns).process(batch)

        #expect(csv(batch) == asRead)
        let run = try runToFiles(Pipeline(name: "validate", inputFormat: .csv, stages: [stage], extractFormat: .csv), input: input)
        let extract = try String(contentsOfFile: run.extractPath, encoding: .utf8)
        #expect(extract.drop { $0 != "\n" }.dropFirst() == csv(output))
        #expect(csv(output) != asRead)
    }

    @Test(arguments: [("complaints", "complaints"), ("foi", "foi_requests"), ("sar", "sar_requests")])
    func noPersonalValueAppearsInTheQuarantineReasonsOrTheReport(dataset: String, schemaName: String) throws {
        let file = fixture("dirty/\(dataset)-dirty.csv")
        let outcome = try validate(file, dataset: dataset)
        let input = try read(file)
        let schema = try TableSchema.load(path: repositoryRoot.appendingPathComponent("Pipelines/schemas/\(schemaName).json").path)
        let personal = Set(schema.fields.filter(\.personal).map(\.name))
        var values = Set<String>()
        for record in input.records {
            for (column, value) in zip(input.columns, record.fields) where personal.contains(column) {
                let trimmed = value.trimmingCharacters(in: .whitespaces)
                if trimmed.count >= 4 { values.insert(trimmed) }
                // Each part of a name, too.
                guard column.hasSuffix("_name") else { continue }
                for word in trimmed.split(whereSeparator: { !$0.isLetter && !$0.isNumber }) where word.count >= 4 { values.insert(String(word)) }
            }
        }
        #expect(values.count >= 4)
        #expect(!outcome.quarantine.isEmpty)
        let reasons = outcome.quarantine.map { [$0["_rule"]!, $0["_column"]!, $0["_reason"]!].joined(separator: " ") }.joined(separator: "\n")
        let report = outcome.files.values.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
        for value in values {
            #expect(!reasons.contains(value), "a personal value in a quarantine reason: \(value)")
            #expect(!report.contains(value), "a personal value in the quality report: \(value)")
        }
    }

    @Test(arguments: [
        ("s651aa", "S65 1AA"), ("  sw1a 2aa ", "SW1A 2AA"), ("m1 1ae", "M1 1AE"), ("b338th", "B33 8TH"),
        ("NOT KNOWN", nil), ("12345", nil), ("S65", nil), ("S65 1AA", nil),
        // Written as the fix writes them, at every length; and near misses of that, which it fixes or is no postcode.
        ("M1 1AE", nil), ("SW1A 2AA", nil), ("EC1A 1BB", nil), ("S65 1Aa", "S65 1AA"), ("S65  1AA", "S65 1AA"), ("s65 1AA", "S65 1AA"),
        ("S651 AA", "S65 1AA"), ("SA 1AA", nil), ("1S 1AA", nil), ("S-5 1AA", nil), ("S65 AAA", nil), ("ABCDE 1AA", nil),
    ] as [(String, String?)])
    func postcodesAreUpperCaseWithOneSpace(value: String, fixed: String?) {
        let fix = ValidationRules.Fix(.postcode, columns: nil)
        let result = FieldFixes.apply(fix, to: Array(value.utf8)).map { String(decoding: $0, as: UTF8.self) }
        #expect(result == fixed)
    }

    @Test(arguments: [
        ("abcdefg  hijklmnop", "abcdefg hijklmnop"),         // two spaces across an eight-byte boundary
        ("abcdefgh  ijklmnop", "abcdefgh ijklmnop"),
        ("abcdefghijkl\tmnop", "abcdefghijkl mnop"),
        ("a b c d e f g h i j k l", nil),
        ("abcdefg! hijklmno! pq", nil),
        ("abcdefghijklmnopq ", "abcdefghijklmnopq"),
        (" lead", "lead"),
        ("line one\r\nline two", "line one line two"),
        ("café  crème brûlée", "café crème brûlée"),
    ] as [(String, String?)])
    func whitespaceRunsCollapseToOneSpace(value: String, collapsed: String?) {
        let fix = ValidationRules.Fix(.collapseWhitespace, columns: nil)
        #expect(FieldFixes.apply(fix, to: Array(value.utf8)).map { String(decoding: $0, as: UTF8.self) } == collapsed)
    }

    @Test func whitespaceCollapsesLikeSplittingIntoWordsInRandomValues() {
        // Values of every length up to 70 with spaces, tabs, line breaks, another control byte and
        // UTF-8 among letters, against splitting into words and joining them with one space.
        let pieces: [[UInt8]] = [[0x61], [0x62, 0x63], [0x20], [0x20], [0x20, 0x20], [0x09], [0x0A], [0x0D], [0x01], [0xC3, 0xA9], [0x21]]
        let fix = ValidationRules.Fix(.collapseWhitespace, columns: nil)
        var random = SeededRandom(seed: 70)
        for _ in 0..<20_000 {
            var value: [UInt8] = []
            let length = Int.random(in: 0...70, using: &random)
            while value.count < length { value += pieces.randomElement(using: &random)! }
            let words = value.split(whereSeparator: { [0x20, 0x09, 0x0A, 0x0D].contains($0) })
            let joined = Array(words.joined(separator: [0x20]))
            #expect(FieldFixes.apply(fix, to: value) == (joined == value ? nil : joined), "\(value)")
        }
    }

    @Test(arguments: [
        ("Part Upheld", "part_upheld"), ("  partly-upheld ", "partly_upheld"), ("In Person", "in_person"), ("NOT_STATED", "not_stated"),
    ])
    func vocabularyWordsAreFolded(value: String, folded: String) {
        #expect(FieldFixes.folded(value) == folded)
    }

    @Test func aSchemaWithProblemsNamesEachWithItsLine() throws {
        let path = temporaryFile(Array("""
            {
              "fields": [
                {"name": "a", "type": "text"},
                {"name": "b", "type": "date", "format": "%q"},
                {"name": "c", "constraints": {"requird": true}},
                {"name": "d", "constraints": {"pattern": "("}}
              ],
              "primaryKey": "z"
            }
            """.utf8), name: "schema.json")
        let error = #expect(throws: PipelineError.self) { try TableSchema.load(path: path) }
        let messages = error?.problems.map { "\($0.line.map(String.init) ?? "-"): \($0.message)" } ?? []
        #expect(messages.count == 5)
        #expect(messages[0] == "3: a: type 'text' is not one of string, integer, number, boolean, date, datetime, year")
        #expect(messages[1] == "4: b: date format '%q' is not default, any, or a pattern of %d, %m, %Y")
        #expect(messages[2].hasPrefix("5: c: unknown constraint 'requird'"))
        #expect(messages[3].hasPrefix("6: d: pattern:"))
        #expect(messages[4] == "8: primaryKey names 'z', which is not a field")
    }

    @Test(arguments: [
        ("integer", "42", true), ("integer", "-7", true), ("integer", "4.2", false), ("integer", "", true),
        ("number", "4.25", true), ("number", "four", false), ("year", "2024", true), ("year", "24", false),
        ("date", "2024-02-29", true), ("date", "2023-02-29", false), ("date", "29/02/2024", false),
        ("datetime", "2024-02-29T13:05:00Z", true), ("datetime", "2024-02-29 13:05", false),
        ("boolean", "yes", true), ("boolean", "true", false),
    ])
    func typesAreCheckedAsTableSchemaDefines(type: String, value: String, passes: Bool) throws {
        let field = SchemaField(name: "x", type: try #require(SchemaField.FieldType(rawValue: type)), trueValues: ["yes"], falseValues: ["no"])
        let check = FieldCheck(field, missingValues: [""])
        let failures = Array(value.utf8).withUnsafeBytes { check.failures($0) }
        #expect(failures.isEmpty == passes)
    }

    @Test func dateFormatPatternsReadTheirLayout() {
        #expect(DatePattern.parse("25/12/2024", pattern: "%d/%m/%Y") == CivilDate(year: 2024, month: 12, day: 25)!.dayNumber)
        #expect(DatePattern.parse("12/25/2024", pattern: "%d/%m/%Y") == nil)
        #expect(DatePattern.parse("12/25/2024", pattern: "%m/%d/%Y") == CivilDate(year: 2024, month: 12, day: 25)!.dayNumber)
        #expect(DatePattern.parse("25.12.24", pattern: "%d.%m.%y") == CivilDate(year: 2024, month: 12, day: 25)!.dayNumber)
    }

    @Test func firstSeenKeysGiveTheFirstRowOfEachKeyAcrossGrowth() {
        let seen = FirstSeenKeys()
        func first(_ key: String, row: Int) -> Int? {
            let bytes = Array(key.utf8)
            return bytes.withUnsafeBytes { seen.firstRow(of: $0, hash: FirstSeenKeys.hash($0), orRecord: row) }
        }
        // 5,000 keys grow the table several times over; each keeps the row that had it first.
        for number in 0..<5_000 { #expect(first("CMP-2024-\(number)", row: number + 2) == nil) }
        for number in stride(from: 0, to: 5_000, by: 7) { #expect(first("CMP-2024-\(number)", row: 9_000) == number + 2) }
        // A key that is a prefix of another, and the empty key, are keys of their own.
        #expect(first("CMP-2024-1", row: 9_001) == 3)
        #expect(first("CMP-2024-", row: 9_002) == nil)
        #expect(first("", row: 9_003) == nil)
        #expect(first("", row: 9_004) == 9_003)
        // Keys longer than a block of key bytes (64 KiB), between short ones, and keys that fill blocks to the byte.
        let long = String(repeating: "L", count: 70_000), longer = long + "M"
        #expect(first(long, row: 9_005) == nil)
        #expect(first("CMP-2024-4999", row: 9_006) == 5_001)
        #expect(first(longer, row: 9_007) == nil)
        #expect(first(long, row: 9_008) == 9_005)
        #expect(first(longer, row: 9_009) == 9_007)
        for number in 0..<2_000 { #expect(first(String(repeating: "k", count: 31) + "\(number % 10)" + String(number), row: 10_000 + number) == nil) }
        for number in stride(from: 0, to: 2_000, by: 13) {
            #expect(first(String(repeating: "k", count: 31) + "\(number % 10)" + String(number), row: 20_000) == 10_000 + number)
        }
        for number in stride(from: 0, to: 5_000, by: 11) { #expect(first("CMP-2024-\(number)", row: 30_000) == number + 2) }
    }

    @Test func byteComparisonSeesADifferenceAtEveryPlaceAndLength() {
        // Every length either side of the short paths' loads (1-3 bytes, 4-7, 8-16, then memcmp).
        for count in 0...40 {
            let bytes = (0..<count).map { UInt8(0x41 + $0 % 26) }
            bytes.withUnsafeBytes { original in
                #expect(original.equals(UnsafeRawBufferPointer(rebasing: original[...])), "\(count)")
                Array(bytes + [0x41]).withUnsafeBytes { longer in
                    #expect(!original.equals(UnsafeRawBufferPointer(rebasing: longer[0..<(count + 1)])), "\(count)")
                }
                for place in 0..<count {
                    var changed = bytes
                    changed[place] ^= 0x20
                    changed.withUnsafeBytes { #expect(!original.equals($0), "\(count) at \(place)") }
                }
            }
        }
    }

    @Test func enumValueTablesFindEachValueExactlyAndNothingElse() {
        // Lengths either side of each load the table compares (1-3, 4-7, 8, 16, 17, 24, 25 bytes), values
        // that share their first words, a value listed twice, and one in many.
        let values = ["no", "f", "abc", "abcd", "abcdef", "1234567", "12345678", "not_stated", "member_of_public", "mixed_white_asian", "mixed_white_black",
                      "quality_of_service_12345", "quality_of_service_123456", "quality_of_service_123457", "not_stated"]
            + (0..<40).map { "value_\($0)" }
        let table = EnumValueTable(values.map { Array($0.utf8) })
        defer { table.deallocate() }
        func index(_ text: String) -> Int? { Array(text.utf8).withUnsafeBytes { table.index(of: $0) } }
        for (position, value) in values.enumerated() {
            #expect(index(value) == values.firstIndex(of: value), "\(value) at \(position)")
        }
        for miss in ["", "n", "No", "abd", "xbc", "abce", "xbcd", "abcdeg", "xbcdef", "abcdf", "ab", "not_stateD", "Not_stated", "member_of_publi", "member_of_publicx", "mixed_white_asiaN",
                     "mixed_whitE_asian", "mixed_whXte_asian", "quality_of_service_12346", "quality_of_service_123458", "quality_of_sErvice_123456",
                     "12345679", "1234568", "value_40", "value_1 "] {
            #expect(index(miss) == nil, "\(miss)")
        }
    }

    @Test func aRulesFileWithMoreThan64FixesIsRefusedWithItsLine() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rules-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        let fixes = (0..<65).map { "  - {fix: trim, columns: [column\($0)]}" }.joined(separator: "\n")
        try ("fixes:\n" + fixes + "\n").write(to: file, atomically: true, encoding: .utf8)
        let error = #expect(throws: PipelineError.self) { try ValidationRules.load(path: file.path) }
        #expect(error?.problems.map(\.line) == [66])
        #expect(error?.problems.first?.message == "at most 64 fixes (list several columns in one fix instead)")
    }
}

extension ValidateStageTests {
    @Test func firstSeenKeysGiveEachKeysFirstRowThroughGrowthAndSharedHashes() {
        // 6,000 rows of 4,000 possible keys, so many repeat, through several doublings of the
        // table; every fifth key has one shared hash, so that equal hashes with other bytes meet.
        let keys = FirstSeenKeys()
        var reference: [[UInt8]: Int] = [:]
        var random = SeededRandom(seed: 6)
        for row in 1...6_000 {
            let number = Int.random(in: 0..<4_000, using: &random)
            let key = Array("REF-\(number)".utf8)
            let hash = number % 5 == 0 ? 0x5EED : key.withUnsafeBytes { FirstSeenKeys.hash($0) }
            if row % 100 == 0 { keys.prepare(adding: 100, hashes: [hash]) }
            let found = key.withUnsafeBytes { keys.firstRow(of: $0, hash: hash, orRecord: row) }
            #expect(found == reference[key], "row \(row)")
            if reference[key] == nil { reference[key] = row }
        }
    }
}

extension ValidateStageTests {
    /// An empty field takes what the checks make of an empty value, found once per column, unless
    /// a fix would fill it: a synonym for the empty value fills it (and is counted), and a
    /// required column's empty field still fails.
    @Test func anEmptyFieldIsFilledByASynonymForNothingAndFailsWhereRequired() throws {
        let directory = temporaryDirectory()
        let schema = directory.appendingPathComponent("schema.json"), rules = directory.appendingPathComponent("rules.yaml")
        try #"{"fields": [{"name": "sex", "type": "string"}, {"name": "ref", "type": "string", "constraints": {"required": true}}, {"name": "note", "type": "string"}]}"#
            .write(to: schema, atomically: true, encoding: .utf8)
        try "fixes:\n  - {fix: trim, columns: all}\n  - fix: synonyms\n    columns: [sex]\n    map: {\"\": not_stated, f: female}\n"
            .write(to: rules, atomically: true, encoding: .utf8)
        let stage = try ValidateStage(options: StageOptions(["schema": .file(schema.path), "rules": .file(rules.path)]))
        let pipeline = Pipeline(name: "validate", inputFormat: .csv, stages: [stage], extractFormat: .csv)
        let input = directory.appendingPathComponent("input.csv")
        try "sex,ref,note\n,1,\nf,2,x\n,,\n".write(to: input, atomically: true, encoding: .utf8)
        let run = try runToFiles(pipeline, input: input.path)
        #expect(try String(contentsOfFile: run.extractPath, encoding: .utf8) == "sex,ref,note\nnot_stated,1,\nfemale,2,x\n")
        let quarantine = try read(run.quarantinePath)
        #expect(quarantine.records.map { $0.fields } == [["", "", "", "4", "schema.required", "ref", "a value is required", ""]])
        let report = try #require(run.counts.stageReports.first { $0.stage == "validate" }?.files["quality.json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report)) as? [String: Any])
        let fixes = try #require(json["fixes"] as? [[String: Any]])
        #expect(fixes.contains { $0["fix"] as? String == "synonyms" && $0["column"] as? String == "sex" && $0["count"] as? Int == 3 })
    }
}

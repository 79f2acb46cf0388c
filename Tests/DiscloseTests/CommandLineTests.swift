import Foundation
import Testing
@testable import Disclose

/// The `disclose` executable as a user runs it: outputs, exit statuses, chaining.
struct CommandLineTests {
    @Test func runWritesTheExtractQuarantineAndRunRecord() throws {
        let out = temporaryDirectory()
        let result = try disclose(["run", "Pipelines/complaints.yaml", "--input", "Fixtures/complaints-sample.csv", "--output", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(files == ["aggregates", "extract.csv", "quality.json", "quality.md", "quarantine.csv", "redaction-log.jsonl", "report.html", "run.json"])
        let tables = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("aggregates").path)
        let shipped = try AggregateConfig.load(path: repositoryRoot.appendingPathComponent("Pipelines/tables/complaints.yaml").path).tables
        #expect(tables.count == 2 * shipped.count + 1 && tables.contains("ethnicity_by_directorate.csv") && tables.contains("summary.md"))
        let record = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("run.json"))) as! [String: Any]
        let control = try #require(record["disclosure_control"] as? [String: [String: Int]])
        #expect(control.count == shipped.filter { $0.disclosure != nil }.count && control.values.allSatisfy { $0["narrowed_below_threshold"] == 0 })
        let quality = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("quality.json"))) as! [String: Any]
        #expect(quality["rows"] as? [String: Int] == ["checked": 250, "passed": 250, "quarantined": 0, "with_warnings": 0])
        let extract = try read(out.appendingPathComponent("extract.csv").path)
        #expect(extract.records.count == 250)
        #expect(!extract.columns.contains("complainant_name") && !extract.columns.contains("complainant_email"))
        #expect(extract.columns.contains("complainant_pseudonym") && extract.columns.contains("description"))
        #expect(extract.columns.suffix(3) == ["financial_year", "category_rule", "service_type"] && extract.columns.contains("category"))
        #expect(extract.columns.contains("ethnicity") && extract.columns.first == "case_ref")
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("run.json"))) as! [String: Any]
        let rows = report["rows"] as! [String: Any]
        #expect(rows["in"] as? Int == 250 && rows["out"] as? Int == 250 && rows["quarantined"] as? Int == 0)
        #expect(rows["accounted_for"] as? Bool == true)
        let pipeline = report["pipeline"] as! [String: Any]
        #expect((pipeline["sha256"] as? String)?.count == 64)
        #expect(try String(contentsOf: out.appendingPathComponent("quarantine.csv"), encoding: .utf8).hasSuffix(",_row,_rule,_column,_reason,_unplaced\n"))
    }

    @Test func theChainedFormGivesTheSameBytesAsRun() throws {
        let out = temporaryDirectory()
        try disclose(["run", "Pipelines/complaints.yaml", "--input", "Fixtures/complaints-sample.csv", "--output", out.path])
        let validated = try disclose([
            "validate", "--schema", "Pipelines/schemas/complaints.json", "--rules", "Pipelines/validate/complaints.yaml",
            "--report", temporaryDirectory().path,
        ], stdin: try Data(contentsOf: URL(fileURLWithPath: fixture("complaints-sample.csv"))))
        #expect(validated.status == 0)
        let redacted = try disclose(["redact", "--config", "Pipelines/redact/complaints.yaml", "--log", temporaryDirectory().path + "/log.jsonl"],
                                    stdin: Data(validated.stdout.utf8))
        #expect(redacted.status == 0)
        let categorised = try disclose(["categorise", "--config", "Pipelines/categorise/complaints.yaml"], stdin: Data(redacted.stdout.utf8))
        #expect(categorised.status == 0)
        let selected = try disclose([
            "select", "--drop-matching", "^complainant_(email|phone|address|dob)$",
            "--rename", "complainant_name=complainant_pseudonym,complainant_postcode=complainant_outward_code",
        ], stdin: Data(categorised.stdout.utf8))
        #expect(selected.status == 0)
        #expect(selected.stdout == (try String(contentsOf: out.appendingPathComponent("extract.csv"), encoding: .utf8)))
    }

    @Test func exitOneWhenQuarantinedRowsExceedTheQualityGate() throws {
        let input = temporaryFile(Array("id,name\n1,Ann\n2\n3,Cy\n4,Di\n".utf8))
        let out = temporaryDirectory()
        let passed = try disclose(["run", "Pipelines/passthrough.yaml", "--input", input, "--output", out.path, "--max-error-rate", "0.25"])
        #expect(passed.status == 0)
        let failed = try disclose(["run", "Pipelines/passthrough.yaml", "--input", input, "--output", out.path, "--max-error-rate", "0.2"])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("quality gate failed: 1 of 4 rows quarantined"))
        // The outputs are still there to inspect.
        #expect(try String(contentsOf: out.appendingPathComponent("quarantine.csv"), encoding: .utf8).contains("\n2,,3,csv.field_count,"))
    }

    @Test func validateChainsAndGatesOnTheShareOfQuarantinedRows() throws {
        let report = temporaryDirectory()
        let quarantine = report.appendingPathComponent("q.csv").path
        let arguments = ["validate", "--schema", "Pipelines/schemas/complaints.json", "--rules", "Pipelines/validate/complaints.yaml",
                         "--report", report.path, "--quarantine", quarantine, "--input", "Fixtures/dirty/complaints-dirty.csv"]
        // 21 of 38 rows quarantined: 55%.
        let passed = try disclose(arguments + ["--max-error-rate", "0.6"])
        #expect(passed.status == 0, "\(passed.stderr)")
        #expect(try read(temporaryFile(Array(passed.stdout.utf8))).records.count == 17)
        #expect(try read(quarantine).records.count == 21)
        let files = try FileManager.default.contentsOfDirectory(atPath: report.path).sorted()
        #expect(files == ["q.csv", "quality.json", "quality.md"])
        let failed = try disclose(arguments + ["--max-error-rate", "0.5"])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("quality gate failed: 21 of 38 rows quarantined"))
    }

    @Test func aggregateWritesItsTablesAndPassesTheRecordsOn() throws {
        let output = temporaryDirectory()
        let parts = try String(contentsOfFile: fixture("east-riding/complaint-parts.csv"), encoding: .utf8)
        let result = try disclose(["aggregate", "--config", "Pipelines/tables/complaint-parts.yaml",
                                   "--reference", "complaints=Fixtures/east-riding/complaints.csv", "--output", output.path],
                                  stdin: Data(parts.utf8))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == parts)
        let tables = try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent("aggregates").path).sorted()
        #expect(tables.count == 13 && tables.first == "corporate_stage1_part_outcomes.csv" && tables.contains("summary.md"))
        #expect(try String(contentsOfFile: output.appendingPathComponent("aggregates/csc_stage3_part_outcomes.csv").path, encoding: .utf8)
            == "outcome,parts,parts %\nnot_upheld,9,75\nupheld,1,8\npartially_upheld,0,0\nno_finding,2,17\ntotal,12,100\n")
        let missing = try disclose(["aggregate", "--config", "Pipelines/tables/complaint-parts.yaml", "--output", output.path], stdin: Data(parts.utf8))
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("lookup procedure reads 'complaints', which the stage's references do not name"))
    }

    @Test(arguments: [
        (["run"], "Missing expected argument"),
        (["run", "Pipelines/passthrough.yaml", "--bogus"], "Unknown option '--bogus'"),
        (["run", "Pipelines/passthrough.yaml", "--workers", "0"], "--workers must be at least 1"),
        (["run", "Fixtures/csv-cases/lf.csv"], "Fixtures/csv-cases/lf.csv:1: the top level must be a mapping"),
        (["check", "Pipelines/missing.yaml"], "cannot read the pipeline file"),
        (["select", "--drop-matching", "(x"], "bad regex at offset 2"),
        (["frobnicate"], "Unexpected argument 'frobnicate'"),
    ])
    func exitTwoForUsageAndPipelineErrors(arguments: [String], message: String) throws {
        let result = try disclose(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func exitTwoWhenThePipelineNamesAColumnTheInputLacks() throws {
        let result = try disclose(["select", "--keep", "nope"], stdin: Data("a,b\n1,2\n".utf8))
        #expect(result.status == 2)
        #expect(result.stderr.contains(
            "select: no column 'nope' among the input's 2 columns (their names are not shown: without a header row they would be the first case's values)"))
        let near = try disclose(["select", "--keep", "case_ref"], stdin: Data("Case Ref,b\n1,2\n".utf8))
        #expect(near.status == 2)
        #expect(near.stderr.contains("select: no column 'case_ref' among the input's 2 columns ('Case Ref' differs only in case, spaces or punctuation"))
    }

    /// A file with no header row: its first case is read as the column names, and no message shows them.
    @Test func aFileWithNoHeaderRowHasItsFirstCaseKeptOutOfEveryMessage() throws {
        let values = ["Zebedee Quartermaine", "zq@example.com", "07700 900461"]
        let once = temporaryFile(Array("CMP-2024-00001,\(values[0]),\(values[1]),\(values[2])\n".utf8))
        let missing = try disclose(["validate", "--schema", "Pipelines/schemas/complaints.json", "--input", once])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("validate: no column 'case_ref' among the input's 4 columns"), "\(missing.stderr)")
        // A requester who is also the data subject: the same name twice in row 1.
        let headerless = temporaryFile(Array("SAR-2024-00001,\(values[0]),\(values[1]),\(values[2]),\(values[0])\n".utf8), name: "twice.csv")
        let redacted = try disclose(["redact", "--input", once])
        #expect(redacted.status == 2 && redacted.stdout.isEmpty)
        #expect(redacted.stderr.contains("redact: row 1 (header), field 2: holds what looks like personal data (PERSON)"), "\(redacted.stderr)")
        // The scan, a CI gate, fails rather than count what it finds under the case's values.
        let scanned = try disclose(["scan", once])
        #expect(scanned.status == 2 && scanned.stdout.isEmpty)
        #expect(scanned.stderr.contains("scan: row 1 (header), field 2: holds what looks like personal data (PERSON)"), "\(scanned.stderr)")
        let twice = try disclose(["run", "Pipelines/passthrough.yaml", "--input", headerless, "--output", temporaryDirectory().path])
        #expect(twice.status == 3)
        #expect(twice.stderr.contains("row 1 (header), fields 2 and 5: the same column name twice"), "\(twice.stderr)")
        for value in values + ["Zebedee", "Quartermaine", "CMP-2024-00001", "SAR-2024-00001"] {
            #expect(!missing.stderr.contains(value) && !twice.stderr.contains(value) && !redacted.stderr.contains(value) && !scanned.stderr.contains(value))
        }
    }

    @Test func exitThreeForInputAndOutputErrors() throws {
        let missing = try disclose(["run", "Pipelines/passthrough.yaml", "--input", "no/such.csv", "--output", temporaryDirectory().path])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("no/such.csv: cannot open: No such file or directory"))
        let blocked = temporaryFile([], name: "a-file")
        let unwritable = try disclose(["run", "Pipelines/passthrough.yaml", "--input", "Fixtures/csv-cases/lf.csv", "--output", blocked])
        #expect(unwritable.status == 3)
        let duplicated = try disclose(["select", "--drop", "a"], stdin: Data("a,a\n".utf8))
        #expect(duplicated.status == 3)
        #expect(duplicated.stderr.contains("stdin: row 1 (header), fields 1 and 2: the same column name twice"))
    }

    @Test func checkReportsSoundAndBrokenPipelines() throws {
        let good = try disclose(["check", "Pipelines/complaints.yaml"])
        #expect(good.status == 0)
        #expect(good.stdout == "Pipelines/complaints.yaml: ok: complaints: csv -> validate -> redact -> categorise -> aggregate -> select -> csv\n")
        let broken = temporaryFile(Array("stages:\n  - kind: select\n    keep: 3\n  - kind: nope\n".utf8), name: "broken.yaml")
        let result = try disclose(["check", broken])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(broken):3: stage 1 (select): option 'keep' must be a list of strings"))
        #expect(result.stderr.contains("\(broken):4: stage 2: unknown stage kind 'nope'"))
    }

    @Test func generateIsDeterministicAndMadeTheCommittedSample() throws {
        let sample = try String(contentsOfFile: fixture("complaints-sample.csv"), encoding: .utf8)
        #expect(try disclose(["generate", "complaints", "--rows", "250", "--seed", "2024"]).stdout == sample)
        let other = try disclose(["generate", "complaints", "--rows", "250", "--seed", "2025"]).stdout
        #expect(other != sample && other.count > 100_000)
        for dataset in ["foi", "sar"] {
            let committed = try String(contentsOfFile: fixture("\(dataset)-sample.csv"), encoding: .utf8)
            #expect(try disclose(["generate", dataset, "--rows", "200", "--seed", "2024"]).stdout == committed)
        }
    }

    @Test func messagesNeverContainAValueFromTheData() throws {
        // Each bad row holds a personal value; stderr must name rows and columns, never values.
        let values = ["Zebedee Quartermaine", "zq@example.com", "07700 900461", "S60 9ZZ"]
        var text = "id,name,email\n"
        text += "1,\(values[0]),\(values[1]),\(values[2])\n"     // too many fields
        text += "2,\(values[3])\n"                                // too few
        text += "3,\"\(values[0]) never closed\n"
        let out = temporaryDirectory()
        let result = try disclose(["run", "Pipelines/passthrough.yaml", "--input", temporaryFile(Array(text.utf8)), "--output", out.path])
        #expect(result.status == 0)
        let report = try String(contentsOf: out.appendingPathComponent("run.json"), encoding: .utf8)
        for value in values + ["Zebedee", "Quartermaine"] {
            #expect(!result.stderr.contains(value))
            #expect(!report.contains(value))
        }
        #expect(report.contains("\"csv.field_count\" : 2"))
        #expect(report.contains("\"csv.unclosed_quote\" : 1"))
    }

    @Test func scanExitsOneWhenPersonalDataIsLeftAndRedactClearsIt() throws {
        let input = temporaryFile(Array("id,note\n1,Please ring Mr Harron on 07700 900123.\n2,Nothing here.\n".utf8))
        let raw = try disclose(["scan", input])
        #expect(raw.status == 1)
        #expect(raw.stdout.contains("\"PHONE\" : {\n      \"note\" : 1") && raw.stdout.contains("\"total\" : 2"))
        #expect(!raw.stdout.contains("Harron") && !raw.stdout.contains("07700"))
        let log = temporaryDirectory().appendingPathComponent("log.jsonl").path
        let redacted = try disclose(["redact", "--input", input, "--log", log])
        #expect(redacted.stdout == "id,note\n1,Please ring Mr [PERSON] on [PHONE].\n2,Nothing here.\n")
        let clean = try disclose(["scan", "-"], stdin: Data(redacted.stdout.utf8))
        #expect(clean.status == 0, "\(clean.stdout)")
    }
}


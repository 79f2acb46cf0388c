import Foundation
import Testing
@testable import Disclose

/// The redact stage through the real runner: what the extract and the redaction log hold, pseudonyms,
/// failing closed, and the residual scan.
struct RedactStageTests {
    /// A config file in a fresh folder, with a key file beside it.
    private func config(_ yaml: String, key: String = "a-key-of-at-least-sixteen-bytes") throws -> String {
        let directory = temporaryDirectory()
        try Data(key.utf8).write(to: directory.appendingPathComponent("key"))
        let path = directory.appendingPathComponent("redact.yaml")
        try Data(yaml.utf8).write(to: path)
        return path.path
    }

    private func redact(_ csv: String, config path: String?, workers: Int = 2, batchBytes: Int = 1 << 20) throws -> (FileRun, String, String) {
        var options: [String: OptionValue] = [:]
        if let path { options["config"] = .file(path) }
        let stage = try RedactStage(options: StageOptions(options))
        let pipeline = Pipeline(name: "redact", inputFormat: .csv, stages: [stage], extractFormat: .csv)
        let run = try runToFiles(pipeline, input: temporaryFile(Array(csv.utf8)), workers: workers, batchBytes: batchBytes)
        let extract = try String(contentsOfFile: run.extractPath, encoding: .utf8)
        let log = try String(contentsOf: run.directory.appendingPathComponent(RedactStage.logName), encoding: .utf8)
        return (run, extract, log)
    }

    @Test func theExtractAndTheLogSayWhatWasReplacedWhereAndNeverTheText() throws {
        let csv = """
            id,name,note
            1,Evie Hirst,"Ring Evie on 07700 900123 or write to evie@example.org, S63 5JN."
            2,Noah Sykes,No personal data here.

            """
        let path = try config("name_columns: [name]\ncolumns: {name: {type: PERSON, operator: drop}}\n")
        let (run, extract, log) = try redact(csv, config: path)
        #expect(extract == """
            id,name,note
            1,,"Ring [PERSON] on [PHONE] or write to [EMAIL], [POSTCODE]."
            2,,No personal data here.

            """)
        #expect(log == """
            {"row":2,"column":"name","type":"PERSON","detector":"column","start":0,"end":10,"operator":"drop"}
            {"row":2,"column":"note","type":"PERSON","detector":"person_known_name","start":5,"end":9,"operator":"replace"}
            {"row":2,"column":"note","type":"PHONE","detector":"phone","start":13,"end":25,"operator":"replace"}
            {"row":2,"column":"note","type":"EMAIL","detector":"email","start":38,"end":54,"operator":"replace"}
            {"row":2,"column":"note","type":"POSTCODE","detector":"postcode","start":56,"end":63,"operator":"replace"}
            {"row":3,"column":"name","type":"PERSON","detector":"column","start":0,"end":10,"operator":"drop"}

            """)
        #expect(run.counts.stageReports.first?.counts == [
            "PERSON": ["name": 2, "note": 1], "PHONE": ["note": 1], "EMAIL": ["note": 1], "POSTCODE": ["note": 1],
        ])
        for value in ["Evie", "Hirst", "Noah", "Sykes", "07700", "evie@", "S63"] { #expect(!log.contains(value)) }
    }

    @Test func pseudonymsAreStableAcrossRowsFilesAndRunsAndDifferByKey() throws {
        let yaml = "name_columns: [name]\ncolumns: {name: {type: PERSON, operator: pseudonymise}}\noperators: {PERSON: pseudonymise}\npseudonym_key: {file: key}\n"
        let first = try redact("id,name,note\n1,Evie Hirst,Miss Hirst called.\n2,Noah Sykes,x\n", config: config(yaml)).1
        let second = try redact("id,name,note\n9,EVIE  HIRST,Evie wrote again.\n", config: config(yaml)).1
        let token = first.split(separator: "\n")[1].split(separator: ",")[1]
        #expect(token.hasPrefix("PERSON-") && token.count == "PERSON-".count + 8)
        // The same person, whichever part of the name the text uses, in another file and run.
        #expect(first.contains("Miss \(token) called."))
        #expect(second == "id,name,note\n9,\(token),\(token) wrote again.\n")
        #expect(!first.split(separator: "\n")[2].contains(token))
        let otherKey = try redact("id,name,note\n1,Evie Hirst,x\n", config: config(yaml, key: "another-key-of-sixteen-bytes")).1
        #expect(!otherKey.contains(token))
    }

    @Test func aRowThatCannotBeRedactedIsQuarantinedNeverWritten() throws {
        let yaml = "columns: {dob: {type: DATE_OF_BIRTH, operator: generalise}}\nas_of: 2024-03-31\n"
        let (run, extract, log) = try redact("id,dob,note\n1,07/01/1960,a\n2,not a date,b\n3,,c\n", config: config(yaml))
        #expect(extract == "id,dob,note\n1,55-64,a\n3,,c\n")
        #expect(run.counts.rowsIn == 3 && run.counts.rowsOut == 2 && run.counts.rowsQuarantined == 1)
        let quarantine = try String(contentsOfFile: run.quarantinePath, encoding: .utf8)
        #expect(quarantine.contains("\n2,not a date,b,3,redact.generalise,dob,\"not redacted, so not written: the date of birth could not be read as a date up to as_of\","))
        #expect(!log.contains("\"row\":3,\"column\":\"dob\"") && log.contains("\"row\":2,\"column\":\"dob\""))
    }

    /// Checking a pipeline needs no secret; running it without its key stops before any row is read.
    /// A file with no header row: its first case would be the header, written out unredacted.
    @Test func aHeaderHoldingPersonalDataIsRefusedBeforeAnyRow() throws {
        let stage = try RedactStage(options: StageOptions([:]))
        for (columns, field, type) in [(["CMP-2024-00001", "05/04/2024", "zq@example.com"], 3, "EMAIL"),
                                       (["id", "07700 900461", "note"], 2, "PHONE"),
                                       (["id", "S60 2TH", "note"], 2, "POSTCODE")] {
            #expect(throws: RunError.headerLooksLikeData(stage: "redact", field: field, type: type)) { try stage.bind(columns: columns) }
        }
        let canonical = try read(fixture("complaints-sample.csv")).columns
        #expect(throws: Never.self) { try stage.bind(columns: canonical + ["Complainant Name", "Date of Birth", "NHS Number", "Case Officer"]) }
    }

    @Test func aPseudonymisingConfigWithoutItsKeyStopsBeforeAnyRow() throws {
        let yaml = "columns: {name: {type: PERSON, operator: pseudonymise}}\npseudonym_key: {env: DISCLOSE_TEST_KEY_THAT_IS_NOT_SET}\n"
        let stage = try RedactStage(options: StageOptions(["config": .file(try config(yaml))]))
        #expect(throws: RunError.missingSetting(stage: "redact", reason: "the pseudonym key variable DISCLOSE_TEST_KEY_THAT_IS_NOT_SET is not set")) {
            try stage.bind(columns: ["name"])
        }
        let noSource = "columns: {name: {type: PERSON, operator: pseudonymise}}\n"
        #expect(throws: StageConfigurationError(option: "config", "pseudonymise needs pseudonym_key: {env: NAME} or {file: PATH}")) {
            try RedactStage(options: StageOptions(["config": .file(try config(noSource))]))
        }
        let noDate = "columns: {dob: {type: DATE_OF_BIRTH, operator: generalise}}\n"
        #expect(throws: StageConfigurationError(option: "config", "generalising dates of birth to age bands needs as_of: yyyy-mm-dd")) {
            try RedactStage(options: StageOptions(["config": .file(try config(noDate))]))
        }
    }

    @Test func theOutputIsTheSameForAnyWorkersAndBatchSize() throws {
        let path = repositoryRoot.appendingPathComponent("Pipelines/redact/sar.yaml").path
        let csv = try String(contentsOfFile: fixture("sar-sample.csv"), encoding: .utf8)
        let one = try redact(csv, config: path, workers: 1, batchBytes: 1 << 20)
        let many = try redact(csv, config: path, workers: 4, batchBytes: 997)
        #expect(one.1 == many.1 && one.2 == many.2)
    }

    /// Each row's own complainant (name, email, phone, address, postcode) appears nowhere in that
    /// row of the extract, and nowhere in the log. (Another row may mention a namesake: the
    /// sample's staff and complainants share some names.)
    @Test func noStructuredPersonalValueOfTheSampleReachesItsRowOfTheExtractOrTheLog() throws {
        setenv(testKeyVariable, testKey, 0)
        let pipeline = try Pipeline.load(path: repositoryRoot.appendingPathComponent("Pipelines/complaints.yaml").path)
        let run = try runToFiles(pipeline, input: fixture("complaints-sample.csv"))
        let extract = try read(run.extractPath)
        let log = try String(contentsOf: run.directory.appendingPathComponent(RedactStage.logName), encoding: .utf8)
        let sample = try read(fixture("complaints-sample.csv"))
        #expect(extract.records.map(\.row) == sample.records.map(\.row))
        let personal = ["complainant_name", "complainant_email", "complainant_phone", "complainant_address", "complainant_postcode"]
        var checked = 0
        for (record, redacted) in zip(sample.records, extract.records) {
            let row = redacted.fields.joined(separator: "\u{1F}")
            for column in personal {
                let value = record.fields[sample.columns.firstIndex(of: column)!]
                guard !value.isEmpty else { continue }
                #expect(!row.contains(value), "row \(record.row) \(column) is in the extract")
                #expect(!log.contains(value), "row \(record.row) \(column) is in the log")
                checked += 1
            }
        }
        #expect(checked == 250 * personal.count)
    }

    @Test func theScanFindsWhatIsLeftAndPassesAClean() throws {
        let raw = temporaryFile(Array("id,note\n1,Call 07700 900123 or Mr Harron.\n2,[PHONE] and PERSON-7f3a9c1e\n".utf8))
        let found = try ResidualScan.run(input: raw, format: .csv, columns: nil, allowance: 0, settings: RunSettings(workers: 2))
        #expect(found.found == ["PHONE": ["note": 1], "PERSON": ["note": 1]] && found.total == 2 && !found.passed)
        let allowed = try ResidualScan.run(input: raw, format: .csv, columns: ["id"], allowance: 0, settings: RunSettings(workers: 1))
        #expect(allowed.found == [:] && allowed.passed)
    }
}

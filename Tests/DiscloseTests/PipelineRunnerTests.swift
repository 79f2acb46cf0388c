import Foundation
import Testing
@testable import Disclose

/// A stage that sets aside every row whose `id` ends in 7, with a reason, as a later stage such as
/// redaction will when it cannot process a row.
struct SetAsideSevens: Stage {
    static let kind = "set_aside_sevens"
    static let options: [OptionSpec] = []
    init(options: StageOptions) {}

    func bind(columns: [String]) -> any BoundStage { Bound(columns: columns, id: columns.firstIndex(of: "id")!) }

    struct Bound: BoundStage {
        let columns: [String]
        let id: Int

        func process(_ batch: RecordBatch) -> RecordBatch {
            var out = RecordBatch(columnCount: columns.count)
            out.quarantined = batch.quarantined
            out.blankLines = batch.blankLines
            for row in 0..<batch.count {
                if batch.string(row: row, column: id).hasSuffix("7") {
                    out.quarantined.append(QuarantinedRow(row: batch.rowNumbers[row], rule: "test.seven", column: "id",
                                                          reason: "ends in 7", fields: (0..<columns.count).map { batch.field(row: row, column: $0) }))
                } else {
                    out.appendRow(row, of: batch)
                }
            }
            return out
        }
    }
}

/// A stage that fails on any batch holding row 50.
struct FailsOnRowFifty: Stage, BoundStage {
    static let kind = "fails"
    static let options: [OptionSpec] = []
    var columns: [String] = []
    init(options: StageOptions) {}
    init(columns: [String]) { self.columns = columns }
    func bind(columns: [String]) -> any BoundStage { FailsOnRowFifty(columns: columns) }

    struct Failure: Error, CustomStringConvertible { var description: String { "test failure" } }

    func process(_ batch: RecordBatch) throws -> RecordBatch {
        if batch.rowNumbers.contains(50) { throw Failure() }
        return batch
    }
}

struct PipelineRunnerTests {
    /// Runs `pipeline` over `input`; returns the extract, the quarantine file and the counts.
    private func run(_ pipeline: Pipeline, input: String, workers: Int = 2, batchBytes: Int = 1 << 20) throws -> (extract: String, quarantine: String, counts: RunCounts) {
        let run = try runToFiles(pipeline, input: input, workers: workers, batchBytes: batchBytes)
        return (try String(contentsOfFile: run.extractPath, encoding: .utf8), try String(contentsOfFile: run.quarantinePath, encoding: .utf8), run.counts)
    }

    private func select(_ options: [String: OptionValue]) throws -> SelectStage {
        try SelectStage(options: StageOptions(options))
    }

    /// 2,000 generated complaints with malformed rows mixed in.
    private static let messyInput: String = {
        let sample = try! String(contentsOfFile: fixture("complaints-sample.csv"), encoding: .utf8)
        var lines = sample.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = lines.removeFirst()
        var out = [header]
        for index in 0..<2000 {
            let line = lines[index % 250]
            if line.isEmpty { continue }
            switch index % 97 {
            case 13: out.append("too,few,fields")
            case 41: out.append(line + ",surplus")
            case 77: out.append("")
            default: out.append(line)
            }
        }
        return temporaryFile(Array(out.joined(separator: "\n").utf8))
    }()

    @Test func outputIsByteIdenticalForAnyWorkerCountAndBatchSize() throws {
        let pipeline = Pipeline(name: "t", stages: [try select(["drop": .stringList(["complainant_phone"]), "rename": .stringMap([StringPair("case_ref", "ref")])])])
        let reference = try run(pipeline, input: Self.messyInput, workers: 1, batchBytes: 1 << 20)
        #expect(reference.counts.rowsQuarantined > 0)
        for (workers, batchBytes) in [(2, 1 << 20), (8, 1 << 20), (2, 4096), (8, 1000), (3, 1)] {
            let other = try run(pipeline, input: Self.messyInput, workers: workers, batchBytes: batchBytes)
            #expect(other.extract == reference.extract, "workers \(workers), batch \(batchBytes)")
            #expect(other.quarantine == reference.quarantine, "workers \(workers), batch \(batchBytes)")
            #expect(other.counts.rowsIn == reference.counts.rowsIn)
        }
    }

    @Test func everyRowInIsWrittenOutOrQuarantined() throws {
        let result = try run(Pipeline(name: "t", stages: [PassthroughStage(options: StageOptions())]), input: Self.messyInput, batchBytes: 3000)
        // Of the 2000 lines (index 0...1999): index % 97 == 13 (too few fields) and == 41 (too many)
        // each occur 21 times, == 77 (blank) 20 times. So 1980 rows in, 42 quarantined, 1938 out.
        #expect(result.counts.rowsIn == 1980)
        #expect(result.counts.blankLinesSkipped == 20)
        #expect(result.counts.rowsQuarantined == 42)
        #expect(result.counts.quarantinedByRule == ["csv.field_count": 42])
        #expect(result.counts.rowsOut == 1938)
        #expect(result.extract.split(separator: "\n").count >= 1939)
        let quarantineLines = try read(temporaryFile(Array(result.quarantine.utf8))).records
        #expect(quarantineLines.count == 42)
        #expect(quarantineLines.first?.fields.suffix(5) == ["15", "csv.field_count", "", "row has 3 fields; the header has 42", ""])
        #expect(quarantineLines[1].fields.suffix(5).first == "43")
        #expect(quarantineLines[1].fields.last == "surplus")
    }

    @Test func rowsSetAsideByALaterStageAreWrittenInTheInputsColumns() throws {
        let input = temporaryFile(Array("id,name,postcode\n1,Ann,S60 1AA\n17,Bob,S61 2BB\n3,Cy,S62 3CC\n27,Di,S63 4DD\n".utf8))
        let pipeline = Pipeline(name: "t", stages: [try select(["keep": .stringList(["postcode", "id"])]), SetAsideSevens(options: StageOptions())])
        let result = try run(pipeline, input: input, batchBytes: 20)
        #expect(result.extract == "postcode,id\nS60 1AA,1\nS62 3CC,3\n")
        #expect(result.quarantine == """
            id,name,postcode,_row,_rule,_column,_reason,_unplaced
            17,,S61 2BB,3,test.seven,id,ends in 7,
            27,,S63 4DD,5,test.seven,id,ends in 7,

            """)
        #expect(result.counts.rowsIn == 4 && result.counts.rowsOut == 2 && result.counts.rowsQuarantined == 2)
    }

    @Test func selectKeepsDropsAndRenames() throws {
        let input = temporaryFile(Array("a,b,c,complainant_name,complainant_email\n1,2,3,Ann,a@example.com\n".utf8))
        #expect(try run(Pipeline(name: "t", stages: [try select(["keep": .stringList(["c", "a"])])]), input: input).extract == "c,a\n3,1\n")
        #expect(try run(Pipeline(name: "t", stages: [try select(["drop": .stringList(["b"]), "drop_matching": .regex(try PCRE2Pattern("^complainant_"))])]), input: input).extract == "a,c\n1,3\n")
        #expect(try run(Pipeline(name: "t", stages: [try select(["rename": .stringMap([StringPair("a", "z")])])]), input: input).extract.hasPrefix("z,b,c,"))
    }

    @Test func aColumnThePipelineNamesButTheInputLacksStopsTheRunBeforeAnyRow() throws {
        let input = temporaryFile(Array("a,b\n1,2\n".utf8))
        #expect(throws: RunError.missingColumn(stage: "select", column: "x", available: ["a", "b"])) {
            _ = try run(Pipeline(name: "t", stages: [try select(["keep": .stringList(["x"])])]), input: input)
        }
        #expect(throws: RunError.duplicateColumn(stage: "select", column: "b")) {
            _ = try run(Pipeline(name: "t", stages: [try select(["rename": .stringMap([StringPair("a", "b")])])]), input: input)
        }
    }

    @Test func theInputColumnMappingRenamesBeforeTheFirstStage() throws {
        let input = temporaryFile(Array("Ref,Email\n1,a@example.com\n".utf8))
        let pipeline = Pipeline(name: "t", columnMapping: [StringPair("Email", "complainant_email")],
                                stages: [try select(["drop": .stringList(["complainant_email"])])])
        #expect(try run(pipeline, input: input).extract == "Ref\n1\n")
    }

    @Test func jsonLinesInAndOut() throws {
        let input = temporaryFile(Array("id,note\n1,\"a, \"\"b\"\"\"\n".utf8))
        let toJSON = Pipeline(name: "t", stages: [PassthroughStage(options: StageOptions())], extractFormat: .jsonl)
        let jsonl = try run(toJSON, input: input).extract
        #expect(jsonl == #"{"id":"1","note":"a, \"b\""}"# + "\n")
        let back = Pipeline(name: "t", inputFormat: .jsonl, stages: [PassthroughStage(options: StageOptions())])
        #expect(try run(back, input: temporaryFile(Array(jsonl.utf8), name: "in.jsonl")).extract == "id,note\n1,\"a, \"\"b\"\"\"\n")
    }

    @Test func aFailedRunLeavesNoFileThatLooksFinished() throws {
        let directory = temporaryDirectory()
        let extractPath = directory.appendingPathComponent("extract.csv").path
        let destinations = RunDestinations(extract: try OutputStream(file: extractPath), alwaysWriteQuarantine: true) { () throws(OutputError) in
            try OutputStream(file: directory.appendingPathComponent("quarantine.csv").path)
        }
        #expect(throws: RunError.stageFailed(stage: "stage 1", reason: "test failure")) {
            _ = try PipelineRunner.run(Pipeline(name: "t", stages: [FailsOnRowFifty(options: StageOptions())]), input: Self.messyInput,
                                       to: destinations, settings: RunSettings(workers: 2, batchBytes: 2000))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { !$0.hasPrefix(".") } == [])
    }
}

import ArgumentParser
import Disclose
import Foundation

struct EvalRedactionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval-redaction",
        abstract: "Measure redaction against a labelled corpus: precision, recall, F1 and F2 per type and overall.",
        discussion: """
            The corpus is JSON Lines: {"id", "text", "names", "spans": [{"start", "end", "type"}]} with \
            offsets in characters; "names" are the row's name-column values (PERSON layer a). A gold \
            span is found when spans of its type cover all of it; a predicted span is right when it \
            overlaps a gold span of its type. ANY ignores types.
            Example: disclose eval-redaction --gold Fixtures/redaction/corpus.jsonl
            """
    )

    @Option(help: "The labelled corpus (JSON Lines).")
    var gold: String

    @Option(help: "A redact config whose detectors, allowed and denied names are used too.")
    var config: String?

    @Flag(help: "Also show how many spans each detector found and how many were right.")
    var byDetector = false

    @Flag(help: "Print JSON instead of Markdown tables.")
    var json = false

    @Flag(help: "Print each gold span not found and each predicted span not right (record id, type, offsets) instead.")
    var misses = false

    func run() throws {
        let redaction = try config.map { try RedactionConfig.load(path: $0) } ?? RedactionConfig()
        let records = try RedactionEvaluation.readCorpus(path: gold)
        let (predicted, seconds) = try RedactionEvaluation.predictAll(records, config: redaction)
        let (types, detectors) = RedactionEvaluation.score(predicted)
        if misses {
            FileHandle.standardOutput.write(Data(RedactionEvaluation.misses(predicted).utf8))
            return
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            struct Report: Encodable {
                let records: Int
                let bytes: Int
                let seconds: Double
                let types: [RedactionEvaluation.Score]
                let detectors: [RedactionEvaluation.Score]
            }
            let report = Report(records: records.count, bytes: records.reduce(0) { $0 + $1.text.utf8.count }, seconds: seconds,
                                types: types, detectors: detectors)
            FileHandle.standardOutput.write(try encoder.encode(report) + Data("\n".utf8))
            return
        }
        var output = "\(records.count) records, \(String(format: "%.2f", seconds)) s\n\n" + RedactionEvaluation.table(types)
        if byDetector { output += "\n" + RedactionEvaluation.table(detectors, first: "detector") }
        FileHandle.standardOutput.write(Data(output.utf8))
    }
}

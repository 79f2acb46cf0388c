import ArgumentParser
import Disclose
import Foundation

struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Run every detector over a finished extract and report what is still there, per type and column (never the values).",
        discussion: """
            Prints the counts as JSON on stdout and exits 1 when more spans are found than --allow. \
            The gate to run in CI before anything is disclosed.
            Example: disclose scan out/complaints/extract.csv --columns description,response_summary
            """
    )

    @Argument(help: "The extract to scan ('-' for standard input).")
    var file: String

    @Option(help: "Only these columns (comma-separated; default: every column).")
    var columns: String?

    @Option(help: "A redact config whose own detectors and allowed names the scan uses too.")
    var config: String?

    @Option(help: "How many spans may be found for the scan to pass.")
    var allow: Int = 0

    @Option(help: "Format of the extract.")
    var format: RecordFormat = .csv

    @OptionGroup var records: RecordStreamOptions

    func validate() throws {
        guard allow >= 0 else { throw ValidationError("--allow must be 0 or more") }
    }

    func run() throws {
        var redaction = RedactionConfig()
        if let config { redaction = try RedactionConfig.load(path: config) }
        let result = try ResidualScan.run(
            input: file == "-" ? nil : file, format: format,
            columns: columns.map(columnList),
            config: redaction, allowance: allow, settings: records.settings(progress: false))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        FileHandle.standardOutput.write(try encoder.encode(result) + Data("\n".utf8))
        if !result.passed {
            throw ScanFailed(found: result.total, allowance: allow)
        }
    }
}

/// The scan found more than it allows: exit 1, like any failed data gate.
struct ScanFailed: ExitStatusError {
    let found: Int
    let allowance: Int
    var exitStatus: ExitStatus { .qualityGate }
    var description: String { "residual scan found \(found) spans of personal data (allowance \(allowance))" }
}

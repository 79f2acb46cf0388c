import ArgumentParser
import Disclose
import Foundation

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check records against a Table Schema and rules, fix what is safe to fix, quarantine the rest (records on stdin, records on stdout).",
        discussion: """
            Writes quality.json and quality.md into --report (default: the current directory).
            Example: disclose validate --schema Pipelines/schemas/complaints.json --rules Pipelines/validate/complaints.yaml \
            < cases.csv > valid.csv
            """
    )

    @Option(help: "The Table Schema (JSON).")
    var schema: String

    @Option(help: "Fixes, rules over several fields, and columns that only warn (YAML).")
    var rules: String?

    @Option(name: .customLong("reference"), help: "NAME=FILE: a CSV file the rules of kind reference look values up in (repeatable).")
    var references: [String] = []

    @Option(help: "Row numbers kept per rule and column in the quality report.")
    var rowsShown: Int = 20

    @Option(help: "Directory for quality.json and quality.md.")
    var report: String = "."

    @OptionGroup var gate: QualityGateOptions

    @OptionGroup var stream: ChainedStreamOptions

    func run() throws {
        var options: [String: OptionValue] = ["schema": .file(schema), "rows_shown": .integer(rowsShown)]
        if let rules { options["rules"] = .file(rules) }
        let pairs = try ReferenceOption.pairs(references)
        if !pairs.isEmpty { options["references"] = .fileMap(pairs) }
        let stage = try ValidateStage.fromCommandLine(options)
        do {
            try FileManager.default.createDirectory(atPath: report, withIntermediateDirectories: true)
        } catch {
            throw OutputError.cannotCreate(file: report, reason: error.localizedDescription)
        }
        let counts = try stream.run(stage: stage, command: "validate")
        try StageReportFiles.write(counts.stageReports, into: report)
        try gate.enforce(counts)
    }
}

import ArgumentParser
import Disclose
import Foundation

struct AggregateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aggregate",
        abstract: "Count records into published tables (records on stdin, the same records on stdout, tables into --output).",
        discussion: """
            Writes aggregates/<table>.csv and aggregates/<table>.json into --output for each table of the tables file.
            Example: disclose aggregate --config Pipelines/tables/complaint-parts.yaml --reference complaints=complaints.csv \
            --output out < complaint-parts.csv > /dev/null
            """
    )

    @Option(help: "The tables file (lookups and tables, YAML).")
    var config: String

    @Option(name: .customLong("reference"), help: "NAME=FILE: a CSV file the lookups read (repeatable).")
    var references: [String] = []

    @Option(help: "Directory the tables are written into (under aggregates/).")
    var output: String = "."

    @OptionGroup var partial: PartialOption

    @OptionGroup var stream: ChainedStreamOptions

    func run() throws {
        var options: [String: OptionValue] = ["config": .file(config)]
        let pairs = try ReferenceOption.pairs(references)
        if !pairs.isEmpty { options["references"] = .fileMap(pairs) }
        let stage = try AggregateStage.fromCommandLine(options)
        let counts = try stream.run(stage: stage, command: "aggregate")
        try StageReportFiles.write(counts.stageReports, into: output)
        try partial.write(counts.stageReports)
        try DisclosureAuditGate.enforce(counts)
    }
}

import ArgumentParser
import Disclose
import Foundation

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the partials of shards (--emit-partial) into the tables one run over all their input would give.",
        discussion: """
            Applies rounding and disclosure control after merging, and writes aggregates/<table>.csv and .json into --output.
            Example: disclose merge shard1.partial.json shard2.partial.json --config Pipelines/tables/complaints.yaml --output out
            """
    )

    @Argument(help: "Partial files written by disclose run or disclose aggregate with --emit-partial.")
    var partials: [String]

    @Option(help: "The tables file the shards were counted with.")
    var config: String

    @Option(help: "Directory the tables are written into (under aggregates/).")
    var output: String = "."

    func run() throws {
        let tables: AggregateConfig
        do {
            tables = try AggregateConfig.load(path: config)
        } catch {
            throw ValidationError(error.problems.map(\.description).joined(separator: "\n"))
        }
        var inputs: [(file: String, bytes: [UInt8])] = []
        for path in partials {
            guard let data = FileManager.default.contents(atPath: path) else { throw InputError.cannotOpen(file: path, reason: "cannot read it") }
            inputs.append((path, Array(data)))
        }
        let report: StageReport
        do {
            report = try AggregateStage.merge(inputs, config: tables)
        } catch {
            throw ValidationError(error.description)
        }
        try StageReportFiles.write([report], into: output)
        try DisclosureAuditGate.enforce([report])
    }
}

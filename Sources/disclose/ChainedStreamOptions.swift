import ArgumentParser
import Disclose
import Logging

/// What every chained stage command shares: records on stdin (or --input), records on stdout,
/// rows that cannot go on in a quarantine file.
struct ChainedStreamOptions: ParsableArguments {
    @Option(help: "Input file ('-' or absent: standard input).")
    var input: String?

    @Option(help: "Format of the input and output records.")
    var format: RecordFormat = .csv

    @Option(help: "Where rows that cannot go on are written (default: ./<command>-quarantine.csv, created only if a row is set aside).")
    var quarantine: String?

    @OptionGroup var records: RecordStreamOptions

    /// Runs `stage` over the records; `sideOutputs` says where each side output the stage writes goes.
    @discardableResult
    func run(stage: any Stage, command: String, sideOutputs: [String: String] = [:]) throws -> RunCounts {
        let pipeline = Pipeline(name: command, inputFormat: format, stages: [stage], extractFormat: format)
        let quarantinePath = quarantine ?? "\(command)-quarantine.csv"
        let destinations = RunDestinations(
            extract: .standardOutput(), alwaysWriteQuarantine: quarantine != nil,
            openSideOutput: { (name) throws(OutputError) in try OutputStream(file: sideOutputs[name] ?? name) }
        ) { () throws(OutputError) in
            try OutputStream(file: quarantinePath)
        }
        let counts = try PipelineRunner.run(pipeline, input: input, to: destinations, settings: records.settings(progress: false))
        if counts.rowsQuarantined > 0 {
            Logger(label: "disclose").warning("\(counts.rowsQuarantined) of \(counts.rowsIn) rows quarantined to \(quarantinePath)")
        }
        return counts
    }
}

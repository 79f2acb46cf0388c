import ArgumentParser
import Disclose

struct CategoriseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "categorise",
        abstract: "Add due dates, days taken, within timescale, overdue and financial year (records on stdin, records on stdout).",
        discussion: "Example: disclose categorise --config Pipelines/categorise/complaints.yaml --as-of 2025-03-31 < cases.csv > out.csv"
    )

    @Option(help: "The categorise config (dataset, timescales, as_of, buckets).")
    var config: String

    @Option(help: "Judge open cases overdue as of this date, yyyy-mm-dd (default: the config's as_of, else today).")
    var asOf: String?

    @OptionGroup var stream: ChainedStreamOptions

    func run() throws {
        var options: [String: OptionValue] = ["config": .file(config)]
        if let asOf { options["as_of"] = .string(asOf) }
        let stage = try CategoriseStage.fromCommandLine(options)
        try stream.run(stage: stage, command: "categorise")
    }
}

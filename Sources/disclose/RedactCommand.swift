import ArgumentParser
import Disclose

struct RedactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redact",
        abstract: "Find names and contact details in every column and replace them (records on stdin, records on stdout).",
        discussion: """
            With no --config, every built-in detector runs on every column with the replace operator, \
            so any CSV can be redacted ad hoc. The redaction log records row, column, type, detector, \
            byte offsets and operator, never the text. A row that cannot be redacted is quarantined, \
            never written.
            Example: disclose redact --config Pipelines/redact/complaints.yaml < cases.csv > redacted.csv
            """
    )

    @Option(help: "The redact config (name columns, column and type operators, detectors, allow/deny names).")
    var config: String?

    @Option(help: "Columns holding people's names, looked for again in each row's text (comma-separated).")
    var nameColumns: String?

    @Option(help: "Where the redaction log goes.")
    var log: String = RedactStage.logName

    @OptionGroup var stream: ChainedStreamOptions

    func run() throws {
        var options: [String: OptionValue] = [:]
        if let config { options["config"] = .file(config) }
        if let nameColumns {
            options["name_columns"] = .stringList(columnList(nameColumns))
        }
        let stage = try RedactStage.fromCommandLine(options)
        try stream.run(stage: stage, command: "redact", sideOutputs: [RedactStage.logName: log])
    }
}

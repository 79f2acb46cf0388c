import ArgumentParser
import Disclose
import Foundation
import Logging

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run every stage of a pipeline over one input, writing all outputs into a directory.",
        discussion: """
            Writes into the output directory: extract.csv (or .jsonl), quarantine.csv, run.json, \
            quality.json and quality.md when the pipeline validates, and redaction-log.jsonl when it \
            redacts (run.json then also holds the residual scan of the extract). \
            Files appear under their names only when complete.
            Example: disclose run Pipelines/complaints.yaml --input Fixtures/complaints-sample.csv --output out/
            """
    )

    @Argument(help: "The pipeline file (YAML).")
    var pipeline: String

    @Option(help: "Input file ('-' for standard input).")
    var input: String = "-"

    @Option(help: "Output directory (created if missing).")
    var output: String = "out"

    @Option(help: "Extract format (default: the pipeline's outputs.extract.format, else csv).")
    var format: RecordFormat?

    @OptionGroup var gate: QualityGateOptions

    @OptionGroup var partial: PartialOption

    @OptionGroup var records: RecordStreamOptions

    func run() throws {
        let logger = Logger(label: "disclose")
        let loaded = try Pipeline.load(path: pipeline)
        let extractFormat = format ?? loaded.extractFormat
        let pipeline = Pipeline(
            name: loaded.name, inputFormat: loaded.inputFormat, columnMapping: loaded.columnMapping,
            stages: loaded.stages, extractFormat: extractFormat, file: loaded.file, digest: loaded.digest)
        if partial.emitPartial != nil && !pipeline.stages.contains(where: { $0 is AggregateStage }) {
            throw ValidationError("--emit-partial needs a pipeline with an aggregate stage")
        }
        do {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        } catch {
            throw OutputError.cannotCreate(file: output, reason: error.localizedDescription)
        }
        let extractPath = "\(output)/extract.\(extractFormat.rawValue)"
        let quarantinePath = "\(output)/quarantine.csv"
        let destinations = RunDestinations(
            extract: try OutputStream(file: extractPath), alwaysWriteQuarantine: true,
            openSideOutput: { (name) throws(OutputError) in try OutputStream(file: "\(output)/\(name)") }
        ) { () throws(OutputError) in
            try OutputStream(file: quarantinePath)
        }
        let started = Date()
        let counts = try PipelineRunner.run(
            pipeline, input: input, to: destinations, settings: records.settings(progress: standardErrorIsTerminal))
        let seconds = Date().timeIntervalSince(started)
        try StageReportFiles.write(counts.stageReports, into: output)
        try partial.write(counts.stageReports)

        // A pipeline that redacts has its own extract scanned by every detector, as `disclose scan` would.
        var residualScan: ResidualScan.Result?
        if let redact = pipeline.stages.lazy.compactMap({ $0 as? RedactStage }).last {
            let scan = try ResidualScan.run(input: extractPath, format: extractFormat, columns: nil, config: redact.config,
                                            allowance: 0, settings: records.settings(progress: false))
            if !scan.passed {
                logger.warning("residual scan: \(scan.total) spans of personal data still found in the extract (see residual_scan in run.json)")
            }
            residualScan = scan
        }

        let report = RunReport(
            pipeline: pipeline, counts: counts,
            files: .init(input: input == "-" ? "stdin" : input, inputFormat: pipeline.inputFormat.rawValue,
                         inputBytes: counts.bytesIn, extract: extractPath, extractFormat: extractFormat.rawValue,
                         extractBytes: counts.bytesOut, quarantine: quarantinePath),
            workers: records.workers, seconds: seconds, startedAt: started, maxErrorRate: gate.maxErrorRate,
            residualScan: residualScan)
        let runFile = try OutputStream(file: "\(output)/run.json")
        try runFile.write(try report.encoded())
        try runFile.commit()

        logger.info("\(pipeline.name): \(counts.rowsIn) rows in, \(counts.rowsOut) out, \(counts.rowsQuarantined) quarantined; outputs in \(output)/")
        try DisclosureAuditGate.enforce(counts)
        try gate.enforce(counts)
    }
}

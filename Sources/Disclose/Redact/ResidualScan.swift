/// The residual scan: every detector (PERSON layers b and c and the config's own included) run
/// over a finished extract, counting what is still there per type and column — never the values.
/// The gate a team runs before anything is disclosed, and what `disclose run` records in `run.json`.
public enum ResidualScan {
    /// What a scan found and whether it is within the allowance.
    public struct Result: Codable, Sendable, Equatable {
        /// Spans found, per type and column.
        public let found: [String: [String: Int]]
        public let total: Int
        /// The most spans that may be found for the scan to pass.
        public let allowance: Int
        public let passed: Bool
        public let rows: Int
        /// The columns scanned; nil: every column.
        public let columnsScanned: [String]?
    }

    /// Scans `input` (a file, or nil for standard input) in `format`; `columns` limits the scan to
    /// those columns (nil: all).
    public static func run(input: String?, format: RecordFormat, columns: [String]?, config: RedactionConfig = RedactionConfig(),
                           allowance: Int, settings: RunSettings) throws -> Result {
        let stage = try ScanStage(config: config, columns: columns)
        let pipeline = Pipeline(name: "scan", inputFormat: format, stages: [stage], extractFormat: format)
        let destinations = RunDestinations(extract: .discarding(), alwaysWriteQuarantine: false) { () throws(OutputError) in
            .discarding()
        }
        let counts = try PipelineRunner.run(pipeline, input: input, to: destinations, settings: settings)
        let found = counts.stageReports.first { $0.stage == ScanStage.kind }?.counts ?? [:]
        let total = found.values.reduce(0) { $0 + $1.values.reduce(0, +) }
        return Result(found: found, total: total, allowance: allowance, passed: total <= allowance, rows: counts.rowsIn,
                      columnsScanned: columns)
    }
}

/// Counts what the detectors find in each row and passes the row on unchanged. Not in the stage
/// registry: only the residual scan uses it.
struct ScanStage: Stage {
    static let kind = "scan"
    static let options: [OptionSpec] = []

    let redactor: Redactor
    let columns: [String]?

    init(options: StageOptions) throws(StageConfigurationError) {
        try self.init(config: RedactionConfig(), columns: nil)
    }

    init(config: RedactionConfig, columns: [String]?) throws(StageConfigurationError) {
        do {
            redactor = try Redactor(config: config, key: nil)
        } catch {
            throw StageConfigurationError(option: nil, "\(error)")
        }
        self.columns = columns
    }

    func bind(columns input: [String]) throws(RunError) -> any BoundStage {
        for name in columns ?? [] where !input.contains(name) {
            throw .missingColumn(stage: "scan", column: name, available: input)
        }
        try redactor.refuseHeaderHoldingPersonalData(input, stage: "scan")
        let scanned = input.indices.filter { columns?.contains(input[$0]) ?? true }
        return BoundScan(columns: input, scanned: scanned, redactor: redactor)
    }
}

final class BoundScan: BoundStage {
    let columns: [String]
    private let scanned: [Int]
    private let redactor: Redactor
    private let tally = SpanTally()

    init(columns: [String], scanned: [Int], redactor: Redactor) {
        self.columns = columns
        self.scanned = scanned
        self.redactor = redactor
    }

    func process(_ batch: RecordBatch) throws -> RecordBatch {
        var counts: [String: [String: Int]] = [:]
        let scratch = WordTokens.Scratch(capacity: 256)
        for row in 0..<batch.count {
            for column in scanned {
                // A detector that cannot finish counts as a finding: a scan fails closed too.
                let spans = batch.withField(row: row, column: column) { text in
                    (try? redactor.spans(in: text, known: KnownNames(), scratch: scratch).map(\.span.type)) ?? ["UNSCANNABLE"]
                }
                for type in spans { counts[type, default: [:]][columns[column], default: 0] += 1 }
            }
        }
        tally.add(counts)
        return batch
    }

    func finish() -> StageReport? {
        StageReport(stage: ScanStage.kind, files: [:], counts: tally.total)
    }
}

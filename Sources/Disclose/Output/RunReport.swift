import Foundation

/// `run.json`: what a run read, wrote and set aside, how long it took and with what — the record
/// an information-governance officer keeps with a disclosure. Holds counts and names, never a value.
public struct RunReport: Codable, Sendable {
    public struct Tool: Codable, Sendable {
        public let name: String
        public let version: String
    }

    public struct PipelineInfo: Codable, Sendable {
        public let name: String
        public let file: String?
        public let sha256: String?
        public let stages: [String]
    }

    public struct Rows: Codable, Sendable {
        public let `in`: Int
        public let out: Int
        public let quarantined: Int
        public let blankLinesSkipped: Int
        /// rows in = rows out + rows quarantined (checked before this is written).
        public let accountedFor: Bool
        public let quarantinedByRule: [String: Int]
    }

    public struct Files: Codable, Sendable {
        public let input: String
        public let inputFormat: String
        public let inputBytes: Int
        public let extract: String
        public let extractFormat: String
        public let extractBytes: Int
        public let quarantine: String

        public init(input: String, inputFormat: String, inputBytes: Int, extract: String, extractFormat: String,
                    extractBytes: Int, quarantine: String) {
            self.input = input
            self.inputFormat = inputFormat
            self.inputBytes = inputBytes
            self.extract = extract
            self.extractFormat = extractFormat
            self.extractBytes = extractBytes
            self.quarantine = quarantine
        }
    }

    /// `--max-error-rate`: passed when no more than that share of the rows in was quarantined.
    public struct QualityGate: Codable, Sendable {
        public let maxErrorRate: Double
        public let errorRate: Double
        public let passed: Bool

        public init(maxErrorRate: Double, counts: RunCounts) {
            self.maxErrorRate = maxErrorRate
            errorRate = counts.rowsIn > 0 ? Double(counts.rowsQuarantined) / Double(counts.rowsIn) : 0
            passed = errorRate <= maxErrorRate
        }
    }

    public let tool: Tool
    public let pipeline: PipelineInfo
    public let rows: Rows
    public let files: Files
    public let workers: Int
    public let batches: Int
    public let seconds: Double
    public let megabytesPerSecond: Double
    public let startedAt: String
    public let qualityGate: QualityGate?
    /// Spans replaced by the redact stage, per type and column (counts only).
    public let redactions: [String: [String: Int]]?
    /// What every detector still finds in the extract (run when the pipeline redacts).
    public let residualScan: ResidualScan.Result?
    /// The aggregate stage's disclosure control: per published table, the entries suppressed and
    /// those the audit found could still be narrowed below the threshold (counts only).
    public let disclosureControl: [String: [String: Int]]?

    public init(pipeline: Pipeline, counts: RunCounts, files: Files, workers: Int, seconds: Double,
                startedAt: Date, maxErrorRate: Double?, residualScan: ResidualScan.Result? = nil) {
        tool = Tool(name: "disclose", version: discloseVersion)
        self.pipeline = PipelineInfo(name: pipeline.name, file: pipeline.file, sha256: pipeline.digest,
                                     stages: pipeline.stages.map { type(of: $0).kind })
        rows = Rows(in: counts.rowsIn, out: counts.rowsOut, quarantined: counts.rowsQuarantined,
                    blankLinesSkipped: counts.blankLinesSkipped,
                    accountedFor: counts.rowsIn == counts.rowsOut + counts.rowsQuarantined,
                    quarantinedByRule: counts.quarantinedByRule)
        self.files = files
        self.workers = workers
        batches = counts.batches
        self.seconds = (seconds * 1000).rounded() / 1000
        megabytesPerSecond = seconds > 0 ? (Double(counts.bytesIn) / 1_000_000 / seconds * 10).rounded() / 10 : 0
        self.startedAt = ISO8601DateFormatter().string(from: startedAt)
        qualityGate = maxErrorRate.map { QualityGate(maxErrorRate: $0, counts: counts) }
        redactions = counts.stageReports.first { $0.stage == RedactStage.kind }?.counts
        disclosureControl = counts.stageReports.first { $0.stage == AggregateStage.kind }?.counts
        self.residualScan = residualScan
    }

    /// The report as pretty-printed JSON with sorted keys.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(self) + Data("\n".utf8)
    }
}

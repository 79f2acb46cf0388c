/// Removes names and contact details: whole columns of structured personal data get their
/// column's operator, and every scanned column's text goes through the detectors (contact details,
/// identifiers, PERSON layers a-e) and each type's operator. Writes `redaction-log.jsonl` (row,
/// column, type, detector, byte offsets, operator — never the text) and counts per type and column.
/// Fails closed: a row where anything goes wrong is quarantined, never written unredacted.
public struct RedactStage: Stage {
    public static let kind = "redact"
    public static let options: [OptionSpec] = [
        OptionSpec("config", .file, help: "the redact config (name columns, column operators, type operators, detectors, names); none: every built-in detector on every column with replace"),
        OptionSpec("name_columns", .stringList, help: "columns holding people's names, looked for again in the row's text (added to the config's)"),
    ]

    /// The side output the stage writes.
    public static let logName = "redaction-log.jsonl"

    public let config: RedactionConfig

    public init(options: StageOptions) throws(StageConfigurationError) {
        var config = RedactionConfig()
        if let path = options.file("config") {
            do {
                config = try RedactionConfig.load(path: path)
            } catch {
                throw StageConfigurationError(option: "config", error.problems.map(\.description).joined(separator: "; "))
            }
        }
        config.nameColumns += options.stringList("name_columns") ?? []
        try self.init(config: config)
    }

    public init(config: RedactionConfig) throws(StageConfigurationError) {
        self.config = config
        if config.pseudonymises && config.keySource == nil {
            throw StageConfigurationError(option: "config", "pseudonymise needs pseudonym_key: {env: NAME} or {file: PATH}")
        }
        let generalisesBirthDates = config.op(for: "DATE_OF_BIRTH") == .generalise
            || config.columnRules.contains { $0.type == "DATE_OF_BIRTH" && $0.op == .generalise }
        if generalisesBirthDates && config.asOf == nil {
            throw StageConfigurationError(option: "config", "generalising dates of birth to age bands needs as_of: yyyy-mm-dd")
        }
    }

    /// Reads the pseudonym key (checking a pipeline needs no secret; running one does) and fixes
    /// the stage to its columns.
    public func bind(columns: [String]) throws(RunError) -> any BoundStage {
        let redactor: Redactor
        do {
            redactor = try Redactor(config: config, key: try config.loadKey())
        } catch let error as StageConfigurationError {
            throw .missingSetting(stage: Self.kind, reason: error.message)
        } catch {
            throw .missingSetting(stage: Self.kind, reason: "\(error)")
        }
        for name in config.nameColumns + config.columnRules.map(\.column) + (config.scanColumns ?? []) where !columns.contains(name) {
            throw .missingColumn(stage: Self.kind, column: name, available: columns)
        }
        try redactor.refuseHeaderHoldingPersonalData(columns, stage: Self.kind)
        var plans = [ColumnPlan](repeating: .keep, count: columns.count)
        let ruled = Set(config.columnRules.map(\.column))
        for (index, name) in columns.enumerated() where config.scanColumns?.contains(name) ?? !ruled.contains(name) {
            // A date in a column named for births is a date of birth with no cue in the text.
            plans[index] = Self.isBirthDateColumn(name) ? .whole(type: "DATE_OF_BIRTH", op: config.op(for: "DATE_OF_BIRTH")) : .scan
        }
        for rule in config.columnRules {
            plans[columns.firstIndex(of: rule.column)!] = .whole(type: rule.type, op: rule.op)
        }
        let nameColumns = config.nameColumns.map { columns.firstIndex(of: $0)! }
        return BoundRedact(columns: columns, plans: plans, nameColumns: nameColumns, redactor: redactor)
    }
}

extension RedactStage {
    /// `dob`, `complainant_dob`, `date_of_birth`, `birth_date`, `DateOfBirth`.
    static func isBirthDateColumn(_ name: String) -> Bool {
        let words = name.lowercased().split { !$0.isLetter }
        let joined = words.joined(separator: "_")
        return words.contains("dob") || joined.contains("date_of_birth") || joined.contains("birth_date")
            || joined.contains("dateofbirth") || joined.contains("birthdate")
    }
}

/// What the stage does with one column.
enum ColumnPlan: Sendable, Equatable {
    case keep
    /// Run the detectors over the text.
    case scan
    /// The whole value is personal data of `type`.
    case whole(type: String, op: RedactionOperator)
}

/// `redact` fixed to its input columns.
final class BoundRedact: BoundStage {
    let columns: [String]
    private let plans: [ColumnPlan]
    private let nameColumns: [Int]
    private let redactor: Redactor
    /// Column names as JSON strings, for the log.
    private let jsonColumns: [[UInt8]]
    private let tally = SpanTally()

    init(columns: [String], plans: [ColumnPlan], nameColumns: [Int], redactor: Redactor) {
        self.columns = columns
        self.plans = plans
        self.nameColumns = nameColumns
        self.redactor = redactor
        jsonColumns = columns.map { name in
            var out: [UInt8] = []
            Array(name.utf8).withUnsafeBytes { JSONLinesEncoder.appendString($0, into: &out) }
            return out
        }
    }

    var sideOutputs: [String] { [RedactStage.logName] }

    func process(_ batch: RecordBatch) throws -> RecordBatch {
        var out = RecordBatch(columnCount: columns.count, expectedBytes: batch.byteCount, expectedRows: batch.count)
        out.quarantined = batch.quarantined
        out.blankLines = batch.blankLines
        var log: [UInt8] = []
        var counts: [String: [String: Int]] = [:]
        var replacements: [Redactor.Replacement] = []
        let scratch = WordTokens.Scratch(capacity: 256)
        var rowLog: [UInt8] = []
        var field: [UInt8] = []
        for row in 0..<batch.count {
            let rowNumber = batch.rowNumbers[row]
            var known = KnownNames()
            for column in nameColumns { batch.withField(row: row, column: column) { known.add($0) } }
            rowLog.removeAll(keepingCapacity: true)
            var failure: (column: Int, RedactionFailure)?
            var rowCounts: [(String, String)] = []
            for column in 0..<columns.count where failure == nil {
                replacements.removeAll(keepingCapacity: true)
                field.removeAll(keepingCapacity: true)
                var problem: RedactionFailure?
                batch.withField(row: row, column: column) { text in
                    do throws(RedactionFailure) {
                        try redactField(text, plan: plans[column], known: known, into: &field, replacements: &replacements, scratch: scratch)
                    } catch {
                        problem = error
                    }
                }
                if let problem {
                    failure = (column, problem)
                    break
                }
                out.appendField(field)
                for replacement in replacements {
                    appendLogLine(row: rowNumber, column: column, replacement, into: &rowLog)
                    rowCounts.append((replacement.span.type, columns[column]))
                }
            }
            if let (column, problem) = failure {
                out.discardOpenRow()
                out.quarantined.append(QuarantinedRow(
                    row: rowNumber, rule: problem.rule, column: columns[column],
                    reason: "not redacted, so not written: \(problem.reason)",
                    fields: (0..<columns.count).map { batch.field(row: row, column: $0) }))
                continue
            }
            out.endRow(rowNumber: rowNumber)
            log += rowLog
            for (type, column) in rowCounts { counts[type, default: [:]][column, default: 0] += 1 }
        }
        out.quarantined.sort { $0.row < $1.row }
        out.sideOutput[RedactStage.logName] = log
        tally.add(counts)
        return out
    }

    /// One field, as its column's plan says.
    private func redactField(_ text: UnsafeRawBufferPointer, plan: ColumnPlan, known: KnownNames, into field: inout [UInt8],
                             replacements: inout [Redactor.Replacement], scratch: WordTokens.Scratch) throws(RedactionFailure) {
        switch plan {
        case .keep:
            field.append(contentsOf: text)
        case .scan:
            // Most exports have many empty fields (later stages, optional columns): nothing to find.
            guard !text.isEmpty else { return }
            try redactor.redact(text, known: known, into: &field, replacements: &replacements, scratch: scratch)
        case let .whole(type, op):
            guard !text.trimmingSpaces.isEmpty else {
                field.append(contentsOf: text)
                return
            }
            field += try redactor.operators.apply(op, type: type, value: text)
            replacements.append(Redactor.Replacement(span: DetectedSpan(range: 0..<text.count, type: type, detector: "column"), op: op))
        }
    }

    func finish() -> StageReport? {
        StageReport(stage: RedactStage.kind, files: [:], counts: tally.total)
    }

    /// `{"row":12,"column":"description","type":"PHONE","detector":"phone","start":120,"end":133,"operator":"replace"}`
    private func appendLogLine(row: Int, column: Int, _ replacement: Redactor.Replacement, into out: inout [UInt8]) {
        out += Self.rowKey
        Self.appendDecimal(row, to: &out)
        out += Self.columnKey
        out += jsonColumns[column]
        // Types and detector names are letters, digits and underscores (the config is held to
        // that), so they need no escaping.
        out += Self.typeKey
        out += replacement.span.type.utf8
        out += Self.detectorKey
        out += replacement.span.detector.utf8
        out += Self.startKey
        Self.appendDecimal(replacement.span.range.lowerBound, to: &out)
        out += Self.endKey
        Self.appendDecimal(replacement.span.range.upperBound, to: &out)
        out += Self.operatorKey
        out += replacement.op.name.utf8
        out += Self.lineEnd
    }

    private static let rowKey = Array(#"{"row":"#.utf8), columnKey = Array(#","column":"#.utf8), typeKey = Array(#","type":""#.utf8)
    private static let detectorKey = Array(#"","detector":""#.utf8), startKey = Array(#"","start":"#.utf8), endKey = Array(#","end":"#.utf8)
    private static let operatorKey = Array(#","operator":""#.utf8), lineEnd = Array("\"}\n".utf8)

    /// Appends a non-negative number's decimal digits without building a `String`.
    private static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            out.append(UInt8(0x30 + rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}

import Foundation

/// Checks every row against a Table Schema and a rules file: applies the declared fixes, then the
/// schema's type and constraint checks, then the rules over several fields, then uniqueness. A row
/// with an error goes to quarantine with its original values, the first error as its reason (and
/// how many more it had); warnings keep the row. Everything found is counted in `quality.json` and
/// `quality.md`, which never show a value of a personal column.
public struct ValidateStage: Stage {
    public static let kind = "validate"
    public static let options: [OptionSpec] = [
        OptionSpec("schema", .file, required: true, help: "the Table Schema (JSON)"),
        OptionSpec("rules", .file, help: "fixes, rules over several fields, and columns that only warn (YAML)"),
    ]

    public let schema: TableSchema
    public let schemaName: String
    public let rules: ValidationRules

    public init(options: StageOptions) throws(StageConfigurationError) {
        guard let path = options.file("schema") else { throw StageConfigurationError(option: "schema", "a schema file is required") }
        do {
            schema = try TableSchema.load(path: path)
            rules = try options.file("rules").map { (path) throws(PipelineError) in try ValidationRules.load(path: path) } ?? ValidationRules()
        } catch {
            throw StageConfigurationError(option: nil, error.problems.map(\.description).joined(separator: "\n"))
        }
        schemaName = (path as NSString).lastPathComponent
    }

    public init(schema: TableSchema, schemaName: String = "schema", rules: ValidationRules = ValidationRules()) {
        self.schema = schema
        self.schemaName = schemaName
        self.rules = rules
    }

    public func bind(columns: [String]) throws(RunError) -> any BoundStage {
        let stageName = "validate"
        var needed = schema.fields.filter(\.constraints.required).map(\.name) + schema.primaryKey
        for fix in rules.fixes { needed += fix.columns ?? [] }
        for rule in rules.rules { needed += rule.columns }
        for name in needed where !columns.contains(name) {
            throw .missingColumn(stage: stageName, column: name, available: columns)
        }
        return BoundValidate(stage: self, columns: columns)
    }
}

/// The validate stage fixed to its input columns.
final class BoundValidate: BoundStage {
    let columns: [String]
    private let stage: ValidateStage
    /// Per input column: its schema checks (nil: not in the schema).
    private let checks: [FieldCheck?]
    /// Per input column: its failures are warnings.
    private let warns: [Bool]
    /// The fixes, each with the input positions it applies to.
    private let fixes: [(fix: ValidationRules.Fix, positions: [Int])]
    private let rules: [(rule: ValidationRules.CrossFieldRule, positions: [String: Int])]
    /// Each uniqueness constraint: its name for `_rule`, the column reported, the positions keyed.
    private let uniqueKeys: [(rule: String, column: String, positions: [Int])]
    private let ledger: InOrderLedger
    private let accumulator: QualityAccumulator
    /// Vocabulary columns (an enum) that are not personal: their allowed values are counted.
    private let vocabularies: Set<Int>

    init(stage: ValidateStage, columns: [String]) {
        self.stage = stage
        self.columns = columns
        let schema = stage.schema
        let position = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })
        let checks: [FieldCheck?] = columns.map { name in
            guard var field = schema.field(name) else { return nil }
            if schema.primaryKey.contains(name) && !field.constraints.required {
                var constraints = field.constraints
                constraints.required = true
                field = SchemaField(name: field.name, type: field.type, format: field.format, constraints: constraints,
                                    trueValues: field.trueValues, falseValues: field.falseValues, personal: field.personal)
            }
            return FieldCheck(field, missingValues: schema.missingValues)
        }
        self.checks = checks
        warns = columns.map { stage.rules.warningColumns.contains($0) }
        fixes = stage.rules.fixes.map { fix in (fix, (fix.columns ?? columns).compactMap { position[$0] }) }
        rules = stage.rules.rules.map { rule in (rule, Dictionary(uniqueKeysWithValues: rule.columns.compactMap { name in position[name].map { (name, $0) } })) }
        // A unique field that is the whole primary key is checked once, as the primary key.
        var keys: [(String, String, [Int])] = schema.fields.filter { $0.constraints.unique && schema.primaryKey != [$0.name] }.compactMap { field in
            position[field.name].map { ("schema.unique", field.name, [$0]) }
        }
        if !schema.primaryKey.isEmpty {
            keys.append(("schema.primaryKey", schema.primaryKey.joined(separator: "+"), schema.primaryKey.compactMap { position[$0] }))
        }
        uniqueKeys = keys
        ledger = InOrderLedger(keyCount: keys.count)
        accumulator = QualityAccumulator(columnCount: columns.count)
        vocabularies = Set(columns.indices.filter { index in
            guard let field = checks[index]?.field else { return false }
            return field.constraints.enumValues != nil && !field.personal
        })
    }

    /// One row's first error (and how many it had) while it is being checked.
    private struct RowVerdict {
        var error: (rule: String, column: String, reason: String)?
        var errors = 0
        var warnings = 0
    }

    func process(_ batch: RecordBatch) -> RecordBatch {
        var tally = QualityTally(columnCount: columns.count)
        var verdicts: [RowVerdict] = []
        var fixedRows: [[[UInt8]]?] = []
        verdicts.reserveCapacity(batch.count)
        fixedRows.reserveCapacity(batch.count)
        for row in 0..<batch.count {
            let rowNumber = batch.rowNumbers[row]
            var verdict = RowVerdict()
            func fail(_ rule: String, _ column: String, _ reason: String, warning: Bool) {
                tally.fail(QualityTally.FailureKey(rule: rule, column: column, severity: warning ? .warning : .error), row: rowNumber)
                if warning {
                    verdict.warnings += 1
                } else {
                    if verdict.error == nil { verdict.error = (rule, column, reason) }
                    verdict.errors += 1
                }
            }
            // Fixes, in the order declared; a row's fields are copied only when one changes.
            var fields: [[UInt8]]?
            for (fix, positions) in fixes {
                for position in positions {
                    let value = fields?[position] ?? batch.field(row: row, column: position)
                    guard let fixed = FieldFixes.apply(fix.kind, map: fix.map, to: value) else { continue }
                    if fields == nil { fields = (0..<columns.count).map { batch.field(row: row, column: $0) } }
                    fields![position] = fixed
                    tally.fixes[fix.kind.rawValue, default: [:]][columns[position], default: 0] += 1
                }
            }
            func withValue<R>(_ position: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
                if let fields { return fields[position].withUnsafeBytes(body) }
                return batch.withField(row: row, column: position, body)
            }
            // The schema, field by field.
            for (position, check) in checks.enumerated() {
                guard let check else { continue }
                let (missing, failures) = withValue(position) { (check.isMissing($0), check.failures($0)) }
                if missing { tally.missing[position] += 1 }
                for failure in failures { fail("schema.\(failure.constraint)", columns[position], failure.reason, warning: warns[position]) }
                if failures.isEmpty, !missing, vocabularies.contains(position) {
                    tally.values[position, default: [:]][withValue(position) { String(decoding: $0, as: UTF8.self) }, default: 0] += 1
                }
            }
            for (position, check) in checks.enumerated() where check == nil {
                if withValue(position, { $0.isEmpty }) { tally.missing[position] += 1 }
            }
            // Rules over several fields.
            for (rule, positions) in rules {
                let text = { (name: String) in positions[name].map { withValue($0) { String(decoding: $0, as: UTF8.self) } } ?? "" }
                if let reason = Self.evaluate(rule, text) {
                    fail("rule.\(rule.name)", rule.column, reason, warning: rule.severity == .warning)
                }
            }
            verdicts.append(verdict)
            fixedRows.append(fields)
        }
        // Uniqueness, in input order: the first row with a value keeps it; later ones are duplicates.
        if !uniqueKeys.isEmpty {
            let keys: [[[UInt8]?]] = (0..<batch.count).map { row in
                uniqueKeys.map { key in
                    var joined: [UInt8] = []
                    for (index, position) in key.positions.enumerated() {
                        let value = fixedRows[row]?[position] ?? batch.field(row: row, column: position)
                        if value.isEmpty { return nil }
                        if index > 0 { joined.append(0x1F) }
                        joined += value
                    }
                    return joined
                }
            }
            let firstRows = ledger.inOrder(batch.sequence) { seen in
                keys.enumerated().map { row, rowKeys in
                    rowKeys.enumerated().map { index, key -> Int? in
                        guard let key else { return nil }
                        if let first = seen[index][key] { return first }
                        seen[index][key] = batch.rowNumbers[row]
                        return nil
                    }
                }
            }
            for row in 0..<batch.count {
                for (index, first) in firstRows[row].enumerated() {
                    guard let first else { continue }
                    let key = uniqueKeys[index]
                    let reason = "the same value as row \(first)"
                    tally.fail(QualityTally.FailureKey(rule: key.rule, column: key.column, severity: .error), row: batch.rowNumbers[row])
                    if verdicts[row].error == nil { verdicts[row].error = (key.rule, key.column, reason) }
                    verdicts[row].errors += 1
                }
            }
        } else {
            ledger.inOrder(batch.sequence) { _ in }
        }
        // Out: rows with an error to quarantine with their original values; the rest, fixed.
        var out = RecordBatch(columnCount: columns.count, expectedBytes: batch.byteCount, expectedRows: batch.count)
        out.quarantined = batch.quarantined
        out.blankLines = batch.blankLines
        tally.rowsChecked = batch.count
        for row in 0..<batch.count {
            let verdict = verdicts[row]
            if let error = verdict.error {
                let more = verdict.errors > 1 ? " (and \(verdict.errors - 1) more \(verdict.errors == 2 ? "problem" : "problems"))" : ""
                out.quarantined.append(QuarantinedRow(
                    row: batch.rowNumbers[row], rule: error.rule, column: error.column, reason: error.reason + more,
                    fields: (0..<columns.count).map { batch.field(row: row, column: $0) }))
                tally.rowsQuarantined += 1
                continue
            }
            if verdict.warnings > 0 { tally.rowsWithWarnings += 1 }
            if let fields = fixedRows[row] {
                for field in fields { field.withUnsafeBytes { out.appendField($0) } }
                out.endRow(rowNumber: batch.rowNumbers[row])
            } else {
                out.appendRow(row, of: batch)
            }
        }
        out.quarantined.sort { $0.row < $1.row }
        accumulator.add(tally)
        return out
    }

    func skip(sequence: Int) {
        ledger.inOrder(sequence) { _ in }
    }

    func finish() -> StageReport? {
        let personal = Set(stage.schema.fields.filter(\.personal).map(\.name))
        let report = QualityReport(schema: stage.schemaName, tally: accumulator.total, columns: columns,
                                   personal: personal, vocabularies: vocabularies)
        return StageReport(stage: ValidateStage.kind, files: ["quality.json": (try? report.json()) ?? [], "quality.md": report.markdown()])
    }

    /// Why `rule` fails for a row whose fields `text` gives by name, or nil if it holds.
    static func evaluate(_ rule: ValidationRules.CrossFieldRule, _ text: (String) -> String) -> String? {
        if let condition = rule.condition {
            let value = text(condition.column).trimmingCharacters(in: .whitespaces)
            let holds: Bool
            switch condition.test {
            case let .equals(values): holds = values.contains(value)
            case let .atLeast(bound): holds = Double(value).map { $0 >= bound } ?? false
            case .notEmpty: holds = !value.isEmpty
            }
            if !holds { return nil }
        }
        switch rule.kind {
        case let .dateOrder(earlier, later):
            guard let first = UKDateParser.parse(text(earlier)), let second = UKDateParser.parse(text(later)) else { return nil }
            return second < first ? "\(later) is before \(earlier)" : nil
        case let .requires(column):
            return text(column).trimmingCharacters(in: .whitespaces).isEmpty ? "\(column) is required" + describe(rule.condition) : nil
        case let .allowedValues(column, values):
            let value = text(column)
            return value.isEmpty || values.contains(value) ? nil : "\(column) must be \(values.joined(separator: " or "))" + describe(rule.condition)
        }
    }

    private static func describe(_ condition: ValidationRules.Condition?) -> String {
        guard let condition else { return "" }
        switch condition.test {
        case let .equals(values): return " when \(condition.column) is \(values.joined(separator: " or "))"
        case let .atLeast(bound): return " when \(condition.column) is at least \(bound.formatted())"
        case .notEmpty: return " when \(condition.column) has a value"
        }
    }
}

/// Lets each batch look at (and add to) the keys seen so far in input order: batch n waits until
/// batches 0..<n have had their turn. Workers take batches in order, so the wait is short and no
/// batch can wait for one that is not already being processed.
final class InOrderLedger: @unchecked Sendable {
    // NSCondition guards `next` and `seen`; that is what makes the unchecked Sendable sound.
    private let condition = NSCondition()
    private var next = 0
    /// Per uniqueness constraint: key -> the first row that had it.
    private var seen: [[[UInt8]: Int]]

    init(keyCount: Int) {
        seen = Array(repeating: [:], count: keyCount)
    }

    @discardableResult
    func inOrder<R>(_ sequence: Int, _ body: (inout [[[UInt8]: Int]]) -> R) -> R {
        condition.lock()
        defer { condition.unlock() }
        while next != sequence { condition.wait() }
        let result = body(&seen)
        next += 1
        condition.broadcast()
        return result
    }
}

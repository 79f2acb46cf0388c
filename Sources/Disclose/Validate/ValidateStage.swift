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
        OptionSpec("references", .fileMap, help: "name: CSV file, for the rules of kind reference"),
        OptionSpec("rows_shown", .integer, help: "row numbers kept per rule and column in the quality report (default 20)"),
    ]

    public let schema: TableSchema
    public let schemaName: String
    public let rules: ValidationRules
    /// For each reference rule (by name), the keys of its reference file.
    let referenceKeys: [String: Set<[UInt8]>]
    /// Row numbers kept per rule and column in the quality report.
    public let rowsShown: Int

    public init(options: StageOptions) throws(StageConfigurationError) {
        guard let path = options.file("schema") else { throw StageConfigurationError(option: "schema", "a schema file is required") }
        do {
            try self.init(schema: TableSchema.load(path: path), schemaName: (path as NSString).lastPathComponent,
                          rules: options.file("rules").map { (path) throws(PipelineError) in try ValidationRules.load(path: path) } ?? ValidationRules(),
                          references: Dictionary((options.fileMap("references") ?? []).map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first }),
                          rowsShown: options.integer("rows_shown") ?? 20)
        } catch {
            throw StageConfigurationError(option: nil, error.problems.map(\.description).joined(separator: "\n"))
        }
    }

    /// `references`: name -> CSV file, for the rules of kind reference (read here, once).
    public init(schema: TableSchema, schemaName: String = "schema", rules: ValidationRules = ValidationRules(),
                references: [String: String] = [:], rowsShown: Int = 20) throws(PipelineError) {
        self.schema = schema
        self.rowsShown = max(0, rowsShown)
        self.schemaName = schemaName
        self.rules = rules
        var keys: [String: Set<[UInt8]>] = [:]
        for rule in rules.rules {
            guard case let .reference(_, source, key, filter) = rule.kind else { continue }
            guard let path = references[source] else {
                throw PipelineError(problems: [PipelineProblem(file: schemaName, line: nil,
                    message: "rule \(rule.name) looks values up in '\(source)', which the stage's references do not name")])
            }
            keys[rule.name] = try ReferenceKeys.load(path: path, key: key, filter: filter)
        }
        referenceKeys = keys
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

/// The validate stage fixed to its input columns. Works on bytes: each row is copied into a
/// workspace once, fixed there, checked there, and written out in one piece.
final class BoundValidate: BoundStage {
    let columns: [String]
    private let stage: ValidateStage
    /// Per input column: its schema checks (nil: not in the schema).
    private let checks: [FieldCheck?]
    /// Per input column: its failures are warnings.
    private let warns: [Bool]
    /// The fixes, one step per fix and column, in the order declared (nothing to retain per step).
    private let fixSteps: [FixStep]
    /// `checks` unretained, for the hot path (`checks` keeps them alive).
    private let checkRefs: [Unmanaged<FieldCheck>?]

    private struct FixStep {
        let kind: ValidationRules.Fix.Kind
        let position: Int
        /// For the synonyms fix: its table, unretained (the stage's rules keep it alive), and its longest value.
        let synonyms: Unmanaged<ValidationRules.SynonymTable>?
        let longestSynonym: Int
    }
    private let rules: [CrossFieldCheck]
    /// `rules` unretained, for the hot path.
    private let ruleRefs: [Unmanaged<CrossFieldCheck>]
    /// Each uniqueness constraint: its name for `_rule`, the column reported, the positions keyed.
    private let uniqueKeys: [(rule: String, column: String, positions: [Int])]
    private let ledger: InOrderLedger
    private let accumulator: QualityAccumulator
    /// By position: a vocabulary column (an enum) that is not personal, whose allowed values are counted.
    private let isVocabulary: [Bool]

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
        fixSteps = stage.rules.fixes.flatMap { fix in
            (fix.columns ?? columns).compactMap { position[$0] }.map {
                FixStep(kind: fix.kind, position: $0, synonyms: fix.kind == .synonyms ? Unmanaged.passUnretained(fix.synonyms) : nil,
                        longestSynonym: fix.synonyms.longest)
            }
        }
        checkRefs = checks.map { $0.map(Unmanaged.passUnretained) }
        rules = stage.rules.rules.map { CrossFieldCheck($0, position: position, referenceKeys: stage.referenceKeys[$0.name]) }
        ruleRefs = rules.map(Unmanaged.passUnretained)
        // A unique field that is the whole primary key is checked once, as the primary key.
        var keys: [(String, String, [Int])] = schema.fields.filter { $0.constraints.unique && schema.primaryKey != [$0.name] }.compactMap { field in
            position[field.name].map { ("schema.unique", field.name, [$0]) }
        }
        if !schema.primaryKey.isEmpty {
            keys.append(("schema.primaryKey", schema.primaryKey.joined(separator: "+"), schema.primaryKey.compactMap { position[$0] }))
        }
        uniqueKeys = keys
        ledger = InOrderLedger(keyCount: keys.count)
        accumulator = QualityAccumulator(columnCount: columns.count, rowsShown: stage.rowsShown)
        isVocabulary = columns.indices.map { index in
            guard let field = checks[index]?.field else { return false }
            return field.constraints.enumValues != nil && !field.personal
        }
    }

    /// One row's first error (and how many it had).
    private struct RowVerdict {
        var error: (rule: String, column: String, reason: String)?
        var errors = 0
        var warnings = 0
    }

    func process(_ batch: RecordBatch) -> RecordBatch {
        let columnCount = columns.count
        var tally = QualityTally(columnCount: columnCount, rowsShown: stage.rowsShown)
        // Counters by position, turned into the tally's named counts once per batch.
        var fixCounts = [Int](repeating: 0, count: fixSteps.count)
        var valueCounts: [[Int]] = checks.map { check in [Int](repeating: 0, count: check?.allowed?.count ?? 0) }
        var workspace = RowWorkspace(columnCount: columnCount)
        defer { workspace.deallocate() }
        var verdicts: [RowVerdict] = []
        verdicts.reserveCapacity(batch.count)
        // Rows that pass so far, fixed, in the order they will be written; and each row's keys.
        var passed = RecordBatch(columnCount: columnCount, expectedBytes: batch.byteCount + batch.count * 32, expectedRows: batch.count)
        var passedRows: [Int] = []
        var keys: [[[UInt8]?]] = []
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
            workspace.load(row: row, of: batch)
            for (index, step) in fixSteps.enumerated()
            where workspace.apply(step.kind, synonyms: step.synonyms, longestSynonym: step.longestSynonym, to: step.position) {
                fixCounts[index] += 1
            }
            // The fixed row, read-only from here (a copy of the workspace's pointers).
            let fixed = workspace
            for position in 0..<columnCount {
                guard let check = checkRefs[position] else {
                    if fixed.value(position).isEmpty { tally.missing[position] += 1 }
                    continue
                }
                let checked = check._withUnsafeGuaranteedRef { $0.check(fixed.value(position)) }
                if checked.missing { tally.missing[position] += 1 }
                if let index = checked.enumIndex, isVocabulary[position] { valueCounts[position][index] += 1 }
                if checked.failed != 0 {
                    for failure in check._withUnsafeGuaranteedRef({ $0.failures(checked.failed) }) {
                        fail("schema.\(failure.constraint)", columns[position], failure.reason, warning: warns[position])
                    }
                }
            }
            for rule in ruleRefs where rule._withUnsafeGuaranteedRef({ $0.fails(fixed) }) {
                let rule = rule.takeUnretainedValue()
                fail("rule.\(rule.rule.name)", rule.rule.column, rule.reason, warning: rule.rule.severity == .warning)
            }
            if !uniqueKeys.isEmpty {
                keys.append(uniqueKeys.map { key in
                    var joined: [UInt8] = []
                    for (index, position) in key.positions.enumerated() {
                        let value = fixed.value(position)
                        if value.isEmpty { return nil }
                        if index > 0 { joined.append(0x1F) }
                        joined.append(contentsOf: value)
                    }
                    return joined
                })
            }
            verdicts.append(verdict)
            if verdict.error == nil {
                if workspace.changed {
                    workspace.withOrderedRow { passed.appendFields($0, bounds: $1) }
                    passed.endRow(rowNumber: rowNumber)
                } else {
                    passed.appendRow(row, of: batch)
                }
                passedRows.append(row)
            }
        }
        // Uniqueness, in input order: the first row with a value keeps it; later ones are duplicates.
        let firstRows: [[Int?]] = ledger.inOrder(batch.sequence) { seen in
            keys.enumerated().map { row, rowKeys in
                rowKeys.enumerated().map { index, key -> Int? in
                    guard let key else { return nil }
                    let wrapped = UniqueKey(key)
                    if let first = seen[index][wrapped] { return first }
                    seen[index][wrapped] = batch.rowNumbers[row]
                    return nil
                }
            }
        }
        for (row, rowFirsts) in firstRows.enumerated() {
            for (index, first) in rowFirsts.enumerated() {
                guard let first else { continue }
                let key = uniqueKeys[index]
                tally.fail(QualityTally.FailureKey(rule: key.rule, column: key.column, severity: .error), row: batch.rowNumbers[row])
                if verdicts[row].error == nil { verdicts[row].error = (key.rule, key.column, "the same value as row \(first)") }
                verdicts[row].errors += 1
            }
        }
        // Out: the rows that passed, fixed (rebuilt without any found to be a duplicate); rows with
        // an error to quarantine with their original values.
        tally.rowsChecked = batch.count
        var out: RecordBatch
        if passedRows.allSatisfy({ verdicts[$0].error == nil }) {
            out = passed
        } else {
            out = RecordBatch(columnCount: columnCount, expectedBytes: passed.byteCount, expectedRows: passed.count)
            for (index, row) in passedRows.enumerated() where verdicts[row].error == nil { out.appendRow(index, of: passed) }
        }
        out.quarantined = batch.quarantined
        out.blankLines = batch.blankLines
        for row in 0..<batch.count {
            let verdict = verdicts[row]
            if let error = verdict.error {
                let more = verdict.errors > 1 ? " (and \(verdict.errors - 1) more \(verdict.errors == 2 ? "problem" : "problems"))" : ""
                out.quarantined.append(QuarantinedRow(
                    row: batch.rowNumbers[row], rule: error.rule, column: error.column, reason: error.reason + more,
                    fields: (0..<columnCount).map { batch.field(row: row, column: $0) }))
                tally.rowsQuarantined += 1
            } else if verdict.warnings > 0 {
                tally.rowsWithWarnings += 1
            }
        }
        out.quarantined.sort { $0.row < $1.row }
        for (index, step) in fixSteps.enumerated() where fixCounts[index] > 0 {
            tally.fixes[step.kind.rawValue, default: [:]][columns[step.position], default: 0] += fixCounts[index]
        }
        for position in columns.indices where isVocabulary[position] {
            let allowed = checks[position]!.field.constraints.enumValues!
            for (index, count) in valueCounts[position].enumerated() where count > 0 {
                tally.values[position, default: [:]][allowed[index], default: 0] += count
            }
        }
        accumulator.add(tally)
        return out
    }

    func skip(sequence: Int) {
        ledger.inOrder(sequence) { _ in }
    }

    func finish() -> StageReport? {
        let personal = Set(stage.schema.fields.filter(\.personal).map(\.name))
        let report = QualityReport(schema: stage.schemaName, tally: accumulator.total, columns: columns,
                                   personal: personal, vocabularies: Set(columns.indices.filter { isVocabulary[$0] }))
        let json: [UInt8]
        do {
            json = try report.json()
        } catch {
            // Counts, names and finite percentages always encode; never write an empty report.
            preconditionFailure("the quality report could not be encoded: \(error)")
        }
        return StageReport(stage: ValidateStage.kind, files: ["quality.json": json, "quality.md": report.markdown()])
    }
}

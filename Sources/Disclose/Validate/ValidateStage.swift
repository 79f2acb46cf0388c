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

/// The validate stage fixed to its input columns. Works on bytes, a row at a time and a field at a
/// time: each field is fixed where it lies, checked, and appended to the fixed row, which is
/// written out in one piece.
final class BoundValidate: BoundStage {
    let columns: [String]
    private let stage: ValidateStage
    /// Per input column: its schema checks (nil: not in the schema).
    private let checks: [FieldCheck?]
    /// The fixes, one step per fix and column, in the order declared (counted by this order).
    private let fixSteps: FrozenTable<FixStep>
    /// Per input column, what to do with its field: the hot path reads only these.
    private let plans: FrozenTable<ColumnPlan>

    private struct FixStep {
        let kind: ValidationRules.Fix.Kind
        let position: Int
        /// For the synonyms fix: its table, unretained (the stage's rules keep it alive).
        let synonyms: Unmanaged<ValidationRules.SynonymTable>?
        /// The most bytes the fix writes: `room.fixed + room.perInputByte * input length`.
        let room: (fixed: Int, perInputByte: Int)
    }

    /// One column's fixes (a column's fixes read only its own value, so each column's run in the
    /// order declared) and its checks. Holds no reference, so the hot path copies it for free.
    private struct ColumnPlan {
        /// Its fixes: a range of `fixOrder`, which holds indices into `fixSteps`.
        let fixes: Range<Int>
        /// The column's schema checks, unretained (`checks` keeps them alive).
        let check: Unmanaged<FieldCheck>?
        /// Its failures are warnings.
        let warns: Bool
        /// A vocabulary column (an enum) that is not personal, whose allowed values are counted.
        let isVocabulary: Bool
        /// Its enum values: a range of `settled` and of a batch's value counts.
        let values: Range<Int>
    }
    /// The columns' fixes, column by column (indices into `fixSteps`).
    private let fixOrder: FrozenTable<Int>
    /// Per enum value of each column (`ColumnPlan.values`): the column's fixes leave it as it is and
    /// it passes every check, so a field holding exactly that value needs neither. Found once, at
    /// bind, by running the fixes and checks on the value itself.
    private let settled: FrozenTable<Bool>
    private let rules: [CrossFieldCheck]
    /// `rules` unretained, for the hot path.
    private let ruleRefs: FrozenTable<Unmanaged<CrossFieldCheck>>
    /// Each uniqueness constraint: its name for `_rule`, the column reported, the positions keyed.
    private let uniqueKeys: [(rule: String, column: String, positions: [Int])]
    private let ledger: InOrderLedger
    private let accumulator: QualityAccumulator

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
        let fixSteps = stage.rules.fixes.flatMap { fix in
            (fix.columns ?? columns).compactMap { position[$0] }.map {
                FixStep(kind: fix.kind, position: $0, synonyms: fix.kind == .synonyms ? Unmanaged.passUnretained(fix.synonyms) : nil,
                        room: FieldFixes.outputRoom(fix.kind, longestSynonym: fix.synonyms.longest))
            }
        }
        self.fixSteps = FrozenTable(fixSteps)
        var fixOrder: [Int] = [], settled: [Bool] = []
        plans = FrozenTable(columns.indices.map { column in
            let field = checks[column]?.field
            let fixes = stage.rules.fixes.filter { ($0.columns ?? columns).contains(columns[column]) }
            let fixStart = fixOrder.count, valueStart = settled.count
            fixOrder += fixSteps.indices.filter { fixSteps[$0].position == column }
            precondition(fixOrder.count - fixStart <= ValidationRules.maximumFixes, "more than \(ValidationRules.maximumFixes) fixes on one column")
            if let check = checks[column], let allowed = check.allowed {
                settled += allowed.enumerated().map { index, value in
                    fixes.allSatisfy { FieldFixes.apply($0, to: value) == nil }
                        && value.withUnsafeBytes { check.check($0) } == FieldCheck.Checked(enumIndex: index)
                }
            }
            return ColumnPlan(fixes: fixStart..<fixOrder.count, check: checks[column].map(Unmanaged.passUnretained),
                              warns: stage.rules.warningColumns.contains(columns[column]),
                              isVocabulary: field.map { $0.constraints.enumValues != nil && !$0.personal } ?? false,
                              values: valueStart..<settled.count)
        })
        self.fixOrder = FrozenTable(fixOrder)
        self.settled = FrozenTable(settled)
        rules = stage.rules.rules.map { CrossFieldCheck($0, position: position, referenceKeys: stage.referenceKeys[$0.name]) }
        ruleRefs = FrozenTable(rules.map(Unmanaged.passUnretained))
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
    }

    deinit {
        fixSteps.deallocate()
        plans.deallocate()
        fixOrder.deallocate()
        settled.deallocate()
        ruleRefs.deallocate()
    }

    /// One row's first error (and how many it had).
    private struct RowVerdict {
        var error: (rule: String, column: String, reason: String)?
        var errors = 0
        var warnings = 0

        /// Counts a failure of row `row` in the tally and in this verdict.
        mutating func fail(_ rule: String, _ column: String, _ reason: String, warning: Bool, row: Int, tally: inout QualityTally) {
            tally.fail(QualityTally.FailureKey(rule: rule, column: column, severity: warning ? .warning : .error), row: row)
            if warning {
                warnings += 1
            } else {
                if error == nil { error = (rule, column, reason) }
                errors += 1
            }
        }
    }

    /// A row's key for one uniqueness constraint: where its bytes lie in the batch's key bytes, and
    /// their hash (`count` -1: a part of the key is empty, so the row has no key).
    private struct RowKey {
        var start = 0
        var count = -1
        var hash: UInt64 = 0
    }

    /// What one batch builds as its rows are checked. Passed `inout` rather than captured by
    /// closures, so that its accesses are checked when compiled, not at run time on every field.
    private struct BatchWork {
        var tally: QualityTally
        /// Per fix step, per enum value and per column (values missing), turned into the tally's
        /// counts once per batch. Counted through pointers: an array's element in an `inout`
        /// struct is checked for uniqueness at every write.
        let fixCounts: UnsafeMutableBufferPointer<Int>
        let valueCounts: UnsafeMutableBufferPointer<Int>
        let missing: UnsafeMutableBufferPointer<Int>
        var workspace: RowWorkspace
        var memo: FieldMemo
        var verdicts: [RowVerdict] = []
        /// The rows that pass, fixed, in the order they will be written.
        var passed: RecordBatch
    }

    func process(_ batch: RecordBatch) -> RecordBatch {
        let columnCount = columns.count
        var work = BatchWork(tally: QualityTally(columnCount: columnCount, rowsShown: stage.rowsShown),
                             fixCounts: Self.zeroed(fixSteps.count), valueCounts: Self.zeroed(settled.count), missing: Self.zeroed(columnCount),
                             workspace: RowWorkspace(columnCount: columnCount), memo: FieldMemo(columnCount: columnCount),
                             passed: RecordBatch(columnCount: columnCount, expectedBytes: batch.byteCount + batch.count * 32, expectedRows: batch.count))
        defer {
            work.workspace.deallocate()
            work.memo.deallocate()
            work.fixCounts.deallocate()
            work.valueCounts.deallocate()
            work.missing.deallocate()
        }
        work.verdicts.reserveCapacity(batch.count)
        let firstRows = batch.withFieldStorage { storage, bounds in firstRowsOfKeys(batch, storage, bounds, &work) }
        batch.withFieldStorage { storage, bounds in
            for row in 0..<batch.count { check(row: row, of: batch, storage, bounds, firstRows: firstRows, &work) }
        }
        var tally = work.tally
        let verdicts = work.verdicts, fixCounts = work.fixCounts, valueCounts = work.valueCounts
        // Out: the rows that passed, fixed; rows with an error to quarantine with their original values.
        tally.rowsChecked = batch.count
        for position in 0..<columnCount { tally.missing[position] += work.missing[position] }
        var out = work.passed
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
        for index in fixSteps.indices where fixCounts[index] > 0 {
            let step = fixSteps[index]
            tally.fixes[step.kind.rawValue, default: [:]][columns[step.position], default: 0] += fixCounts[index]
        }
        for position in columns.indices where plans[position].isVocabulary {
            let allowed = checks[position]!.field.constraints.enumValues!
            for (index, count) in valueCounts[plans[position].values].enumerated() where count > 0 {
                tally.values[position, default: [:]][allowed[index], default: 0] += count
            }
        }
        accumulator.add(tally)
        return out
    }

    private static func zeroed(_ count: Int) -> UnsafeMutableBufferPointer<Int> {
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: count)
        counts.initialize(repeating: 0)
        return counts
    }

    /// A field after its column's fixes (valid until the next fix), and which of them changed it
    /// (bit n: the column's n-th fix).
    @inline(__always)
    private func fixed(_ field: UnsafeRawBufferPointer, _ plan: ColumnPlan, _ workspace: inout RowWorkspace)
        -> (value: UnsafeRawBufferPointer, fired: UInt64) {
        var value = field, fired: UInt64 = 0
        for order in 0..<plan.fixes.count {
            let step = fixSteps[fixOrder[plan.fixes.lowerBound + order]]
            // Trim, the fix declared on every column, is decided here for the usual value with no space at either end.
            if step.kind == .trim && (value.isEmpty || !FieldFixes.isSpace(value[0]) && !FieldFixes.isSpace(value[value.count - 1])) {
                continue
            }
            let room = step.room.fixed + step.room.perInputByte * value.count
            guard let changed = workspace.fix(value, step.kind, synonyms: step.synonyms, room: room) else { continue }
            value = changed
            fired |= 1 << UInt64(order)
        }
        return (value, fired)
    }

    /// Uniqueness, settled before the rows are checked so that a worker holds the ledger (in input
    /// order) at the start of its batch, not at the end while the other waits: per row and
    /// constraint, nil for the first row with its key (or a row with none), else that first row.
    private func firstRowsOfKeys(_ batch: RecordBatch, _ storage: UnsafeRawBufferPointer, _ bounds: UnsafeBufferPointer<Int>,
                                 _ work: inout BatchWork) -> [Int?] {
        let keyCount = uniqueKeys.count, columnCount = columns.count
        guard keyCount > 0 else { return [] }
        var keyBytes: [UInt8] = []
        var rowKeys: [RowKey] = []
        rowKeys.reserveCapacity(batch.count * keyCount)
        for row in 0..<batch.count {
            for key in uniqueKeys {
                let start = keyBytes.count
                var complete = true
                for (index, position) in key.positions.enumerated() {
                    let value = fixed(RecordBatch.field(row * columnCount + position, storage, bounds), plans[position], &work.workspace).value
                    if value.isEmpty { complete = false; break }
                    if index > 0 { keyBytes.append(0x1F) }
                    keyBytes.append(contentsOf: value)
                }
                if complete {
                    let count = keyBytes.count - start
                    let hash = keyBytes.withUnsafeBytes { FirstSeenKeys.hash(UnsafeRawBufferPointer(rebasing: $0[start..<(start + count)])) }
                    rowKeys.append(RowKey(start: start, count: count, hash: hash))
                } else {
                    keyBytes.removeLast(keyBytes.count - start)
                    rowKeys.append(RowKey())
                }
            }
        }
        return ledger.inOrder(batch.sequence) { seen in
            keyBytes.withUnsafeBytes { keyStorage in
                rowKeys.indices.map { index -> Int? in
                    let key = rowKeys[index]
                    guard key.count >= 0 else { return nil }
                    return seen[index % keyCount].firstRow(of: UnsafeRawBufferPointer(rebasing: keyStorage[key.start..<(key.start + key.count)]),
                                                           hash: key.hash, orRecord: batch.rowNumbers[index / keyCount])
                }
            }
        }
    }

    /// Fixes and checks one row: its verdict, its failures in the tally, and (when it has no error)
    /// its fixed form in `work.passed`.
    private func check(row: Int, of batch: RecordBatch, _ storage: UnsafeRawBufferPointer, _ bounds: UnsafeBufferPointer<Int>,
                       firstRows: [Int?], _ work: inout BatchWork) {
        let columnCount = columns.count, keyCount = uniqueKeys.count
        let rowNumber = batch.rowNumbers[row]
        var verdict = RowVerdict()
        work.workspace.beginRow()
        let first = row * columnCount
        for position in 0..<columnCount {
            let field = RecordBatch.field(first + position, storage, bounds)
            let plan = plans[position]
            if !plan.values.isEmpty, let check = plan.check,
               let index = check._withUnsafeGuaranteedRef({ $0.enumIndex(field) }), settled[plan.values.lowerBound + index] {
                work.workspace.append(field)
                if plan.isVocabulary { work.valueCounts[plan.values.lowerBound + index] += 1 }
                continue
            }
            let value: UnsafeRawBufferPointer, fired: UInt64, checked: FieldCheck.Checked
            if let recalled = work.memo.recall(position, field) {
                (value, fired, checked) = recalled
            } else {
                (value, fired) = fixed(field, plan, &work.workspace)
                checked = plan.check?._withUnsafeGuaranteedRef { $0.check(value) } ?? FieldCheck.Checked(missing: value.isEmpty)
                work.memo.remember(position, field, fixedTo: value, fired: fired, checked: checked)
            }
            work.workspace.append(value)
            var firedLeft = fired
            while firedLeft != 0 {
                work.fixCounts[fixOrder[plan.fixes.lowerBound + firedLeft.trailingZeroBitCount]] += 1
                firedLeft &= firedLeft - 1
            }
            if checked.missing { work.missing[position] += 1 }
            if let index = checked.enumIndex, plan.isVocabulary { work.valueCounts[plan.values.lowerBound + index] += 1 }
            if checked.failed != 0, let check = plan.check {
                for failure in check._withUnsafeGuaranteedRef({ $0.failures(checked.failed) }) {
                    verdict.fail("schema.\(failure.constraint)", columns[position], failure.reason, warning: plan.warns,
                                 row: rowNumber, tally: &work.tally)
                }
            }
        }
        for index in ruleRefs.indices where ruleRefs[index]._withUnsafeGuaranteedRef({ $0.fails(work.workspace) }) {
            let rule = ruleRefs[index].takeUnretainedValue()
            verdict.fail("rule.\(rule.rule.name)", rule.rule.column, rule.reason, warning: rule.rule.severity == .warning,
                         row: rowNumber, tally: &work.tally)
        }
        for index in 0..<keyCount {
            guard let first = firstRows[row * keyCount + index] else { continue }
            let key = uniqueKeys[index]
            verdict.fail(key.rule, key.column, "the same value as row \(first)", warning: false, row: rowNumber, tally: &work.tally)
        }
        work.verdicts.append(verdict)
        if verdict.error == nil {
            work.workspace.withRow { work.passed.appendFields($0, bounds: $1) }
            work.passed.endRow(rowNumber: rowNumber)
        }
    }

    func skip(sequence: Int) {
        // The ledger is used only when there are keys to check (then by every batch, in turn).
        if !uniqueKeys.isEmpty { ledger.inOrder(sequence) { _ in } }
    }

    func finish() -> StageReport? {
        let personal = Set(stage.schema.fields.filter(\.personal).map(\.name))
        let report = QualityReport(schema: stage.schemaName, tally: accumulator.total, columns: columns,
                                   personal: personal, vocabularies: Set(columns.indices.filter { plans[$0].isVocabulary }))
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

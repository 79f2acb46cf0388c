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

/// The validate stage fixed to its input columns. Works on bytes, a batch at a time and a column
/// at a time: each field is fixed where it lies (a changed value goes to the batch's fix arena)
/// and checked; then the rules over several fields read each row's fixed fields; the rows that
/// pass are put together in one piece.
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
        /// Its enum values for lookup (the column's check owns the table).
        let enumTable: EnumValueTable?
        /// Its fixes touch only spaces: trim alone (names, references, numbers), or collapse
        /// with or without trim (addresses, free text). A field they would leave as it is,
        /// nearly every one, needs no call to the fixes.
        let spaceFixes: SpaceFixes
        /// Its checks pass every value present (text with no enum, pattern or length), so that a
        /// field that is not empty after the fixes needs no call to them.
        let passesPresentValues: Bool
        /// A date column whose fixes are trim and uk_date and whose check reads ISO dates: the
        /// bit of its uk_date fix, else 0. A `dd/mm/yyyy` field is then read once for both.
        let ukDateFix: UInt64
        /// What the checks make of an empty field, which the column's fixes leave empty (nil if
        /// one of them would not): found once, at bind; a quarter of a case's fields are empty.
        let emptyChecked: FieldCheck.Checked?
        /// `emptyChecked` when an empty field passes and is no enum value (the usual empty field).
        let passingEmpty: FieldCheck.Checked?
        /// Which fields `checkColumn`'s first pass settles.
        let kind: ColumnKind
    }

    /// Which fields of a column need nothing done, so that `checkColumn`'s first pass settles them
    /// in a few instructions each and only the rest take the fixes and checks.
    private enum ColumnKind {
        /// An enum column: an empty field that passes, and a field holding a settled value.
        case vocabulary
        /// Text whose fixes touch only spaces and whose checks pass every value present: an empty
        /// field that passes, and one the fixes would leave as it is (where collapse is one of
        /// them, only a field longer than the memo's: a short one, a directorate or a service
        /// area, repeats, and the memo recalls it for less than a look through it costs).
        case plainText
        /// None: only an empty field that passes is settled first.
        case general
    }
    /// What a column's fixes do to spaces, when that is all they do.
    private enum SpaceFixes {
        case trim
        case collapse
        /// Other fixes, or none.
        case other
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
    /// Per uniqueness constraint, its positions: a range of `keyPositions` (for the hot path).
    private let keyRanges: FrozenTable<Range<Int>>
    private let keyPositions: FrozenTable<Int>
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
            // Whether the column's fixes leave `value` as it is.
            func leftAsIs(_ value: [UInt8]) -> Bool { fixes.allSatisfy { FieldFixes.apply($0, to: value) == nil } }
            if let check = checks[column], let allowed = check.allowed {
                settled += allowed.enumerated().map { index, value in
                    leftAsIs(value) && value.withUnsafeBytes { check.check($0) } == FieldCheck.Checked(enumIndex: index)
                }
            }
            let emptyChecked = leftAsIs([])
                ? checks[column].map { check in [UInt8]().withUnsafeBytes { check.check($0) } } ?? FieldCheck.Checked(missing: true)
                : nil
            let spaceFixes = Self.spaceFixes(fixes.map(\.kind)), passesPresentValues = checks[column]?.passesEveryPresentValue ?? true
            return ColumnPlan(fixes: fixStart..<fixOrder.count, check: checks[column].map(Unmanaged.passUnretained),
                              warns: stage.rules.warningColumns.contains(columns[column]),
                              isVocabulary: field.map { $0.constraints.enumValues != nil && !$0.personal } ?? false,
                              values: valueStart..<settled.count, enumTable: checks[column]?.enumTable,
                              spaceFixes: spaceFixes, passesPresentValues: passesPresentValues,
                              ukDateFix: Self.ukDateFix(fixOrder[fixStart...].map { fixSteps[$0].kind }, check: checks[column]),
                              emptyChecked: emptyChecked,
                              passingEmpty: emptyChecked.flatMap { $0.failed == 0 && $0.enumIndex == nil ? $0 : nil },
                              kind: checks[column]?.enumTable != nil ? .vocabulary
                                : spaceFixes != .other && passesPresentValues ? .plainText : .general)
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
        keyPositions = FrozenTable(keys.flatMap(\.2))
        keyRanges = FrozenTable(keys.indices.map { index in
            let start = keys[..<index].reduce(0) { $0 + $1.2.count }
            return start..<start + keys[index].2.count
        })
        ledger = InOrderLedger(keyCount: keys.count)
        accumulator = QualityAccumulator(columnCount: columns.count, rowsShown: stage.rowsShown)
    }

    deinit {
        fixSteps.deallocate()
        plans.deallocate()
        fixOrder.deallocate()
        settled.deallocate()
        ruleRefs.deallocate()
        keyRanges.deallocate()
        keyPositions.deallocate()
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

    /// A row's key for one uniqueness constraint, after the fixes, and its hash (nil: a part of the
    /// key is empty, so the row has none).
    private struct RowKey {
        var bytes: UnsafeRawBufferPointer?
        var hash: UInt64 = 0
    }

    /// What one batch builds as its columns are checked. Passed `inout` rather than captured by
    /// closures, so that its accesses are checked when compiled, not at run time on every field.
    /// Its tables are reached through pointers: an array's element in an `inout` struct is checked
    /// for uniqueness at every write.
    private struct BatchWork {
        var tally: QualityTally
        /// Per fix step, per enum value and per column (values missing), turned into the tally's
        /// counts once per batch.
        let fixCounts: UnsafeMutableBufferPointer<Int>
        let valueCounts: UnsafeMutableBufferPointer<Int>
        let missing: UnsafeMutableBufferPointer<Int>
        /// Every row's fields after the fixes, column by column (field `column * rows + row`), as
        /// they are checked; they point into the input or `arena`.
        let cells: UnsafeMutableBufferPointer<FixedField>
        let rows: Int
        let verdicts: UnsafeMutableBufferPointer<RowVerdict>
        /// Per row: a fix changed the length of one of its fields.
        let resized: UnsafeMutableBufferPointer<Bool>
        /// The rows of the column being checked whose fields need their fixes and checks run
        /// (`checkColumn`'s first pass settles the rest).
        let rowsToCheck: UnsafeMutablePointer<Int32>
        /// The fields (`row * columnCount + column`) a fix changed without changing their length:
        /// `patchCount` of them, in memory of its own (an array in an `inout` struct is checked for
        /// uniqueness at every append).
        private(set) var patches: UnsafeMutablePointer<Int>
        private(set) var patchCount = 0
        private var patchCapacity: Int
        var arena = FixArena()
        let memo = ColumnMemo()

        init(columnCount: Int, rowCount: Int, fixSteps: Int, enumValues: Int, rowsShown: Int) {
            tally = QualityTally(columnCount: columnCount, rowsShown: rowsShown)
            fixCounts = Self.zeroed(fixSteps)
            valueCounts = Self.zeroed(enumValues)
            missing = Self.zeroed(columnCount)
            cells = .allocate(capacity: rowCount * columnCount)
            rows = rowCount
            verdicts = .allocate(capacity: rowCount)
            verdicts.initialize(repeating: RowVerdict())
            resized = .allocate(capacity: rowCount)
            resized.initialize(repeating: false)
            precondition(rowCount <= Int(Int32.max), "a batch of more than 2 billion rows")
            rowsToCheck = .allocate(capacity: max(rowCount, 1))
            patchCapacity = max(rowCount * 8, 16)
            patches = .allocate(capacity: patchCapacity)
        }

        func deallocate() {
            fixCounts.deallocate()
            valueCounts.deallocate()
            missing.deallocate()
            cells.deallocate()
            _ = verdicts.deinitialize()
            verdicts.deallocate()
            resized.deallocate()
            rowsToCheck.deallocate()
            patches.deallocate()
            arena.deallocate()
            memo.deallocate()
        }

        mutating func addPatch(_ field: Int) {
            if patchCount == patchCapacity {
                patchCapacity *= 2
                let grown = UnsafeMutablePointer<Int>.allocate(capacity: patchCapacity)
                grown.moveInitialize(from: patches, count: patchCount)
                patches.deallocate()
                patches = grown
            }
            patches[patchCount] = field
            patchCount += 1
        }

        private static func zeroed(_ count: Int) -> UnsafeMutableBufferPointer<Int> {
            let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: count)
            counts.initialize(repeating: 0)
            return counts
        }
    }

    /// Checks a batch column by column (each column's plan read once, not once per row), then the
    /// rules over several fields rule by rule, then the keys. The rows that pass stay where they
    /// are in the batch: a fix that kept a field's length (a dd/mm/yyyy date made yyyy-mm-dd, a
    /// postcode made upper case) is written over the field, and a row with a field that changed
    /// length gets a new version.
    func process(_ batch: consuming RecordBatch) -> RecordBatch {
        let columnCount = columns.count
        var work = BatchWork(columnCount: columnCount, rowCount: batch.count, fixSteps: fixSteps.count,
                             enumValues: settled.count, rowsShown: stage.rowsShown)
        defer { work.deallocate() }
        // Every pointer into the batch's fields is used inside this closure, while the batch holds them.
        let resized = batch.withFieldStorage { storage, bounds, rowFirsts in
            let firstRows = firstRowsOfKeys(batch, storage, bounds, rowFirsts, &work)
            for position in 0..<columnCount { checkColumn(position, of: batch, storage, bounds, rowFirsts, &work) }
            checkRows(batch, firstRows: firstRows, &work)
            return newVersionsOfResizedRows(batch, work)
        }
        var tally = work.tally
        // Rows with an error go to quarantine with their original values.
        tally.rowsChecked = batch.count
        for position in 0..<columnCount { tally.missing[position] += work.missing[position] }
        var kept: [Int] = []
        kept.reserveCapacity(batch.count)
        for row in 0..<batch.count {
            let verdict = work.verdicts[row]
            if let error = verdict.error {
                let more = verdict.errors > 1 ? " (and \(verdict.errors - 1) more \(verdict.errors == 2 ? "problem" : "problems"))" : ""
                batch.quarantined.append(QuarantinedRow(
                    row: batch.rowNumbers[row], rule: error.rule, column: error.column, reason: error.reason + more,
                    fields: (0..<columnCount).map { batch.field(row: row, column: $0) }))
                tally.rowsQuarantined += 1
            } else {
                kept.append(row)
                if verdict.warnings > 0 { tally.rowsWithWarnings += 1 }
            }
        }
        batch.quarantined.sort { $0.row < $1.row }
        for index in fixSteps.indices where work.fixCounts[index] > 0 {
            let step = fixSteps[index]
            tally.fixes[step.kind.rawValue, default: [:]][columns[step.position], default: 0] += work.fixCounts[index]
        }
        for position in columns.indices where plans[position].isVocabulary {
            let allowed = checks[position]!.field.constraints.enumValues!
            for (index, count) in work.valueCounts[plans[position].values].enumerated() where count > 0 {
                tally.values[position, default: [:]][allowed[index], default: 0] += count
            }
        }
        accumulator.add(tally)
        writePatches(into: &batch, work)
        batch.replaceRows(resized.rows, with: resized.versions)
        batch.keepRows(kept)
        return batch
    }

    /// What a column's `fixes` do to spaces, when that is all they do.
    private static func spaceFixes(_ fixes: [ValidationRules.Fix.Kind]) -> SpaceFixes {
        if fixes.isEmpty || !Set(fixes).isSubset(of: [.trim, .collapseWhitespace]) { return .other }
        return fixes.contains(.collapseWhitespace) ? .collapse : .trim
    }

    /// The bit of the uk_date fix among a column's `fixes` when they are uk_date, or trim then
    /// uk_date, and its check reads ISO dates by day; else 0.
    private static func ukDateFix(_ fixes: [ValidationRules.Fix.Kind], check: FieldCheck?) -> UInt64 {
        guard check?.checksISODatesByDay == true else { return 0 }
        switch fixes {
        case [.ukDate]: return 1
        case [.trim, .ukDate]: return 1 << 1
        default: return 0
        }
    }

    /// A field after its column's fixes, and which of them changed it (bit n: the column's n-th fix).
    @inline(__always)
    private func fixed(_ field: UnsafeRawBufferPointer, _ plan: ColumnPlan, _ arena: inout FixArena)
        -> (value: UnsafeRawBufferPointer, fired: UInt64) {
        var value = field, fired: UInt64 = 0
        for order in 0..<plan.fixes.count {
            let step = fixSteps[fixOrder[plan.fixes.lowerBound + order]]
            // Trim, the fix declared on every column, is decided here for the usual value with no space at either end.
            if step.kind == .trim && FieldFixes.trimLeavesAsIs(value) {
                continue
            }
            let room = step.room.fixed + step.room.perInputByte * value.count
            guard let changed = arena.fix(value, step.kind, synonyms: step.synonyms, room: room) else { continue }
            value = changed
            fired |= 1 << UInt64(order)
        }
        return (value, fired)
    }

    /// Uniqueness, settled before the rows are checked so that a worker holds the ledger (in input
    /// order) at the start of its batch, not at the end while the other waits: per row and
    /// constraint (`row * keyCount + key`), -1 for the first row with its key (or a row with none),
    /// else that first row's number.
    private func firstRowsOfKeys(_ batch: RecordBatch, _ storage: UnsafeRawBufferPointer, _ bounds: UnsafeBufferPointer<Int>,
                                 _ rowFirsts: UnsafeBufferPointer<Int>, _ work: inout BatchWork) -> [Int] {
        let keyCount = keyRanges.count, rows = batch.count
        guard keyCount > 0 else { return [] }
        let rowKeys = UnsafeMutableBufferPointer<RowKey>.allocate(capacity: rows * keyCount)
        defer { rowKeys.deallocate() }
        // Per constraint, how many rows have a whole key.
        var complete = [Int](repeating: 0, count: keyCount)
        withUnsafeTemporaryAllocation(of: UnsafeRawBufferPointer.self, capacity: max(keyPositions.count, 1)) { parts in
            var slot = 0
            for row in 0..<rows {
                let first = rowFirsts[row]
                for key in 0..<keyCount {
                    defer { slot += 1 }
                    let positions = keyRanges[key]
                    var whole = true
                    for index in positions {
                        let position = keyPositions[index]
                        let value = fixed(RecordBatch.field(first + position, storage, bounds), plans[position], &work.arena).value
                        if value.isEmpty { whole = false; break }
                        parts[index - positions.lowerBound] = value
                    }
                    guard whole else {
                        (rowKeys.baseAddress! + slot).initialize(to: RowKey())
                        continue
                    }
                    // The fixed values stay where they are for the batch, so a key of one column is not copied.
                    let bytes = positions.count == 1
                        ? parts[0] : work.arena.join(UnsafeBufferPointer(rebasing: parts[0..<positions.count]), separator: 0x1F)
                    (rowKeys.baseAddress! + slot).initialize(to: RowKey(bytes: bytes, hash: FirstSeenKeys.hash(bytes)))
                    complete[key] += 1
                }
            }
        }
        return ledger.inOrder(batch.sequence) { seen in
            for key in 0..<keyCount {
                seen[key].prepare(adding: complete[key], hashes: stride(from: key, to: rows * keyCount, by: keyCount).lazy
                    .filter { rowKeys[$0].bytes != nil }.map { rowKeys[$0].hash })
            }
            return [Int](unsafeUninitializedCapacity: rows * keyCount) { firstRows, initialized in
                for slot in 0..<rows * keyCount {
                    let key = rowKeys[slot]
                    firstRows[slot] = key.bytes.map { bytes in
                        seen[slot % keyCount].firstRow(of: bytes, hash: key.hash, orRecord: batch.rowNumbers[slot / keyCount]) ?? -1
                    } ?? -1
                }
                initialized = rows * keyCount
            }
        }
    }

    /// Row `row`'s field of one column, whose first bound is `columnBounds` (the batch's bounds
    /// from the column's position on): `RecordBatch.field` with the column's pointers taken once,
    /// not per field, and no overflow check on the length, which lies in the batch (calling
    /// `RecordBatch.field` here cost validate 13.6 M more instructions on 20,000 rows).
    @inline(__always)
    private static func field(of row: Int, _ bytes: UnsafeRawPointer, _ columnBounds: UnsafePointer<Int>,
                              _ rowFirsts: UnsafePointer<Int>) -> UnsafeRawBufferPointer {
        let fieldBounds = columnBounds + rowFirsts[row], start = fieldBounds[0]
        return UnsafeRawBufferPointer(start: bytes + start, count: fieldBounds[1] &- start)
    }

    /// `checkColumn`'s first pass over a column of `rows` rows: writes the fixed field of each
    /// field that needs nothing done to `cells` (counting enum values in `valueCounts`), lists the
    /// other rows in `rowsToCheck`, and returns how many it listed and how many of the fields it
    /// settled are missing. Out of line, so that its loop has the registers to itself.
    @inline(never)
    private func settleFields(of plan: ColumnPlan, _ rows: Int, _ cells: UnsafeMutablePointer<FixedField>, _ bytes: UnsafeRawPointer,
                              _ columnBounds: UnsafePointer<Int>, _ rowFirsts: UnsafePointer<Int>, valueCounts: UnsafeMutablePointer<Int>?,
                              rowsToCheck: UnsafeMutablePointer<Int32>) -> (listed: Int, missing: Int) {
        let settled = self.settled, firstValue = plan.values.lowerBound, enumTable = plan.enumTable
        let emptyPasses = plan.passingEmpty != nil, emptyDay = plan.passingEmpty?.day ?? FixedField.noDay
        let plainText = plan.kind == .plainText, trimOnly = plan.spaceFixes == .trim
        var listed = 0, passedEmpty = 0
        for row in 0..<rows {
            let field = Self.field(of: row, bytes, columnBounds, rowFirsts)
            if field.isEmpty {
                if emptyPasses {
                    cells[row] = FixedField(field, day: emptyDay)
                    passedEmpty &+= 1
                    continue
                }
            } else if let enumTable {
                // A field holding exactly an enum value that is settled needs neither fixes nor checks.
                if let index = enumTable.index(of: field), settled[firstValue &+ index] {
                    cells[row] = FixedField(field)
                    valueCounts?[index] &+= 1
                    continue
                }
            } else if plainText && FieldFixes.trimLeavesAsIs(field)
                && (trimOnly || field.count > ColumnMemo.longest && FieldFixes.collapseLeavesAsIs(field)) {
                // Plain text the fixes leave as it is, which passes.
                cells[row] = FixedField(field)
                continue
            }
            rowsToCheck[listed] = Int32(truncatingIfNeeded: row)
            listed &+= 1
        }
        return (listed, plan.passingEmpty?.missing == true ? passedEmpty : 0)
    }

    /// Fixes and checks one column of every row: each row's fixed field in `work.cells`, its
    /// failures in the row's verdict and the tally (rows in order, so the rows shown are the first).
    /// The column's fields are walked by pointer and its counts kept in locals until the end: this
    /// runs for every field of the input. A first pass settles the fields that need nothing done
    /// (by the column's kind), a few instructions each, and lists the rest; the second takes the
    /// listed fields through the fixes and checks. Kept apart, each loop keeps its values in
    /// registers: the second's body is large.
    private func checkColumn(_ position: Int, of batch: RecordBatch, _ storage: UnsafeRawBufferPointer, _ bounds: UnsafeBufferPointer<Int>,
                             _ rowFirsts: UnsafeBufferPointer<Int>, _ work: inout BatchWork) {
        let columnCount = columns.count
        let plan = plans[position]
        let verdicts = work.verdicts
        let cells = work.cells.baseAddress! + position * work.rows
        let bytes = storage.baseAddress!, columnBounds = bounds.baseAddress! + position, rowFirsts = rowFirsts.baseAddress!
        let valueCounts = plan.isVocabulary ? work.valueCounts.baseAddress! + plan.values.lowerBound : nil
        let fixCounts = work.fixCounts.baseAddress!, fixOrder = self.fixOrder, firstFix = plan.fixes.lowerBound
        var missing = 0
        // First pass: the rows left for the second listed in `rowsToCheck` (without a first pass, every row is).
        var listed = 0
        let rowsToCheck = work.rowsToCheck
        // A column of no kind with no empty field that passes (a required one) has nothing to settle.
        let firstPass = plan.kind != .general || plan.passingEmpty != nil
        if firstPass {
            (listed, missing) = settleFields(of: plan, batch.count, cells, bytes, columnBounds, rowFirsts, valueCounts: valueCounts, rowsToCheck: rowsToCheck)
        }
        // Second pass. Short fields seen before take their results from the memo, while it finds
        // at least one in four of the first 64 it is asked about (a column of names or references
        // rarely repeats).
        let memo = work.memo
        memo.reset()
        var asked = 0, found = 0, remembering = true
        for place in 0..<(firstPass ? listed : batch.count) {
            let row = firstPass ? Int(rowsToCheck[place]) : place
            let field = Self.field(of: row, bytes, columnBounds, rowFirsts), cell = cells + row
            // A field holding a settled enum value is not here: an enum column always takes the
            // first pass, which settles those.
            let value: FixedField, fired: UInt64, checked: FieldCheck.Checked
            var slot = -1
            if field.isEmpty, let emptyChecked = plan.emptyChecked {
                (value, fired, checked) = (FixedField(field, day: emptyChecked.day), 0, emptyChecked)
            } else if plan.ukDateFix != 0 && UKDateParser.hasSlashedLayout(field),
               let check = plan.check, let date = UKDateParser.slashedDigits(field) {
                // dd/mm/yyyy: trim leaves it, uk_date writes it as yyyy-mm-dd, and the check
                // takes its day number, all from one reading.
                fired = plan.ukDateFix
                checked = check._withUnsafeGuaranteedRef { $0.checkISODate(day: CivilDate.dayNumber(year: date.year, month: date.month, day: date.day)) }
                value = FixedField(work.arena.write(10) { FieldFixes.writeISO(ofUKDate: field, to: $0) }, day: checked.day)
            } else {
                slot = remembering && field.count <= ColumnMemo.longest ? memo.slot(for: field) : -1
                if slot >= 0, let entry = memo.recall(slot, field) {
                    (value, fired, checked) = (entry.pointee.value, entry.pointee.fired, entry.pointee.checked)
                    found += 1
                } else {
                    let result: (value: UnsafeRawBufferPointer, fired: UInt64)
                    switch plan.spaceFixes {
                    case .trim where FieldFixes.trimLeavesAsIs(field): result = (field, 0)
                    case .collapse where FieldFixes.collapseLeavesAsIs(field): result = (field, 0)
                    default: result = fixed(field, plan, &work.arena)
                    }
                    fired = result.fired
                    checked = plan.passesPresentValues && !result.value.isEmpty ? FieldCheck.Checked()
                        : plan.check?._withUnsafeGuaranteedRef { $0.check(result.value) } ?? FieldCheck.Checked(missing: result.value.isEmpty)
                    value = FixedField(result.value, day: checked.day)
                    if slot >= 0 { memo.remember(slot, ColumnMemo.Entry(field: field, value: value, fired: fired, checked: checked)) }
                }
            }
            if slot >= 0 {
                asked += 1
                if asked == 64 && found < 16 { remembering = false }
            }
            cell.pointee = value
            if fired != 0 {
                if value.bytes.count == field.count { work.addPatch(row * columnCount + position) } else { work.resized[row] = true }
                var firedLeft = fired
                while firedLeft != 0 {
                    fixCounts[fixOrder[firstFix &+ firedLeft.trailingZeroBitCount]] += 1
                    firedLeft &= firedLeft - 1
                }
            }
            if checked.missing { missing += 1 }
            if let index = checked.enumIndex { valueCounts?[index] += 1 }
            if checked.failed != 0, let check = plan.check {
                for failure in check._withUnsafeGuaranteedRef({ $0.failures(checked.failed) }) {
                    verdicts[row].fail("schema.\(failure.constraint)", columns[position], failure.reason, warning: plan.warns,
                                       row: batch.rowNumbers[row], tally: &work.tally)
                }
            }
        }
        work.missing[position] += missing
    }

    /// The rules over several fields, rule by rule over the batch's rows, and the uniqueness of
    /// keys, after every column is fixed and checked (each row's failures still come in the order
    /// of the rules, then the keys).
    private func checkRows(_ batch: RecordBatch, firstRows: [Int], _ work: inout BatchWork) {
        let keyCount = uniqueKeys.count
        let verdicts = work.verdicts, cells = UnsafePointer(work.cells.baseAddress!)
        for index in ruleRefs.indices {
            let check = ruleRefs[index].takeUnretainedValue()
            let name = "rule.\(check.rule.name)", reason = check.reason, warning = check.rule.severity == .warning
            check.forEachFailingRow(in: cells, rows: work.rows) { row in
                verdicts[row].fail(name, check.rule.column, reason, warning: warning, row: batch.rowNumbers[row], tally: &work.tally)
            }
        }
        guard keyCount > 0 else { return }
        for row in 0..<batch.count {
            for index in 0..<keyCount {
                let first = firstRows[row * keyCount + index]
                guard first >= 0 else { continue }
                let key = uniqueKeys[index]
                verdicts[row].fail(key.rule, key.column, "the same value as row \(first)", warning: false, row: batch.rowNumbers[row], tally: &work.tally)
            }
        }
    }

    /// The new versions of the rows with no error that a fix changed the length of a field of,
    /// from their fixed fields, in one piece; fields that lie next to each other are copied together.
    private func newVersionsOfResizedRows(_ batch: RecordBatch, _ work: BatchWork) -> (rows: [Int], versions: RecordBatch) {
        let columnCount = columns.count
        let cells = work.cells.baseAddress!, rows = work.rows
        var resized: [Int] = [], byteCount = 0
        for row in 0..<batch.count where work.resized[row] && work.verdicts[row].error == nil {
            resized.append(row)
            for column in 0..<columnCount { byteCount += cells[column * rows + row].bytes.count }
        }
        let versions = RecordBatch(columnCount: columnCount, rowNumbers: resized.map { batch.rowNumbers[$0] }, byteCount: byteCount) { bytes, ends in
            let output = bytes.baseAddress!
            var written = 0
            for (index, row) in resized.enumerated() {
                var run = UnsafeRawBufferPointer(start: nil, count: 0)
                for column in 0..<columnCount {
                    let value = cells[column * rows + row].bytes
                    if !value.isEmpty {
                        if !run.isEmpty && run.baseAddress! + run.count == value.baseAddress! {
                            run = UnsafeRawBufferPointer(start: run.baseAddress, count: run.count + value.count)
                        } else {
                            if !run.isEmpty { (output + written - run.count).copyMemory(from: run.baseAddress!, byteCount: run.count) }
                            run = value
                        }
                    }
                    written += value.count
                    ends[index * columnCount + column] = written
                }
                if !run.isEmpty { (output + written - run.count).copyMemory(from: run.baseAddress!, byteCount: run.count) }
            }
        }
        return (resized, versions)
    }

    /// Writes the fixed values that kept their fields' lengths over those fields, in the rows with
    /// no error that keep their place (the fixed values lie in the batch's fix arena, not in `batch`).
    private func writePatches(into batch: inout RecordBatch, _ work: BatchWork) {
        guard work.patchCount > 0 else { return }
        let columnCount = columns.count
        let cells = work.cells.baseAddress!, resized = work.resized, verdicts = work.verdicts, rows = work.rows
        batch.overwriteFields { storage, bounds, rowFirsts in
            let output = storage.baseAddress!
            for patch in UnsafeBufferPointer(start: work.patches, count: work.patchCount) {
                let row = patch / columnCount, column = patch % columnCount
                guard verdicts[row].error == nil && !resized[row] else { continue }
                let value = cells[column * rows + row].bytes
                if !value.isEmpty { (output + bounds[rowFirsts[row] + column]).copyMemory(from: value.baseAddress!, byteCount: value.count) }
            }
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

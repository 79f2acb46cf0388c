/// Adds the derived columns of DOMAIN.md that every timeliness KPI depends on: due dates, days
/// taken, within timescale, overdue as of a date, completion buckets and the financial year,
/// counted the way the law and each procedure count them (`Pipelines/timescales.yaml`).
public struct CategoriseStage: Stage {
    public static let kind = "categorise"
    public static let options: [OptionSpec] = [
        OptionSpec("config", .file, required: true, help: "the categorise config: dataset, timescales, as_of, buckets"),
        OptionSpec("as_of", .string, help: "the date open cases are judged overdue on (yyyy-mm-dd); overrides the config"),
    ]

    public let config: CategoriseConfig

    public init(options: StageOptions) throws(StageConfigurationError) {
        guard let path = options.file("config") else { throw StageConfigurationError(option: "config", "config is required") }
        var config: CategoriseConfig
        do {
            config = try CategoriseConfig.load(path: path)
        } catch {
            throw StageConfigurationError(option: "config", error.problems.map(\.description).joined(separator: "; "))
        }
        if let text = options.string("as_of") {
            guard let date = CivilDate(iso: text) else { throw StageConfigurationError(option: "as_of", "as_of must be a date yyyy-mm-dd") }
            config.asOf = date
        }
        self.init(config: config)
    }

    public init(config: CategoriseConfig) {
        self.config = config
    }

    public func bind(columns: [String]) throws(RunError) -> any BoundStage {
        let derived = Self.derivedColumns(config.dataset)
        for required in ["received_date"] + (config.dataset == .complaints ? ["procedure"] : ["response_date"])
        where !columns.contains(required) {
            throw .missingColumn(stage: Self.kind, column: required, available: columns)
        }
        let output = columns + derived.filter { !columns.contains($0) }
        return BoundCategorise(config: config, inputColumns: columns, columns: output)
    }

    /// The columns the stage adds, in order (a column already in the input is filled in place).
    public static func derivedColumns(_ dataset: CaseDataset) -> [String] {
        switch dataset {
        case .complaints:
            (1...3).flatMap { stage in
                ["due_date", "extended_due_date", "working_days", "within_timescale", "overdue", "completion_bucket"].map { "stage\(stage)_\($0)" }
            } + ["financial_year", "category", "category_rule", "service_type"]
        case .foi:
            ["due_date", "extended_due_date", "days_taken", "within_timescale", "overdue", "financial_year", "exemption_sections", "topic", "topic_rule"]
        case .sar:
            ["due_date", "extended_due_date", "days_taken", "within_timescale", "overdue", "financial_year", "regime"]
        }
    }
}

/// Why a row could not be categorised; becomes a quarantine reason (never holds a value).
struct CategoriseProblem: Error {
    let rule: String
    let column: String
    let reason: String
}

/// The categorise stage fixed to its input columns. Works on bytes: dates are read from the
/// fields' bytes, derived values written as bytes, and where each output field comes from is fixed
/// at bind time.
final class BoundCategorise: BoundStage {
    let config: CategoriseConfig
    let inputColumns: [String]
    let columns: [String]
    /// The columns the stage reads, resolved to input positions once (absent ones read as empty).
    private let complaintStages: FrozenTable<(start: InputColumn, extended: InputColumn, response: InputColumn)>
    private let received, procedure, clockStart, pausedDays, requestExtended, response, regime, exemptions: InputColumn
    private let serviceArea: InputColumn
    /// Where the category (complaints) or topic (FOI) rules read an existing value and write theirs.
    private let ruleOutputs: RuleOutputs
    /// Input positions of the columns the category rules search, then of the service area.
    private let searchedAndArea: [Int?]
    /// Completion bucket bounds per complaint stage.
    private let stageBounds: [[Int]]
    /// The derived values that go in columns the input already has: (input column, derived value).
    private let inPlace: [(column: Int, value: Int)]
    /// The runs of derived values that become the columns added after the input's, in order.
    private let addedRuns: [Range<Int>]
    private let derivedNames: [String]
    /// Bucket labels: stage n's bucket b at `(n - 1) * bucketStride + b`.
    private let bucketLabels: FrozenStrings
    private let bucketStride: Int
    /// The timescales' procedure names, and their stages: procedure p's stage n at `p * 3 + n - 1`
    /// (unretained: the config's timescale book keeps them).
    private let procedureNames: EnumValueTable
    private let procedureStages: FrozenTable<Unmanaged<Timescale>?>
    /// The labels of the days the timescales' calendars cover: a due date falls inside them (a
    /// date outside is a row problem), and so nearly always does a received date.
    private let dateLabels: DateLabels
    /// The day open cases are judged overdue on, as a day number.
    private let asOfDay: Int

    init(config: CategoriseConfig, inputColumns: [String], columns: [String]) {
        self.config = config
        self.inputColumns = inputColumns
        self.columns = columns
        let position = Dictionary(uniqueKeysWithValues: inputColumns.enumerated().map { ($1, $0) })
        func column(_ name: StaticString) -> InputColumn { InputColumn(name: name, position: position["\(name)"]) }
        complaintStages = FrozenTable([
            (column("stage1_start_date"), column("stage1_extended"), column("stage1_response_date")),
            (column("stage2_start_date"), column("stage2_extended"), column("stage2_response_date")),
            (column("stage3_start_date"), column("stage3_extended"), column("stage3_response_date")),
        ])
        received = column("received_date")
        procedure = column("procedure")
        clockStart = column("clock_start_date")
        pausedDays = column("paused_days")
        requestExtended = column(config.dataset == .foi ? "pit_extended" : "extended")
        response = column("response_date")
        regime = column("regime")
        exemptions = column("exemptions")
        ruleOutputs = config.dataset == .foi
            ? RuleOutputs(existing: column("topic"), name: 7, rule: 8, serviceType: nil)
            : RuleOutputs(existing: column("category"), name: 19, rule: 20, serviceType: 21)
        serviceArea = column("service_area")
        searchedAndArea = (config.categories?.columns ?? []).map { position[$0] } + [serviceArea.position]
        stageBounds = (1...3).map { config.stageBuckets[$0] ?? config.buckets }
        let derivedNames = CategoriseStage.derivedColumns(config.dataset)
        self.derivedNames = derivedNames
        inPlace = derivedNames.indices.compactMap { value in position[derivedNames[value]].map { ($0, value) } }
        var addedRuns: [Range<Int>] = []
        for value in derivedNames.indices where position[derivedNames[value]] == nil {
            if let last = addedRuns.last, last.upperBound == value { addedRuns[addedRuns.count - 1] = last.lowerBound..<value + 1 } else {
                addedRuns.append(value..<value + 1)
            }
        }
        self.addedRuns = addedRuns
        precondition(columns == inputColumns + addedRuns.flatMap { $0.map { derivedNames[$0] } }, "derived columns out of place")
        let bucketStride = stageBounds.map(\.count).max()! + 1
        self.bucketStride = bucketStride
        bucketLabels = FrozenStrings(stageBounds.flatMap { bounds in
            (0..<bucketStride).map { bucket in
                bucket <= bounds.count
                    ? Array(CategoriseConfig.bucket(bucket < bounds.count ? bounds[bucket] : bounds[bounds.count - 1] + 1, bounds: bounds).utf8)
                    : []
            }
        })
        let names = config.timescales.procedureNames
        procedureNames = EnumValueTable(names.map { Array($0.utf8) })
        procedureStages = FrozenTable(names.flatMap { name in
            (1...3).map { config.timescales.stage($0, of: name).map(Unmanaged.passUnretained) }
        })
        let council = config.timescales.councilCalendar.coverage, allUK = config.timescales.allUKCalendar.coverage
        dateLabels = DateLabels(min(council.lowerBound, allUK.lowerBound)...max(council.upperBound, allUK.upperBound))
        asOfDay = config.asOf.dayNumber
    }

    deinit {
        bucketLabels.deallocate()
        procedureNames.deallocate()
        procedureStages.deallocate()
        dateLabels.deallocate()
        complaintStages.deallocate()
    }

    /// The batch's rows, the ones the stage keeps, with the derived values: those of columns the
    /// input has written into the rows (only rows where they change are copied), the rest added
    /// after them, kept apart (`RecordBatch(adding:to:)`), so that the rows are not copied.
    func process(_ batch: consuming RecordBatch) -> RecordBatch {
        var quarantined = batch.quarantined
        // Its memory goes to the batch's added columns at the end.
        var derived = DerivedFields(count: derivedNames.count, expectedRows: batch.count, dateLabels: dateLabels)
        var kept: [Int] = []
        kept.reserveCapacity(batch.count)
        let dates = DateMemo()
        defer { dates.deallocate() }
        // Every pointer into the batch's fields is used inside this closure, while the batch holds them.
        let changed = batch.withFieldStorage { storage, bounds, rowFirsts in
            let categories = categories(of: batch, storage, bounds, rowFirsts)
            for row in 0..<batch.count {
                let record = FieldReader(storage: storage, bounds: bounds, first: rowFirsts[row], dates: dates)
                let category = categories.map { RowCategory(existing: $0.existing[row], found: $0.found[row]) }
                derived.beginRow()
                do throws(CategoriseProblem) {
                    switch config.dataset {
                    case .complaints: try complaint(record, category: category, into: &derived)
                    case .foi: try request(record, kind: "foi", category: category, into: &derived)
                    case .sar: try request(record, kind: "sar", category: category, into: &derived)
                    }
                } catch {
                    derived.discardRow()
                    quarantined.append(QuarantinedRow(
                        row: batch.rowNumbers[row], rule: error.rule, column: error.column, reason: error.reason,
                        fields: (0..<inputColumns.count).map { batch.field(row: row, column: $0) }))
                    continue
                }
                derived.completeRow()
                kept.append(row)
            }
            return changedRows(kept: kept, storage, bounds, rowFirsts, derived: derived)
        }
        batch.quarantined = quarantined
        batch.keepRows(kept)
        batch.replaceRows(changed.rows, with: changed.versions)
        return RecordBatch(adding: derived.addedColumns(runs: addedRuns), to: batch)
    }

    /// Every row's category (topic) column: where a value already in the data is on the list, and
    /// what the rules find where the category is looked for, all rows at once
    /// (`CategoryRules.classify`); nil without rules.
    private func categories(of batch: RecordBatch, _ storage: UnsafeRawBufferPointer, _ bounds: UnsafeBufferPointer<Int>,
                            _ rowFirsts: UnsafeBufferPointer<Int>) -> BatchCategories? {
        guard let rules = config.categories else { return nil }
        let rows = batch.count, stride = searchedAndArea.count
        let existingPosition = ruleOutputs.existing.position, recompute = config.recomputeCategories
        var findCategory = [Bool](repeating: true, count: rows)
        // Filled through pointers: an array written in this loop is checked for uniqueness at every write.
        let existing = [Int32](unsafeUninitializedCapacity: rows) { existing, initialized in
            findCategory.withUnsafeMutableBufferPointer { findCategory in
                for row in 0..<rows {
                    existing[row] = RowCategory.empty
                    guard let existingPosition else { continue }
                    let value = RecordBatch.field(rowFirsts[row] + existingPosition, storage, bounds).trimmingSpaces
                    if !value.isEmpty {
                        existing[row] = rules.position(of: value).map(Int32.init) ?? RowCategory.notOnList
                        findCategory[row] = recompute
                    }
                }
            }
            initialized = rows
        }
        let found = withUnsafeTemporaryAllocation(of: UnsafeRawBufferPointer.self, capacity: rows * stride) { fields in
            for row in 0..<rows {
                RecordBatch.initializeFields(first: rowFirsts[row], columns: searchedAndArea, storage, bounds, at: fields.baseAddress! + row * stride)
            }
            return rules.classify(UnsafeBufferPointer(fields), findCategory: findCategory)
        }
        return BatchCategories(existing: existing, found: found)
    }

    /// The kept rows (by their place among them) in which a derived value of a column the input
    /// has differs from the input's, and their new versions.
    private func changedRows(kept: [Int], _ storage: UnsafeRawBufferPointer, _ bounds: UnsafeBufferPointer<Int>,
                             _ rowFirsts: UnsafeBufferPointer<Int>, derived: DerivedFields) -> (rows: [Int], versions: RecordBatch) {
        var rows: [Int] = []
        var versions = RecordBatch(columnCount: inputColumns.count)
        guard !inPlace.isEmpty else { return (rows, versions) }
        for (derivedRow, row) in kept.enumerated() {
            let first = rowFirsts[row]
            let same = derived.withRow(derivedRow) { values, valueBounds in
                inPlace.allSatisfy { RecordBatch.field(first + $0.column, storage, bounds).equals(RecordBatch.field($0.value, values, valueBounds)) }
            }
            guard !same else { continue }
            rows.append(derivedRow)
            derived.withRow(derivedRow) { values, valueBounds in
                for column in 0..<inputColumns.count {
                    if let value = inPlace.first(where: { $0.column == column })?.value {
                        versions.appendField(RecordBatch.field(value, values, valueBounds))
                    } else {
                        versions.appendField(RecordBatch.field(first + column, storage, bounds))
                    }
                }
            }
            versions.endRow(rowNumber: 0)
        }
        return (rows, versions)
    }

    /// Complaint columns: per stage, 6 derived fields at positions (stage - 1) * 6 + 0...5
    /// (due, extended due, working days, within, overdue, bucket), then financial_year at 18,
    /// category 19, category_rule 20, service_type 21 (set in that order).
    private func complaint(_ record: FieldReader, category: RowCategory?, into derived: inout DerivedFields) throws(CategoriseProblem) {
        let received = try record.dayNumber(self.received)
        // The procedure's place among the timescales' (-1: none of them), looked up once a row.
        var procedureIndex: Int?
        for stage in 1...3 {
            let columns = complaintStages[stage - 1], base = (stage - 1) * 6
            // Stage 1 usually starts on the day the case is received: the same bytes are read once.
            let startsOnReceipt = stage == 1 && record.withBytes(columns.start, { start in record.withBytes(self.received) { start.equals($0) } })
            guard let start = try (startsOnReceipt ? received : record.dayNumber(columns.start)) ?? (stage == 1 ? received : nil) else { continue }
            if procedureIndex == nil {
                procedureIndex = record.withBytes(procedure) { procedureNames.index(of: $0) } ?? -1
            }
            guard procedureIndex! >= 0, let timescale = procedureStages[procedureIndex! * 3 + stage - 1] else {
                throw CategoriseProblem(rule: "categorise.procedure", column: "procedure",
                                        reason: "no stage \(stage) timescale for this procedure in the timescales file")
            }
            let extended = try record.flag(columns.extended)
            let response = try record.dayNumber(columns.response)
            try calendarCall(columns.start.name) { () throws(CalendarError) in
                // The config's timescale book holds the timescale: read without a retain and release a case.
                let (due, extendedDue) = try timescale._withUnsafeGuaranteedRef { timescale in
                    Result { () throws(CalendarError) in try timescale.dueDayNumbers(fromDayNumber: start) }
                }.get()
                derived.setDate(base, dayNumber: due)
                if let extendedDue { derived.setDate(base + 1, dayNumber: extendedDue) }
                if let response {
                    let days = try config.timescales.councilCalendar.workingDays(afterDayNumber: start, throughDayNumber: response)
                    derived.setNumber(base + 2, days)
                    derived.setFlag(base + 3, response <= ((extended ? extendedDue : nil) ?? due))
                    derived.setFlag(base + 4, false)
                    let bounds = stageBounds[stage - 1]
                    derived.set(base + 5, bucketLabels[(stage - 1) * bucketStride + (bounds.firstIndex { days <= $0 } ?? bounds.count)])
                } else {
                    derived.setFlag(base + 4, asOfDay > ((extended ? extendedDue : nil) ?? due))
                }
            }
        }
        if let received { derived.setFinancialYear(18, dayNumber: received) }
        try categorise(record, category, into: &derived)
    }

    /// `category_rule` of a category kept from the data.
    private static let input: StaticString = "input"

    /// The case's category (a request's topic): one already in the data is kept (and must be on the
    /// list) unless the config says to recompute; otherwise what the rules found. Without rules a
    /// value in the data is copied as it is.
    private func categorise(_ record: FieldReader, _ category: RowCategory?, into derived: inout DerivedFields) throws(CategoriseProblem) {
        let slots = ruleOutputs
        guard let rules = config.categories, let category else {
            record.withBytes(slots.existing) { bytes in
                let value = bytes.trimmingSpaces
                if !value.isEmpty { derived.set(slots.name, value) }
            }
            return
        }
        if category.existing != RowCategory.empty && !config.recomputeCategories {
            guard category.existing >= 0 else {
                throw CategoriseProblem(rule: "categorise.\(slots.existing.name)", column: "\(slots.existing.name)",
                                        reason: "not a \(slots.existing.name) of the \(rules.version) list")
            }
            derived.set(slots.name, rules.categoryBytes[Int(category.existing)])
            derived.set(slots.rule, Self.input.rawBytes)
        } else if let found = rules.category(category.found) {
            derived.set(slots.name, found.name)
            derived.set(slots.rule, found.rule)
        }
        if let serviceType = rules.serviceType(category.found), let position = slots.serviceType { derived.set(position, serviceType) }
    }

    /// Request columns: due 0, extended due 1, days taken 2, within 3, overdue 4, financial year 5,
    /// then exemption_sections (FOI) or regime (SAR) at 6; FOI topic 7 and topic_rule 8.
    private func request(_ record: FieldReader, kind: String, category: RowCategory?, into derived: inout DerivedFields) throws(CategoriseProblem) {
        var sections: String?
        if kind == "foi" {
            guard let parsed = ExemptionSections.parse(record.text(exemptions)) else {
                throw CategoriseProblem(rule: "categorise.exemption", column: "exemptions",
                                        reason: "not a list of exemption references like s40(2);s43(2) or reg 12(5)(e)")
            }
            sections = parsed
        }
        let regime = try requestTimeliness(record, kind: kind, into: &derived)
        if let sections { derived.set(6, sections) }
        if kind == "sar", let regime { derived.set(6, regime) }
        if kind == "foi" { try categorise(record, category, into: &derived) }
    }

    /// Sets a request's columns 0...5; returns the regime whose timescale applied (none without a
    /// received date).
    private func requestTimeliness(_ record: FieldReader, kind: String, into derived: inout DerivedFields) throws(CategoriseProblem) -> String? {
        guard let received = try record.dayNumber(self.received) else { return nil }
        let receivedDate = CivilDate(dayNumber: received)
        let requestKind = kind == "foi" && record.text(regime).lowercased() == "eir" ? "eir" : kind
        guard let (regime, timescale) = config.timescales.request(requestKind, received: receivedDate) else {
            throw CategoriseProblem(rule: "categorise.timescale", column: "received_date",
                                    reason: "no \(requestKind) timescale covers this date in the timescales file")
        }
        let start = CivilDate(dayNumber: try record.dayNumber(clockStart) ?? received)
        let paused = try record.number(pausedDays)
        let extended = try record.flag(requestExtended)
        let response = try record.dayNumber(self.response).map(CivilDate.init(dayNumber:))
        try calendarCall("received_date") { () throws(CalendarError) in
            let due = try timescale.dueDate(from: start, pausedDays: paused)
            let extendedDue = try timescale.extendedDueDate(from: start, pausedDays: paused)
            derived.setDate(0, dayNumber: due.dayNumber)
            if let extendedDue { derived.setDate(1, dayNumber: extendedDue.dayNumber) }
            if let response {
                derived.setNumber(2, try timescale.daysTaken(from: start, to: response))
                derived.setFlag(3, response <= ((extended ? extendedDue : nil) ?? due))
                derived.setFlag(4, false)
            } else {
                derived.setFlag(4, config.asOf > ((extended ? extendedDue : nil) ?? due))
            }
        }
        derived.setFinancialYear(5, dayNumber: received)
        return regime
    }

    /// Runs calendar arithmetic, turning a date outside the calendar into a row problem.
    private func calendarCall(_ column: StaticString, _ body: () throws(CalendarError) -> Void) throws(CategoriseProblem) {
        do {
            try body()
        } catch {
            throw CategoriseProblem(rule: "categorise.calendar", column: "\(column)",
                                    reason: "a date of this case is outside the bank-holiday calendar")
        }
    }
}

/// A batch's derived values as bytes, row after row. Values are set in column order (an unset
/// value is empty), so a row's derived values lie together, as `AddedColumns` holds them. The
/// buffers are written through pointers: values are a few bytes each, and `Array.append(contentsOf:)`
/// costs more per call than the copy itself. `addedColumns` hands them to the batch.
private struct DerivedFields {
    private var bytes: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var used = 0
    /// Value `i` of row `r` spans `bounds[r * count + i] ..< bounds[r * count + i + 1]`.
    private var bounds: UnsafeMutablePointer<Int>
    private var boundsCapacity: Int
    /// Values per row.
    private let count: Int
    /// Rows completed.
    private var rows = 0
    /// The first value of the open row not yet set.
    private var next = 0
    /// The open row's bounds (`bounds + rows * count`): its values' offsets are summed and
    /// indexed wrapping from here (they stay within the buffers).
    private var rowBounds: UnsafeMutablePointer<Int>
    /// Dates and financial years written out, for the days they cover.
    private let dateLabels: DateLabels

    init(count: Int, expectedRows: Int, dateLabels: DateLabels) {
        self.count = count
        self.dateLabels = dateLabels
        // Some 110 bytes a complaint (dates, numbers, labels, a category and its rule).
        capacity = max(256, expectedRows * 160)
        bytes = .allocate(capacity: capacity)
        boundsCapacity = (max(expectedRows, 1) * count) + 1
        bounds = .allocate(capacity: boundsCapacity)
        bounds[0] = 0
        rowBounds = bounds
    }

    /// Opens the next row.
    mutating func beginRow() {
        next = 0
        let needed = (rows + 1) * count + 1
        if needed > boundsCapacity {
            boundsCapacity = max(boundsCapacity * 2, needed)
            let grown = UnsafeMutablePointer<Int>.allocate(capacity: boundsCapacity)
            grown.update(from: bounds, count: rows * count + 1)
            bounds.deallocate()
            bounds = grown
        }
        rowBounds = bounds + rows * count
    }

    /// Drops what the open row set (a row set aside half-way through).
    mutating func discardRow() {
        used = rowBounds[0]
        next = 0
    }

    /// Closes the open row: every value not set is empty.
    mutating func completeRow() {
        skip(to: count)
        rows += 1
    }

    /// Calls `body` with the values' bytes and the bounds of completed row `row`'s values
    /// (`count + 1`, offsets into the bytes).
    func withRow<R>(_ row: Int, _ body: (UnsafeRawBufferPointer, UnsafeBufferPointer<Int>) -> R) -> R {
        body(UnsafeRawBufferPointer(start: bytes, count: used), UnsafeBufferPointer(start: bounds + row * count, count: count + 1))
    }

    /// The completed rows' values as columns added to a batch's rows (`runs`: which values). The
    /// values' memory goes to them: nothing is copied, and these fields are not used again.
    consuming func addedColumns(runs: [Range<Int>]) -> AddedColumns {
        AddedColumns(taking: bytes, byteCount: used, bounds: bounds, boundCount: rows * count + 1, stride: count, runs: runs)
    }

    @inline(__always)
    private mutating func skip(to index: Int) {
        precondition(index >= next, "derived value \(index) set out of column order")
        // The values skipped (a stage the case did not reach: six at a time) end where they start.
        if next < index {
            (rowBounds + (next &+ 1)).update(repeating: used, count: index &- next)
            next = index
        }
    }

    @inline(__always)
    private mutating func close(_ index: Int) {
        next = index &+ 1
        rowBounds[next] = used
    }

    /// Room for `count` more bytes; returns where they go.
    @inline(__always)
    private mutating func reserve(_ count: Int) -> UnsafeMutablePointer<UInt8> {
        if used &+ count > capacity {
            capacity = max(capacity * 2, used + count)
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            grown.update(from: bytes, count: used)
            bytes.deallocate()
            bytes = grown
        }
        defer { used &+= count }
        return bytes + used
    }

    @inline(__always)
    mutating func set(_ index: Int, _ value: UnsafeRawBufferPointer) {
        skip(to: index)
        if let base = value.baseAddress { UnsafeMutableRawPointer(reserve(value.count)).copyShort(from: base, count: value.count) }
        close(index)
    }

    mutating func set(_ index: Int, _ value: String) {
        if value.utf8.withContiguousStorageIfAvailable({ set(index, UnsafeRawBufferPointer($0)) }) == nil {
            Array(value.utf8).withUnsafeBytes { set(index, $0) }
        }
    }

    mutating func setFlag(_ index: Int, _ value: Bool) { set(index, (value ? "yes" : "no" as StaticString).rawBytes) }

    mutating func setNumber(_ index: Int, _ value: Int) {
        skip(to: index)
        appendDigits(value, minimumWidth: 1)
        close(index)
    }

    /// yyyy-mm-dd.
    mutating func setDate(_ index: Int, dayNumber: Int) {
        if let label = dateLabels.iso(dayNumber) { return set(index, UnsafeRawBufferPointer(start: label, count: DateLabels.isoCount)) }
        skip(to: index)
        DateLabels.writeISO(CivilDate(dayNumber: dayNumber), to: reserve(DateLabels.isoCount))
        close(index)
    }

    /// 2016/17.
    mutating func setFinancialYear(_ index: Int, dayNumber: Int) {
        if let label = dateLabels.financialYear(dayNumber) {
            return set(index, UnsafeRawBufferPointer(start: label, count: DateLabels.financialYearCount))
        }
        skip(to: index)
        DateLabels.writeFinancialYear(CivilDate(dayNumber: dayNumber), to: reserve(DateLabels.financialYearCount))
        close(index)
    }

    private mutating func appendDigits(_ value: Int, minimumWidth: Int) {
        var width = 1, rest = max(value, 0)
        while rest >= 10 { width += 1; rest /= 10 }
        width = max(width, minimumWidth)
        DecimalDigits.write(max(value, 0), width: width, to: reserve(width))
    }
}

/// A batch's category (topic) columns as `BoundCategorise.categories` finds them, row by row.
private struct BatchCategories {
    let existing: [Int32]
    let found: [CategoryRules.Classification]
}

/// One row's category (topic) column: where a value already in the data is on the list (or
/// `empty`, or `notOnList`), and what the rules found.
private struct RowCategory {
    let existing: Int32
    let found: CategoryRules.Classification

    static let empty: Int32 = -1
    static let notOnList: Int32 = -2
}

/// The derived positions the category or topic rules fill.
private struct RuleOutputs {
    let existing: InputColumn
    let name: Int
    let rule: Int
    let serviceType: Int?
}

/// A column the stage reads: its name (for messages) and its input position, if present. The name
/// is static so that reading a column's position copies no reference-counted storage.
private struct InputColumn {
    let name: StaticString
    let position: Int?
}

/// One row's fields, read as the stage needs them, through the batch's storage (valid while the
/// batch's `withFieldStorage` runs).
private struct FieldReader {
    let storage: UnsafeRawBufferPointer
    let bounds: UnsafeBufferPointer<Int>
    /// The row's first field (as `RecordBatch.withFieldStorage` numbers fields).
    let first: Int
    /// The batch's dates already read.
    let dates: DateMemo

    func withBytes<R>(_ column: InputColumn, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        guard let position = column.position else { return body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return body(RecordBatch.field(first + position, storage, bounds))
    }

    /// The field's text, or "" if the input has no such column.
    func text(_ column: InputColumn) -> String {
        withBytes(column) { String(decoding: $0, as: UTF8.self) }
    }

    /// The field as a day number; nil when empty or absent.
    func dayNumber(_ column: InputColumn) throws(CategoriseProblem) -> Int? {
        // An empty field, the usual one of a stage the case did not reach, is decided here.
        switch withBytes(column, { $0.isEmpty ? .empty : dates.read($0) }) {
        case .empty: return nil
        case let .date(dayNumber): return dayNumber
        case .invalid:
            throw CategoriseProblem(rule: "categorise.date", column: "\(column.name)",
                                    reason: "not a date (dd/mm/yyyy, d/m/yy, yyyy-mm-dd or 12 March 2019)")
        }
    }

    /// A yes/no field; empty or absent is no.
    func flag(_ column: InputColumn) throws(CategoriseProblem) -> Bool {
        let answer: Bool? = withBytes(column) { bytes in
            // The usual fields, empty, "no" and "yes", decided before the general reading.
            if bytes.isEmpty || bytes.equals(Self.no.rawBytes) { return false }
            if bytes.equals(Self.yes.rawBytes) { return true }
            let word = bytes.trimmingSpaces
            func equals(_ text: StaticString) -> Bool {
                word.count == text.utf8CodeUnitCount && zip(word, text.rawBytes).allSatisfy { $0 | 0x20 == $1 }
            }
            if word.isEmpty || equals("no") || equals("n") || equals("false") { return false }
            if equals("yes") || equals("y") || equals("true") { return true }
            return nil
        }
        guard let answer else { throw CategoriseProblem(rule: "categorise.boolean", column: "\(column.name)", reason: "not yes or no") }
        return answer
    }

    private static let no: StaticString = "no", yes: StaticString = "yes"

    /// A whole number of days; empty or absent is 0.
    func number(_ column: InputColumn) throws(CategoriseProblem) -> Int {
        let value = text(column)[...].trimmingSpaces
        if value.isEmpty { return 0 }
        guard let number = Int(value), number >= 0 else {
            throw CategoriseProblem(rule: "categorise.number", column: "\(column.name)", reason: "not a whole number of days")
        }
        return number
    }
}

/// The day numbers of the ten-byte dates (`dd/mm/yyyy`, `yyyy-mm-dd`) a batch's fields hold, by
/// their bytes: a batch's cases fall on a few hundred days, so most date fields are looked up
/// rather than read again. One slot a date, chosen by its bytes; a date whose slot another took is
/// read again. Only real dates are kept (anything else is read, and decided, every time).
/// `deallocate` frees it; copies share it (one batch, one thread).
private struct DateMemo {
    private struct Slot {
        /// The date's first eight bytes and last two.
        var head: UInt64
        var tail: UInt16
        var filled: Bool
        var dayNumber: Int32
    }

    private let slots: UnsafeMutablePointer<Slot>
    private static let slotBits = 11

    init() {
        slots = .allocate(capacity: 1 << Self.slotBits)
        slots.initialize(repeating: Slot(head: 0, tail: 0, filled: false, dayNumber: 0), count: 1 << Self.slotBits)
    }

    func deallocate() { slots.deallocate() }

    /// What `UKDateParser.parse(bytes:)` makes of a non-empty field.
    @inline(__always)
    func read(_ bytes: UnsafeRawBufferPointer) -> UKDateParser.FieldDate {
        guard bytes.count == 10 else { return UKDateParser.parse(bytes: bytes) }
        let head = bytes.loadUnaligned(as: UInt64.self), tail = bytes.loadUnaligned(fromByteOffset: 8, as: UInt16.self)
        let slot = slots + Int(truncatingIfNeeded: ((head ^ UInt64(tail) &* 0x9E37_79B9) &* 0xFF51_AFD7_ED55_8CCD) >> UInt64(64 - Self.slotBits))
        if slot.pointee.head == head && slot.pointee.tail == tail && slot.pointee.filled { return .date(dayNumber: Int(slot.pointee.dayNumber)) }
        let found = UKDateParser.parse(bytes: bytes)
        if case let .date(dayNumber) = found, let day = Int32(exactly: dayNumber) { slot.pointee = Slot(head: head, tail: tail, filled: true, dayNumber: day) }
        return found
    }
}

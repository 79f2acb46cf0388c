import Synchronization

/// Counts the rows it sees into the tables of a tables file (`Pipelines/tables/*.yaml`) and writes
/// each as `aggregates/<name>.csv` and `.json` when the run ends. Records pass through unchanged,
/// so the stage can sit anywhere in a pipeline. Each batch is counted on its own and added to the
/// running totals, so the tables do not depend on the number of workers.
public struct AggregateStage: Stage {
    public static let kind = "aggregate"
    public static let options: [OptionSpec] = [
        OptionSpec("config", .file, required: true, help: "the tables file: lookups and tables (YAML)"),
        OptionSpec("references", .fileMap, help: "name: CSV file, for the lookups"),
    ]

    public let config: AggregateConfig

    /// In the stage report's counts, per published table: entries suppressed, and suppressed
    /// entries the audit found a reader could narrow down to a range under the threshold.
    public static let suppressedKey = "suppressed"
    public static let narrowedKey = "narrowed_below_threshold"

    /// The published tables whose audit failed, from a run's stage reports (sorted by name).
    public static func failedAudits(_ reports: [StageReport]) -> [String] {
        reports.filter { $0.stage == kind }.flatMap { report in report.counts.filter { ($0.value[narrowedKey] ?? 0) > 0 }.keys }.sorted()
    }

    /// Per lookup (by position): key -> value, read once from its reference file.
    let lookupValues: [[[UInt8]: [UInt8]]]

    public init(options: StageOptions) throws(StageConfigurationError) {
        guard let path = options.file("config") else { throw StageConfigurationError(option: "config", "a tables file is required") }
        do {
            try self.init(config: AggregateConfig.load(path: path),
                          references: Dictionary((options.fileMap("references") ?? []).map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first }))
        } catch {
            throw StageConfigurationError(option: nil, error.problems.map(\.description).joined(separator: "\n"))
        }
    }

    /// `references`: name -> CSV file, for the lookups (read here, once).
    public init(config: AggregateConfig, references: [String: String] = [:]) throws(PipelineError) {
        self.config = config
        var values: [[[UInt8]: [UInt8]]] = []
        for lookup in config.lookups {
            guard let path = references[lookup.source] else {
                throw PipelineError(problems: [PipelineProblem(file: "tables", line: nil,
                    message: "lookup \(lookup.name) reads '\(lookup.source)', which the stage's references do not name")])
            }
            values.append(try ReferenceKeys.values(path: path, key: lookup.sourceKey, value: lookup.value))
        }
        lookupValues = values
    }

    public func bind(columns: [String]) throws(RunError) -> any BoundStage {
        for lookup in config.lookups where !columns.contains(lookup.key) {
            throw .missingColumn(stage: Self.kind, column: lookup.key, available: columns)
        }
        let known = columns + config.lookups.map(\.name)
        for table in config.tables {
            for column in table.columnsRead where !known.contains(column) {
                throw .missingColumn(stage: "\(Self.kind) (table \(table.name))", column: column, available: columns)
            }
        }
        return BoundAggregate(stage: self, columns: columns)
    }
}

/// The aggregate stage fixed to its input columns.
final class BoundAggregate: BoundStage {
    let columns: [String]
    private let stage: AggregateStage
    /// Where each table reads its columns: an input position, or a lookup.
    private enum Source {
        case input(Int)
        case lookup(index: Int, key: Int)
    }
    private struct TablePlan {
        let filter: [(source: Source, values: [[UInt8]])]
        /// Nil only for a flow table without rows.
        let rows: Source?
        let columns: Source?
        /// For a table of people: the column that identifies them.
        let person: Source?
        /// For a table of sums: the column added up.
        let sum: Source?
        /// Dates counted by their financial year.
        let rowsByYear: Bool
        let columnsByYear: Bool
        /// Values counted under a group's label (empty: none).
        let rowGroups: [[UInt8]: [UInt8]]
        let columnGroups: [[UInt8]: [UInt8]]
        /// For a column of several values: the byte between them.
        let rowSeparator: UInt8?
        let columnSeparator: UInt8?
        /// For a flow table: where its dates are, and each year's first and last day.
        let flow: (received: Source, stage: Source, closed: [Source], years: [(label: [UInt8], first: Int, last: Int)])?
    }
    private let plans: [TablePlan]
    private let totals: Mutex<[CellCounts]>

    init(stage: AggregateStage, columns: [String]) {
        self.stage = stage
        self.columns = columns
        let position = Dictionary(columns.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        func source(_ name: String) -> Source {
            if let input = position[name] { return .input(input) }
            let index = stage.config.lookups.firstIndex { $0.name == name }!
            return .lookup(index: index, key: position[stage.config.lookups[index].key]!)
        }
        plans = stage.config.tables.map { table in
            let filter = table.filter.map { (source($0.name), $0.values.map { Array($0.utf8) }) }
            guard let flow = table.flow else {
                return TablePlan(filter: filter, rows: source(table.rows.column), columns: table.columns.map { source($0.column) },
                                 person: table.distinct.map(source), sum: table.sum.map(source),
                                 rowsByYear: table.rows.byFinancialYear, columnsByYear: table.columns?.byFinancialYear ?? false, rowGroups: Self.groups(table.rows), columnGroups: table.columns.map(Self.groups) ?? [:],
                                 rowSeparator: table.rows.separator?.utf8.first, columnSeparator: table.columns?.separator?.utf8.first, flow: nil)
            }
            let years = flow.years.map { year in
                // The years were checked when the tables file was read.
                let span = FinancialYear(year)!
                return (Array(year.utf8), span.first, span.last)
            }
            return TablePlan(filter: filter, rows: table.flowByRows ? source(table.rows.column) : nil, columns: nil, person: nil,
                             sum: nil, rowsByYear: false, columnsByYear: false,
                             rowGroups: table.flowByRows ? Self.groups(table.rows) : [:], columnGroups: [:],
                             rowSeparator: nil, columnSeparator: nil,
                             flow: (source(flow.received), source(flow.stage), flow.closedDates.map(source), years))
        }
        totals = Mutex(Array(repeating: CellCounts(), count: plans.count))
    }

    /// Reads its columns through `withAllFieldStorage`.
    var readsColumnsKeptApart: Bool { true }

    func process(_ batch: RecordBatch) -> RecordBatch {
        var counts = Array(repeating: CellCounts(), count: plans.count)
        let lookups = stage.lookupValues
        let arenaColumns = batch.arenaColumnCount
        batch.withAllFieldStorage { storage, bounds, rowFirsts, added in
            func field(_ column: Int, row: Int) -> [UInt8] {
                Array(RecordBatch.field(row: row, column: column, arenaColumns: arenaColumns, storage, bounds, rowFirsts, added).trimmingSpaces)
            }
            func value(_ source: Source, row: Int) -> [UInt8] {
                switch source {
                case let .input(column): field(column, row: row)
                case let .lookup(lookup, key): lookups[lookup][field(key, row: row)] ?? []
                }
            }
            for row in 0..<batch.count {
                for (table, plan) in plans.enumerated()
                where plan.filter.allSatisfy({ test in test.values.contains(value(test.source, row: row)) }) {
                    if let flow = plan.flow {
                        let line = plan.rows.map { value($0, row: row) }
                        Self.countFlow(received: value(flow.received, row: row), stage: value(flow.stage, row: row),
                                       closed: flow.closed.map { value($0, row: row) }, years: flow.years,
                                       line: line.map { plan.rowGroups[$0] ?? $0 }, into: &counts[table])
                    } else if let rows = plan.rows {
                        var lineValue = value(rows, row: row), columnValue = plan.columns.map { value($0, row: row) } ?? []
                        if plan.rowsByYear { lineValue = Self.financialYear(lineValue) }
                        if plan.columnsByYear { columnValue = Self.financialYear(columnValue) }
                        let lines = Self.parts(lineValue, plan.rowSeparator), columns = Self.parts(columnValue, plan.columnSeparator)
                        let person = plan.person.map { value($0, row: row) }.flatMap { $0.isEmpty ? nil : $0.withUnsafeBytes(FirstSeenKeys.hash) }
                        // A table of sums adds the column's whole number (none: 0).
                        let amount = plan.sum.map { Int(String(decoding: value($0, row: row), as: UTF8.self)) ?? 0 } ?? 1
                        for line in lines {
                            for column in columns {
                                let (lineLabel, columnLabel) = (plan.rowGroups[line] ?? line, plan.columnGroups[column] ?? column)
                                if let person {
                                    counts[table].add(row: lineLabel, column: columnLabel, person: person)
                                } else {
                                    counts[table].add(row: lineLabel, column: columnLabel, count: amount)
                                }
                            }
                        }
                    }
                }
            }
        }
        totals.withLock { totals in
            for index in totals.indices { totals[index].merge(counts[index]) }
        }
        return batch
    }

    /// The values of a field: each part between separators (trimmed, empty ones and repeats
    /// dropped; an empty field is one empty value), or the field itself.
    private static func parts(_ field: [UInt8], _ separator: UInt8?) -> [[UInt8]] {
        guard let separator, !field.isEmpty else { return [field] }
        var seen: [[UInt8]] = []
        for part in field.split(separator: separator) {
            let trimmed = Array(part.drop { $0 == 0x20 }.reversed().drop { $0 == 0x20 }.reversed())
            if !trimmed.isEmpty && !seen.contains(trimmed) { seen.append(trimmed) }
        }
        return seen.isEmpty ? [[]] : seen
    }

    /// The financial year (`2016/17`) of a date in any layout `UKDateParser` reads; empty for none.
    private static func financialYear(_ date: [UInt8]) -> [UInt8] {
        guard let day = date.withUnsafeBytes(UKDateParser.dayNumber) else { return [] }
        return Array(CivilDate(dayNumber: day).financialYear.utf8)
    }

    /// Each grouped value with its group's label.
    private static func groups(_ dimension: TableSpec.Dimension) -> [[UInt8]: [UInt8]] {
        var labels: [[UInt8]: [UInt8]] = [:]
        for group in dimension.groups { for value in group.values { labels[Array(value.utf8)] = Array(group.name.utf8) } }
        return labels
    }

    /// Counts one case into each year's flow lines. A case with no readable received date is in
    /// no year; one whose reached stage has no readable response date is still open.
    /// With `line` (a flow table with rows), the case counts in that line, the flow lines across.
    private static func countFlow(received: [UInt8], stage: [UInt8], closed: [[UInt8]],
                                  years: [(label: [UInt8], first: Int, last: Int)], line: [UInt8]?, into counts: inout CellCounts) {
        func day(_ bytes: [UInt8]) -> Int? { bytes.withUnsafeBytes(UKDateParser.dayNumber) }
        guard let received = day(received) else { return }
        let reached = Int(String(decoding: stage, as: UTF8.self)).flatMap { closed.indices.contains($0 - 1) ? $0 - 1 : nil }
        let closedOn = reached.flatMap { day(closed[$0]) }
        for year in years {
            let new = received >= year.first && received <= year.last
            let carriedIn = received < year.first && (closedOn.map { $0 >= year.first } ?? true)
            guard new || carriedIn else { continue }
            let resolved = closedOn.map { $0 <= year.last } ?? false
            for (flowLine, counted) in zip(TableSpec.Flow.lines, [new, carriedIn, true, resolved, !resolved]) where counted {
                if let line {
                    counts.add(row: line, column: Array(flowLine.utf8))
                } else {
                    counts.add(row: Array(flowLine.utf8), column: year.label)
                }
            }
        }
    }

    func finish() -> StageReport? {
        AggregateStage.report(config: stage.config, counts: totals.withLock { $0 })
    }
}

extension AggregateStage {
    /// The files and counts of a finished aggregation: each table's CSV and JSON (published ones
    /// under disclosure control), `report.html` with the published ones, the audit per published
    /// table, and the partial to merge shards.
    static func report(config: AggregateConfig, counts: [CellCounts]) -> StageReport {
        var files: [String: [UInt8]] = [:]
        var control: [String: [String: Int]] = [:]
        let tables = publish(zip(config.tables, counts).map { CountTable(spec: $0, counts: $1) })
        for table in tables {
            files["aggregates/\(table.spec.name).csv"] = table.csv()
            files["aggregates/\(table.spec.name).json"] = table.json()
            if table.spec.disclosure != nil {
                control[table.spec.name] = [suppressedKey: table.suppressed.count, narrowedKey: table.auditFailures.count]
            }
        }
        if let page = ReportPage(tables: tables).html() { files["report.html"] = page }
        let heading = "# Tables\n\nOnly the tables marked published went through disclosure control; the others show every count and are for the team's use.\n\n"
        files["aggregates/summary.md"] = Array((heading + tables.map { $0.markdown() }.joined(separator: "\n")).utf8)
        return StageReport(stage: kind, files: files, counts: control,
                           partial: AggregatePartial(specs: config.tables, counts: counts).encoded())
    }

    /// The tables with disclosure control applied to the published ones together: a count shown
    /// in two published tables (a shared margin) is suppressed in both or neither, and the audit
    /// runs over all of them with those links.
    static func publish(_ tables: [CountTable]) -> [CountTable] {
        let published = tables.indices.filter { tables[$0].spec.disclosure != nil && tables[$0].spec.flow == nil }
        guard !published.isEmpty else { return tables }
        let grids = published.map { tables[$0].grid }
        var groups: [String: [LinkedPosition]] = [:]
        for (index, table) in published.enumerated() {
            for (key, position) in tables[table].marginKeys { groups[key, default: []].append(LinkedPosition(table: index, position: position)) }
        }
        let links = groups.keys.sorted().compactMap { groups[$0]!.count > 1 ? groups[$0]! : nil }
        let suppressors = published.map { table in
            let policy = tables[table].spec.disclosure!
            return CellSuppressor(threshold: policy.threshold, suppressZeros: policy.suppressZeros)
        }
        // Rounding shown counts (nhsd) only widens what a reader can work out, so suppressing and
        // auditing on the exact counts protects a rounded table as well.
        let suppressed = ReleaseSuppressor(suppressors).suppress(grids, links: links)
        let audit = SuppressionAudit(tables: grids, suppressed: suppressed.map { Set($0.keys) }, links: links)
        let failures = audit.failures(thresholds: suppressors.map(\.threshold))
        var result = tables
        for (index, table) in published.enumerated() {
            result[table] = CountTable(spec: tables[table].spec, counts: tables[table].counts, rowLabels: tables[table].rowLabels,
                                       columnLabels: tables[table].columnLabels, suppressed: suppressed[index],
                                       auditFailures: failures.filter { $0.table == index }.map(\.position))
        }
        return result
    }

    /// The report of partials merged (`disclose merge`): the same tables one run over every
    /// shard's input would give.
    public static func merge(_ partials: [(file: String, bytes: [UInt8])], config: AggregateConfig) throws(AggregatePartial.MergeError) -> StageReport {
        report(config: config, counts: try AggregatePartial.merge(partials, config: config))
    }
}

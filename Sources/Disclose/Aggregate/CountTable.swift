import Foundation

/// A table ready to publish: its lines and columns in order, the count in each cell, the totals,
/// and the percentages its spec asks for, each with what it is a share of.
struct CountTable: Equatable {
    let spec: TableSpec
    /// Line labels and column labels, in order (declared values first, then any others seen).
    let rowLabels: [String]
    let columnLabels: [String]
    /// `counts[line][column]`.
    let counts: [[Int]]
    /// For a published table: the suppressed entries of `grid` with their reasons, and what the
    /// audit found could still be narrowed down (empty when the table is safe).
    let suppressed: [Position: SuppressionReason]
    let auditFailures: [Position]

    /// The label of an empty value.
    static let emptyLabel = "not_recorded"

    /// The table of `counts`, before disclosure control (`AggregateStage.publish` adds it).
    init(spec: TableSpec, counts: CellCounts) {
        func labels(_ declared: [String], _ seen: Set<[UInt8]>) -> [[UInt8]] {
            let listed = declared.map { Array($0.utf8) }
            return listed + seen.subtracting(listed).sorted { $0.lexicographicallyPrecedes($1) }
        }
        let cells = counts.cells
        let rowValues = labels(spec.rows.values, Set(cells.keys.map(\.row)))
        let columnValues = spec.columns.map { labels($0.values, Set(cells.keys.map(\.column))) } ?? [[]]
        func label(_ value: [UInt8]) -> String { value.isEmpty ? Self.emptyLabel : String(decoding: value, as: UTF8.self) }
        self.init(spec: spec, counts: rowValues.map { row in columnValues.map { column in cells[CellCounts.Cell(row: row, column: column)] ?? 0 } },
                  rowLabels: rowValues.map(label), columnLabels: spec.columns == nil ? [spec.unit] : columnValues.map(label))
    }

    /// `suppressed` and `auditFailures`: what disclosure control decided for the release the table
    /// is published in; none for a table not published.
    init(spec: TableSpec, counts: [[Int]], rowLabels: [String], columnLabels: [String],
         suppressed: [Position: SuppressionReason] = [:], auditFailures: [Position] = []) {
        self.spec = spec
        self.counts = counts
        grid = TotalledTable(cells: counts, columns: columnLabels.count)
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.suppressed = suppressed
        self.auditFailures = auditFailures
    }

    /// What makes this table's margins the same counts as another's: the rows counted (filter,
    /// unit, who is counted once) and, per dimension, its column, its grouping and the label.
    /// Entries with equal keys in two published tables are one count shown twice.
    var marginKeys: [(key: String, position: Position)] {
        let lines = counts.count, columns = columnLabels.count
        let base = "\(spec.filter)|\(spec.unit)|\(spec.distinct ?? "")"
        func dimension(_ dimension: TableSpec.Dimension) -> String { "\(base)|\(dimension.column)|\(dimension.groups)|" }
        // In a table of people a person may be in two lines, so its totals are sums, not head
        // counts: only a one-way table's lines (people with each value) are the same count elsewhere.
        if spec.distinct != nil {
            guard spec.columns == nil else { return [] }
            return rowLabels.enumerated().map { (dimension(spec.rows) + $1, Position(line: $0, column: columns)) }
        }
        var keys = [(base, Position(line: lines, column: columns))]
        keys += rowLabels.enumerated().map { (dimension(spec.rows) + $1, Position(line: $0, column: columns)) }
        if let columnDimension = spec.columns {
            keys += columnLabels.enumerated().map { (dimension(columnDimension) + $1, Position(line: lines, column: $0)) }
        }
        return keys
    }

    /// The counts with their totals: line totals in the last column, column totals in the last line.
    let grid: TotalledTable

    /// An entry of `grid` as shown: its count, or nil when suppressed.
    func shown(line: Int, column: Int) -> Int? {
        guard suppressed[Position(line: line, column: column)] == nil else { return nil }
        let count = grid.values[line][column]
        guard let base = spec.disclosure?.roundingBase else { return count }
        return (count + base / 2) / base * base
    }

    /// A percentage as shown: nil when its count or its denominator is suppressed.
    func shownPercentage(line: Int, column: Int, _ percentages: [[Int?]]) -> Int? {
        let lines = counts.count, columns = columnLabels.count
        let denominator: Position
        switch spec.share {
        case .row?: denominator = Position(line: line, column: columns)
        case .table?, nil: denominator = Position(line: lines, column: columns)
        case .column?: denominator = Position(line: lines, column: column)
        }
        guard suppressed[Position(line: line, column: column)] == nil, suppressed[denominator] == nil else { return nil }
        // A share of those who stated has the total less the left-out entries as its denominator,
        // which a reader can work out from the shares shown: none is shown when a left-out entry
        // of its line or column is suppressed.
        let leftOut: [Position]
        switch spec.share {
        case .row?: leftOut = columnLabels.indices.filter { spec.shareExcludes.contains(columnLabels[$0]) }.map { Position(line: line, column: $0) }
        case .column?: leftOut = rowLabels.indices.filter { spec.shareExcludes.contains(rowLabels[$0]) }.map { Position(line: $0, column: column) }
        case .table?, nil:
            leftOut = rowLabels.indices.filter { spec.shareExcludes.contains(rowLabels[$0]) }.flatMap { excluded in columnLabels.indices.map { Position(line: excluded, column: $0) } }
        }
        guard leftOut.allSatisfy({ suppressed[$0] == nil }) else { return nil }
        guard spec.disclosure?.roundingBase != nil else { return percentages[line][column] }
        // Rounded counts: the share of what is shown (the shown total less the shown left-out
        // counts), so that a percentage says nothing the counts beside it do not.
        guard percentages[line][column] != nil, let count = shown(line: line, column: column),
              let total = shown(line: denominator.line, column: denominator.column) else { return nil }
        let whole = total - leftOut.reduce(0) { $0 + (shown(line: $1.line, column: $1.column) ?? 0) }
        return whole > 0 ? (200 * count + whole) / (2 * whole) : nil
    }

    /// `percentages[line][column]` as the spec asks (nil for a line or column whose total is 0, for
    /// the lines or columns the spec leaves out of its shares, and for the whole table when the
    /// spec asks for none).
    var percentages: [[Int?]]? {
        guard let share = spec.share else { return nil }
        let rounding = spec.rounding
        let lines = counts.indices, columns = columnLabels.indices
        let keptLines = lines.filter { !spec.shareExcludes.contains(rowLabels[$0]) }
        let keptColumns = columns.filter { !spec.shareExcludes.contains(columnLabels[$0]) }
        var result = lines.map { _ in columns.map { _ -> Int? in nil } }
        switch share {
        case .row:
            for line in lines {
                guard let shares = rounding.percentages(of: keptColumns.map { counts[line][$0] }) else { continue }
                for (index, column) in keptColumns.enumerated() { result[line][column] = shares[index] }
            }
        case .column:
            for column in columns {
                guard let shares = rounding.percentages(of: keptLines.map { counts[$0][column] }) else { continue }
                for (index, line) in keptLines.enumerated() { result[line][column] = shares[index] }
            }
        case .table:
            let cells = keptLines.flatMap { line in columns.map { (line, $0) } }
            guard let shares = rounding.percentages(of: cells.map { counts[$0.0][$0.1] }) else { return result }
            for (index, cell) in cells.enumerated() { result[cell.0][cell.1] = shares[index] }
        }
        return result
    }

    /// What each percentage is a share of, in words.
    var denominator: String? {
        guard let share = spec.share else { return nil }
        let stated = spec.shareExcludes.isEmpty ? "" : " that stated one (not counting \(spec.shareExcludes.joined(separator: ", ")))"
        switch share {
        case .column: return (spec.columns.map { "all \(spec.unit) in the same \($0.column)" } ?? "all \(spec.unit) in the table") + stated
        case .row: return "all \(spec.unit) with the same \(spec.rows.column)" + stated
        case .table: return "all \(spec.unit) in the table" + stated
        }
    }

    /// The change from the second-to-last column to the last, in percent (half up), of a line (the
    /// total line: `counts.count`); nil when the earlier count is 0, or either is suppressed.
    func change(line: Int) -> Int? {
        let columns = columnLabels.count
        guard spec.change, columns >= 2, let before = shown(line: line, column: columns - 2), let after = shown(line: line, column: columns - 1),
              before > 0 else { return nil }
        let difference = 200 * (after - before)
        return (difference + (difference >= 0 ? before : -before)) / (2 * before)
    }

    private func changeText(line: Int, symbol: String) -> String {
        let columns = columnLabels.count
        if let change = change(line: line) { return (change > 0 ? "+" : "") + String(change) }
        let hidden = shown(line: line, column: columns - 2) == nil || shown(line: line, column: columns - 1) == nil
        return hidden && spec.disclosure != nil ? symbol : ""
    }

    /// A line's difference from its population share, in percentage points (one decimal), when
    /// both are known; nil otherwise.
    func baselineDifference(line: Int, shown percentage: Int?) -> Double? {
        guard let share = spec.baseline?.share(of: rowLabels[line]), let percentage else { return nil }
        return ((Double(percentage) - share) * 10).rounded() / 10
    }

    // MARK: Outputs

    /// CSV: a line per row value and a total line; per column value its count and, when asked, its
    /// percentage; with a column dimension, a total column. A suppressed count or percentage is
    /// shown as the policy's symbol.
    func csv() -> [UInt8] {
        var out: [UInt8] = []
        CSVEncoder().encodeRows(of: Self.batch(csvLines()), columns: [], into: &out)
        return out
    }

    /// The lines of `csv()`, header first.
    func csvLines() -> [[String]] {
        let percentages = self.percentages
        let symbol = spec.disclosure?.symbol ?? ""
        // A flow table's lines do not add up to anything: no totals.
        let hasTotalColumn = spec.columns != nil && spec.flow == nil
        let lines = counts.count, columns = columnLabels.count
        func number(_ value: Int?) -> String { value.map(String.init) ?? symbol }
        var header = [spec.rows.column]
        for label in columnLabels {
            header.append(label)
            if percentages != nil { header.append("\(label) %") }
        }
        if hasTotalColumn { header.append("total") }
        if spec.change { header.append("change %") }
        let baseline = spec.baseline
        if baseline != nil { header += ["population %", "difference (pp)"] }
        func decimal(_ value: Double) -> String { String(format: "%.1f", value) }
        var output = [header]
        for (line, label) in rowLabels.enumerated() {
            var fields = [label]
            for column in 0..<columns {
                fields.append(number(shown(line: line, column: column)))
                if let percentages {
                    let blank = percentages[line][column] == nil
                    fields.append(blank ? "" : number(shownPercentage(line: line, column: column, percentages)))
                }
            }
            if hasTotalColumn { fields.append(number(shown(line: line, column: columns))) }
            if spec.change { fields.append(changeText(line: line, symbol: symbol)) }
            if let baseline {
                let population = baseline.share(of: label)
                fields.append(population.map(decimal) ?? "")
                let ours = percentages.flatMap { shownPercentage(line: line, column: 0, $0) }
                let hidden = percentages?[line][0] != nil && ours == nil
                fields.append(population == nil ? "" : hidden ? symbol : baselineDifference(line: line, shown: ours).map {
                    ($0 > 0 ? "+" : "") + decimal($0)
                } ?? "")
            }
            output.append(fields)
        }
        var totalLine = ["total"]
        for column in 0..<columns {
            totalLine.append(number(shown(line: lines, column: column)))
            if percentages != nil {
                let hundred = spec.share == .column && grid.values[lines][column] > 0
                totalLine.append(!hundred ? "" : shown(line: lines, column: column) == nil ? symbol : "100")
            }
        }
        if hasTotalColumn { totalLine.append(number(shown(line: lines, column: columns))) }
        if spec.change { totalLine.append(changeText(line: lines, symbol: symbol)) }
        if baseline != nil { totalLine += ["", ""] }
        // A flow table with rows adds up down each flow line; one without does not.
        if spec.flow == nil || spec.flowByRows { output.append(totalLine) }
        return output
    }

    /// Markdown: the title, what is counted and how it is protected, and the table as published.
    func markdown() -> String {
        let lines = csvLines()
        func row(_ fields: [String]) -> String { "| " + fields.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |" }
        var note = "Unit: \(spec.unit)."
        if let denominator { note += " Percentages are of \(denominator), rounded by \(spec.rounding.rawValue.replacingOccurrences(of: "_", with: " "))." }
        if let baseline = spec.baseline { note += " Population shares: \(baseline.source)." }
        note += spec.disclosure.map { " Published; disclosure control: \($0.source) (\($0.symbol): suppressed)." }
            ?? " For the team's use, not for publishing: small counts are shown."
        return "## \(spec.title)\n\n\(note)\n\n" + row(lines[0]) + "\n" + row(lines[0].map { _ in "---" }) + "\n"
            + lines.dropFirst().map(row).joined(separator: "\n") + "\n"
    }

    private static func batch(_ lines: [[String]]) -> RecordBatch {
        var batch = RecordBatch(columnCount: lines[0].count)
        for (index, line) in lines.enumerated() {
            for field in line { batch.appendField(Array(field.utf8)) }
            batch.endRow(rowNumber: index + 1)
        }
        return batch
    }

    private struct JSONTable: Encodable {
        struct Dimension: Encodable {
            let column: String
            let values: [String]
        }
        struct Percentages: Encodable {
            let of: String
            let denominator: String
            let rounding: String
            let values: [[Int?]]
        }
        /// Which entries are not shown and why; never their counts.
        struct Suppression: Encodable {
            struct Cell: Encodable {
                let row: String
                let column: String
                let reason: String
            }
            let policy: String
            let source: String
            let threshold: Int
            let suppressZeros: Bool
            let symbol: String
            /// Counts shown are rounded to the nearest multiple of this (nil: exact).
            let roundedTo: Int?
            let cells: [Cell]
        }
        let name: String
        let title: String
        let unit: String
        let filter: [String: [String]]
        let rows: Dimension
        let columns: Dimension?
        let counts: [[Int?]]
        /// Nil for a flow table, whose lines do not add up.
        let rowTotals: [Int?]?
        let columnTotals: [Int?]?
        let total: Int?
        let percentages: Percentages?
        let suppression: Suppression?
        let baseline: BaselineComparison?
        /// Per line, then the total: the change from the second-to-last column to the last, in percent.
        let changePercent: [Int?]?
    }

    private struct BaselineComparison: Encodable {
        let source: String
        /// Per line: the population share (percent) and the difference in percentage points.
        let populationShares: [Double?]
        let differences: [Double?]
    }

    /// JSON: the same numbers with the unit, the filter, each percentage's denominator and
    /// rounding, and for a published table which entries are suppressed and why (null in their place).
    func json() -> [UInt8] {
        let lines = counts.count, columns = columnLabels.count
        let percentages = self.percentages
        let shownPercentages = percentages.map { values in
            values.indices.map { line in (0..<columns).map { shownPercentage(line: line, column: $0, values) } }
        }
        let shares: JSONTable.Percentages? = spec.share.map { share in
            .init(of: share.rawValue, denominator: denominator ?? "", rounding: spec.rounding.rawValue, values: shownPercentages ?? [])
        }
        func label(_ position: Position) -> (String, String) {
            (position.line == lines ? "total" : rowLabels[position.line], position.column == columns ? "total" : columnLabels[position.column])
        }
        let suppression: JSONTable.Suppression? = spec.disclosure.map { policy in
            .init(policy: policy.name, source: policy.source, threshold: policy.threshold, suppressZeros: policy.suppressZeros, symbol: policy.symbol,
                  roundedTo: policy.roundingBase,
                  cells: suppressed.keys.sorted().map { position in
                      let (row, column) = label(position)
                      return .init(row: row, column: column, reason: suppressed[position]!.rawValue)
                  })
        }
        let table = JSONTable(
            name: spec.name, title: spec.title, unit: spec.unit,
            filter: Dictionary(spec.filter.map { ($0.name, $0.values) }, uniquingKeysWith: { first, _ in first }),
            rows: .init(column: spec.rows.column, values: rowLabels),
            columns: spec.columns.map { .init(column: $0.column, values: columnLabels) },
            counts: (0..<lines).map { line in (0..<columns).map { shown(line: line, column: $0) } },
            rowTotals: spec.flow == nil ? (0..<lines).map { shown(line: $0, column: columns) } : nil,
            columnTotals: spec.flow == nil || spec.flowByRows ? (0..<columns).map { shown(line: lines, column: $0) } : nil,
            total: spec.flow == nil ? shown(line: lines, column: columns) : nil,
            percentages: shares, suppression: suppression,
            baseline: spec.baseline.map { baseline in
                BaselineComparison(source: baseline.source, populationShares: rowLabels.map { baseline.share(of: $0) },
                                   differences: (0..<lines).map { line in baselineDifference(line: line, shown: shownPercentages?[line][0] ?? nil) })
            },
            changePercent: spec.change ? (0...lines).map { change(line: $0) } : nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        do {
            return Array(try encoder.encode(table)) + [0x0A]
        } catch {
            // Counts, strings and optional whole numbers always encode; never write an empty table.
            preconditionFailure("table \(spec.name) could not be encoded: \(error)")
        }
    }
}

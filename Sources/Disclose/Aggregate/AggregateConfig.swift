import Foundation
import Yams

/// The tables an aggregate stage counts (`Pipelines/tables/*.yaml`), and the columns it looks up
/// in other files first (a part's procedure, from the complaint it belongs to).
public struct AggregateConfig: Sendable {
    /// A column brought in from a reference file: `name` is the value of `value` in the row of
    /// reference `source` whose `sourceKey` equals this row's `key`.
    public struct Lookup: Sendable, Equatable {
        public let name: String
        public let source: String
        public let key: String
        public let sourceKey: String
        public let value: String
    }

    public var lookups: [Lookup] = []
    public var tables: [TableSpec] = []
    /// The policy of every published table that names none of its own.
    public var disclosure = DisclosurePolicy.standard

    public init(lookups: [Lookup] = [], tables: [TableSpec] = []) {
        self.lookups = lookups
        self.tables = tables
    }

    /// Reads and checks a tables file; every problem is reported with its line.
    public static func load(path: String) throws(PipelineError) -> AggregateConfig {
        let file = try YAMLProblems.readMapping(path: path, what: "tables file", expected: "lookups, disclosure, tables")
        var problems = file.problems
        var config = AggregateConfig()
        if let node = file.top["disclosure"] { config.disclosure = DisclosurePolicy.read(node, base: .standard, problems: &problems) }
        for (key, value) in file.top {
            switch key.scalarText {
            case "disclosure":
                continue
            case "lookups":
                for node in value.items {
                    guard let name = node["name"]?.scalarText, let source = node["from"]?.scalarText, let key = node["key"]?.scalarText,
                          let column = node["column"]?.scalarText else {
                        problems.report(node, "a lookup needs name, from (a reference), key and column")
                        continue
                    }
                    config.lookups.append(Lookup(name: name, source: source, key: key, sourceKey: node["from_key"]?.scalarText ?? key, value: column))
                }
            case "tables":
                for node in value.items {
                    if let table = TableSpec.read(node, disclosure: config.disclosure, directory: file.directory, problems: &problems) {
                        if config.tables.contains(where: { $0.name == table.name }) { problems.report(node, "table '\(table.name)' appears more than once") }
                        config.tables.append(table)
                    }
                }
            default:
                problems.report(key, "unknown key '\(key.scalarText ?? "?")' (expected lookups, disclosure, tables)")
            }
        }
        if config.tables.isEmpty { problems.report(file.root, "no tables") }
        guard problems.isEmpty else { throw PipelineError(problems: problems.list) }
        return config
    }
}

/// One published table: the rows it counts (a filter), what its lines and columns are (a column's
/// values each), its unit, and the percentages it shows with their denominator and rounding.
public struct TableSpec: Sendable, Equatable {
    /// A column whose values make the lines (or the columns) of a table, in the order `values`
    /// gives, each shown even when nothing has it; values seen but not listed follow, in byte order,
    /// so that no row is left out of a table.
    public struct Dimension: Sendable, Equatable {
        public let column: String
        public let values: [String]
        /// Values counted under a group's label instead of their own (ONS ethnic groups: the 19
        /// categories in 5); a value in no group counts as itself.
        public var groups: [StringList] = []
        /// For a column holding several values (`s40(2);s43(2)`): what separates them; each counts.
        public var separator: String?
        /// For a date column: count by the financial year the date is in (`2016/17`).
        public var byFinancialYear = false

        public init(column: String, values: [String], groups: [StringList] = [], separator: String? = nil, byFinancialYear: Bool = false) {
            self.column = column
            self.values = values
            self.groups = groups
            self.separator = separator
            self.byFinancialYear = byFinancialYear
        }
    }

    /// A flow table: per financial year, the cases received in it (new), open at its start
    /// (carried in), both (dealt with), closed in it (resolved), and still open at its end
    /// (carried forward). A case is closed on the response date of the last stage it reached.
    public struct Flow: Sendable, Equatable {
        public let received: String
        /// The column saying which stage a case reached (1 for the first of `closedDates`).
        public let stage: String
        /// The response date of each stage, in order.
        public let closedDates: [String]
        /// Financial years, `2016/17`: the table's columns.
        public let years: [String]

        /// The lines of a flow table, in order.
        public static let lines = ["new", "carried_in", "dealt_with", "resolved", "carried_forward"]
    }

    /// A population baseline: each category's share of residents (percent), and where it is from.
    public struct Baseline: Sendable, Equatable {
        public let source: String
        /// Categories and their shares, by category (sorted, so that a spec reads the same in
        /// every process: partials are matched by it).
        public let shares: [(category: String, share: Double)]

        public init(source: String, shares: [String: Double]) {
            self.source = source
            self.shares = shares.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }

        /// The population share of `category`, in percent.
        public func share(of category: String) -> Double? { shares.first { $0.category == category }?.share }

        public static func == (lhs: Baseline, rhs: Baseline) -> Bool {
            lhs.source == rhs.source && lhs.shares.elementsEqual(rhs.shares) { $0.category == $1.category && $0.share == $1.share }
        }
    }

    /// What each percentage is a share of.
    public enum Share: String, Sendable, CaseIterable {
        /// Of its column's total (each column sums to 100).
        case column
        /// Of its line's total (each line sums to 100).
        case row
        /// Of the table's total.
        case table
    }

    public let name: String
    public let title: String
    /// What is counted: cases, parts, requests, people.
    public let unit: String
    /// Rows are counted when each of these columns holds one of its values.
    public let filter: [StringList]
    public let rows: Dimension
    public let columns: Dimension?
    public let share: Share?
    /// Whether a column "change %" shows the change from the second-to-last column to the last
    /// (year on year, when the columns are financial years).
    public var change = false
    /// For a table of sums: the whole-number column added up in each cell instead of counting rows
    /// (pages disclosed); such a table is for the team's use, not for publishing.
    public var sum: String?
    /// For a table of people: the column that identifies a person (a pseudonym), so that each is
    /// counted once per cell however many of their rows it has; a row naming nobody counts once.
    public var distinct: String?
    /// Lines (or, for shares of a line, columns) left out of the percentages and their
    /// denominators: `not_stated`, for "% of those who stated".
    public var shareExcludes: [String] = []
    public let rounding: PercentageRounding
    /// For a one-column table with percentages: each line's share of the resident population, in
    /// percent, shown beside the table's own with the difference in percentage points.
    public var baseline: Baseline?
    /// For a table marked `publish: true`, the disclosure control applied to it (nil: not published,
    /// shown in full).
    public let disclosure: DisclosurePolicy?
    /// For a flow table, what makes its lines (its rows are then `Flow.lines`, its columns the years).
    public let flow: Flow?

    public init(name: String, title: String, unit: String, filter: [StringList] = [], rows: Dimension, columns: Dimension? = nil,
                share: Share? = nil, rounding: PercentageRounding = .largestRemainder, disclosure: DisclosurePolicy? = nil, flow: Flow? = nil) {
        self.name = name
        self.title = title
        self.unit = unit
        self.filter = filter
        self.rows = rows
        self.columns = columns
        self.share = share
        self.rounding = rounding
        self.disclosure = disclosure
        self.flow = flow
    }

    /// Whether a flow table has a line per value of a column (and the flow lines across).
    public var flowByRows: Bool { flow != nil && rows.column != "flow" }

    /// Every column the table reads.
    public var columnsRead: [String] {
        if let flow { return filter.map(\.name) + [flow.received, flow.stage] + flow.closedDates + (flowByRows ? [rows.column] : []) }
        return filter.map(\.name) + [rows.column] + (columns.map { [$0.column] } ?? []) + (distinct.map { [$0] } ?? []) + (sum.map { [$0] } ?? [])
    }

    /// `disclosure`: the tables file's policy, for a published table that names none.
    static func read(_ node: Node, disclosure: DisclosurePolicy, directory: String, problems: inout YAMLProblems) -> TableSpec? {
        guard let name = node["name"]?.scalarText, !name.isEmpty else {
            problems.report(node, "a table needs a name")
            return nil
        }
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
            problems.report(node["name"], "\(name): a table name is letters, digits, _ and - (it names the table's files)")
            return nil
        }
        let keys = ["name", "title", "unit", "where", "rows", "columns", "percentages", "rounding", "publish", "disclosure", "flow", "baseline", "count_distinct", "change", "sum"]
        for (key, _) in node.mapping.map(Array.init) ?? [] where !keys.contains(key.scalarText ?? "") {
            problems.report(key, "\(name): unknown key '\(key.scalarText ?? "?")' (expected \(keys.joined(separator: ", ")))")
        }
        guard let unit = node["unit"]?.scalarText else {
            problems.report(node, "\(name): unit is required (cases, parts, requests, people)")
            return nil
        }
        var filter: [StringList] = []
        for (key, value) in node["where"]?.mapping.map(Array.init) ?? [] {
            guard let column = key.scalarText, let values = value.scalarText.map({ [$0] }) ?? value.sequence?.compactMap(\.scalarText) else {
                problems.report(key, "\(name): where maps a column to a value or a list of values")
                continue
            }
            filter.append(StringList(column, values))
        }
        func dimension(_ key: String) -> Dimension? {
            guard let node = node[key] else { return nil }
            if let column = node.scalarText { return Dimension(column: column, values: []) }
            guard let column = node["column"]?.scalarText else {
                problems.report(node, "\(name): \(key) is a column, or {column: ..., values: [...]}")
                return nil
            }
            var groups: [StringList] = []
            for (label, members) in node["groups"]?.mapping.map(Array.init) ?? [] {
                guard let label = label.scalarText, let members = members.sequence?.compactMap(\.scalarText) else {
                    problems.report(label, "\(name): groups map a group's label to the values it holds")
                    continue
                }
                groups.append(StringList(label, members))
            }
            let separator = node["split"]?.scalarText
            if separator?.utf8.count != nil && separator?.utf8.count != 1 { problems.report(node["split"], "\(name): split is one character") }
            if let transform = node["as"]?.scalarText, transform != "financial_year" {
                problems.report(node["as"], "\(name): as is financial_year (the year 1 April to 31 March a date is in)")
            }
            return Dimension(column: column, values: node["values"]?.sequence?.compactMap(\.scalarText) ?? [], groups: groups, separator: separator,
                             byFinancialYear: node["as"]?.scalarText == "financial_year")
        }
        if let flowNode = node["flow"] {
            guard let received = flowNode["received"]?.scalarText, let stage = flowNode["closed"]?["stage"]?.scalarText,
                  let dates = flowNode["closed"]?["dates"]?.sequence?.compactMap(\.scalarText), !dates.isEmpty,
                  let years = flowNode["years"]?.sequence?.compactMap(\.scalarText), !years.isEmpty else {
                problems.report(flowNode, "\(name): flow is {received: COLUMN, closed: {stage: COLUMN, dates: [COLUMN, ...]}, years: [2016/17, ...]}")
                return nil
            }
            for year in years where FinancialYear(year) == nil { problems.report(flowNode["years"], "\(name): '\(year)' is not a financial year like 2016/17") }
            for key in ["columns", "percentages", "publish"] where node[key] != nil {
                problems.report(node[key], "\(name): a flow table has no \(key) (its lines are \(Flow.lines.joined(separator: ", ")))")
            }
            let flow = Flow(received: received, stage: stage, closedDates: dates, years: years)
            // With rows (a directorate, a procedure): a line per value, the flow across, for one year.
            if let rows = dimension("rows") {
                if years.count != 1 { problems.report(flowNode["years"], "\(name): a flow table with rows is for one year") }
                return TableSpec(name: name, title: node["title"]?.scalarText ?? name, unit: unit, filter: filter,
                                 rows: rows, columns: Dimension(column: "flow \(years[0])", values: Flow.lines), flow: flow)
            }
            return TableSpec(name: name, title: node["title"]?.scalarText ?? name, unit: unit, filter: filter,
                             rows: Dimension(column: "flow", values: Flow.lines), columns: Dimension(column: "financial_year", values: years),
                             flow: flow)
        }
        guard let rows = dimension("rows") else {
            problems.report(node, "\(name): rows is required")
            return nil
        }
        var share: Share?, excludes: [String] = []
        if let percentages = node["percentages"] {
            // `column`, or {of: column, excluding: [not_stated, ...]} for "% of those who stated".
            let text = percentages.scalarText ?? percentages["of"]?.scalarText
            share = text.flatMap(Share.init(rawValue:))
            excludes = percentages["excluding"]?.sequence?.compactMap(\.scalarText) ?? []
            if share == nil {
                problems.report(percentages, "\(name): percentages is one of \(Share.allCases.map(\.rawValue).joined(separator: ", ")), or {of: ..., excluding: [...]}")
            }
        }
        var baseline: Baseline?
        if let baselineNode = node["baseline"] {
            if let file = baselineNode["file"]?.scalarText, let characteristic = baselineNode["characteristic"]?.scalarText {
                baseline = Baseline.load(path: resolvedPath(file, relativeTo: directory), characteristic: characteristic, node: baselineNode, problems: &problems)
                if share == nil || node["columns"] != nil {
                    problems.report(baselineNode, "\(name): a baseline goes with a one-column table with percentages")
                }
            } else {
                problems.report(baselineNode, "\(name): baseline is {file: CSV, characteristic: NAME}")
            }
        }
        var rounding = PercentageRounding.largestRemainder
        if let text = node["rounding"]?.scalarText {
            if let chosen = PercentageRounding(rawValue: text) { rounding = chosen } else {
                problems.report(node["rounding"], "\(name): rounding is one of \(PercentageRounding.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        var policy: DisclosurePolicy?
        if let publish = node["publish"] {
            if publish.bool == nil { problems.report(publish, "\(name): publish is true or false") }
            if publish.bool == true { policy = node["disclosure"].map { DisclosurePolicy.read($0, base: disclosure, problems: &problems) } ?? disclosure }
        }
        if node["disclosure"] != nil && policy == nil { problems.report(node["disclosure"], "\(name): disclosure applies to a table with publish: true") }
        var spec = TableSpec(name: name, title: node["title"]?.scalarText ?? name, unit: unit, filter: filter, rows: rows,
                             columns: dimension("columns"), share: share, rounding: rounding, disclosure: policy)
        spec.shareExcludes = excludes
        spec.baseline = baseline
        spec.distinct = node["count_distinct"]?.scalarText
        spec.sum = node["sum"]?.scalarText
        if spec.sum != nil && (spec.disclosure != nil || spec.distinct != nil) {
            problems.report(node["sum"], "\(name): a table of sums is not published and does not count people")
        }
        if let change = node["change"] {
            spec.change = change.bool ?? false
            if change.bool == nil || (spec.change && spec.columns == nil) {
                problems.report(change, "\(name): change is true or false, for a table with columns (the last two are compared)")
            }
        }
        return spec
    }
}

extension TableSpec.Baseline {
    /// Reads the rows of `characteristic` from a CSV file of `characteristic,category,population_share`
    /// (percent), with an optional `source` column; problems are reported at `node`.
    static func load(path: String, characteristic: String, node: Node, problems: inout YAMLProblems) -> TableSpec.Baseline? {
        var rows: [(category: String, share: String, source: String)] = []
        do {
            try ReferenceKeys.forEachRow(path: path, columns: ["characteristic", "category", "population_share"], optional: ["source"]) { fields in
                let text = fields.map { String(decoding: $0, as: UTF8.self) }
                if text[0] == characteristic { rows.append((text[1], text[2], text[3])) }
            }
        } catch {
            for problem in error.problems { problems.report(node, "baseline file '\(path)': \(problem.message)") }
            return nil
        }
        var shares: [String: Double] = [:], source = ""
        for row in rows {
            guard let share = Double(row.share), (0...100).contains(share) else {
                problems.report(node, "baseline file '\(path)': the share of \(row.category) is not a percentage")
                continue
            }
            shares[row.category] = share
            source = row.source
        }
        if shares.isEmpty { problems.report(node, "baseline file '\(path)' has no rows for \(characteristic)") }
        return TableSpec.Baseline(source: source, shares: shares)
    }
}

/// A financial year, 1 April to 31 March, written `2016/17`.
struct FinancialYear: Equatable {
    let first: Int
    let last: Int

    init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]), let next = Int(parts[1]),
              (year + 1) % 100 == next, let first = CivilDate(year: year, month: 4, day: 1), let last = CivilDate(year: year + 1, month: 3, day: 31)
        else { return nil }
        self.first = first.dayNumber
        self.last = last.dayNumber
    }
}

/// A name with a list of strings (a filter's column and the values it keeps).
public struct StringList: Sendable, Equatable {
    public let name: String
    public let values: [String]

    public init(_ name: String, _ values: [String]) {
        self.name = name
        self.values = values
    }
}

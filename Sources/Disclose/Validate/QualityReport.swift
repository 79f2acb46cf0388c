import Foundation
import Synchronization

/// What validation found in some rows: counts that add up whatever order batches arrive in, so
/// that the report is the same for any number of workers. Holds row numbers, rule names, column
/// names and the allowed values of non-personal vocabulary columns — never a value from the data.
struct QualityTally: Sendable {
    struct FailureKey: Hashable, Sendable {
        let rule: String
        let column: String
        let severity: ValidationRules.Severity
    }

    struct FailureCount: Sendable {
        var count = 0
        /// The smallest row numbers, at most `rowsShown`.
        var rows: [Int] = []
    }

    /// How many row numbers are kept per rule and column (default 20).
    let rowsShown: Int

    var rowsChecked = 0
    var rowsQuarantined = 0
    var rowsWithWarnings = 0
    var failures: [FailureKey: FailureCount] = [:]
    /// (fix, column) -> values changed.
    var fixes: [String: [String: Int]] = [:]
    /// Per column: values missing.
    var missing: [Int]
    /// Per column (vocabulary columns that are not personal): allowed value -> rows.
    var values: [Int: [String: Int]] = [:]

    init(columnCount: Int, rowsShown: Int) {
        missing = Array(repeating: 0, count: columnCount)
        self.rowsShown = rowsShown
    }

    mutating func fail(_ key: FailureKey, row: Int) {
        failures[key, default: FailureCount()].count += 1
        if failures[key]!.rows.count < rowsShown { failures[key]!.rows.append(row) }
    }

    mutating func merge(_ other: QualityTally) {
        rowsChecked += other.rowsChecked
        rowsQuarantined += other.rowsQuarantined
        rowsWithWarnings += other.rowsWithWarnings
        for (key, count) in other.failures {
            var merged = failures[key, default: FailureCount()]
            merged.count += count.count
            merged.rows = Array((merged.rows + count.rows).sorted().prefix(rowsShown))
            failures[key] = merged
        }
        for (fix, columns) in other.fixes {
            for (column, count) in columns { fixes[fix, default: [:]][column, default: 0] += count }
        }
        for index in missing.indices { missing[index] += other.missing[index] }
        for (column, counts) in other.values {
            for (value, count) in counts { values[column, default: [:]][value, default: 0] += count }
        }
    }
}

/// Collects the tallies of every batch (from any worker) into one.
final class QualityAccumulator: Sendable {
    private let tally: Mutex<QualityTally>

    init(columnCount: Int, rowsShown: Int) {
        tally = Mutex(QualityTally(columnCount: columnCount, rowsShown: rowsShown))
    }

    func add(_ batch: QualityTally) {
        tally.withLock { $0.merge(batch) }
    }

    var total: QualityTally { tally.withLock { $0 } }
}

/// `quality.json` and `quality.md`: per rule and column the failures with their first row numbers,
/// the fixes applied, how complete each column is, and the values of vocabulary columns that are
/// not personal.
public struct QualityReport: Codable, Sendable, Equatable {
    public struct Rows: Codable, Sendable, Equatable {
        public let checked: Int
        public let passed: Int
        public let quarantined: Int
        public let withWarnings: Int
    }

    public struct Failure: Codable, Sendable, Equatable {
        public let rule: String
        public let column: String
        public let severity: String
        public let count: Int
        public let firstRows: [Int]
    }

    public struct Fix: Codable, Sendable, Equatable {
        public let fix: String
        public let column: String
        public let count: Int
    }

    public struct Column: Codable, Sendable, Equatable {
        public let name: String
        public let personal: Bool
        public let missing: Int
        public let missingPercent: Double
        /// Allowed values with their counts (vocabulary columns that are not personal only).
        public let values: [String: Int]?
    }

    public let schema: String
    public let rows: Rows
    public let failures: [Failure]
    public let fixes: [Fix]
    public let columns: [Column]

    init(schema: String, tally: QualityTally, columns: [String], personal: Set<String>, vocabularies: Set<Int>) {
        self.schema = schema
        rows = Rows(checked: tally.rowsChecked, passed: tally.rowsChecked - tally.rowsQuarantined,
                    quarantined: tally.rowsQuarantined, withWarnings: tally.rowsWithWarnings)
        let order = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })
        failures = tally.failures
            .map { Failure(rule: $0.key.rule, column: $0.key.column, severity: $0.key.severity.rawValue, count: $0.value.count, firstRows: $0.value.rows) }
            .sorted { (order[$0.column] ?? Int.max, $0.column, $0.rule) < (order[$1.column] ?? Int.max, $1.column, $1.rule) }
        fixes = tally.fixes.flatMap { fix, counts in counts.map { Fix(fix: fix, column: $0.key, count: $0.value) } }
            .sorted { (order[$0.column] ?? Int.max, $0.fix) < (order[$1.column] ?? Int.max, $1.fix) }
        self.columns = columns.enumerated().map { index, name in
            let checked = max(tally.rowsChecked, 1)
            let percent = (Double(tally.missing[index]) * 1000 / Double(checked)).rounded() / 10
            let values = vocabularies.contains(index) && !personal.contains(name) ? tally.values[index] ?? [:] : nil
            return Column(name: name, personal: personal.contains(name), missing: tally.missing[index], missingPercent: percent, values: values)
        }
    }

    public func json() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return Array(try encoder.encode(self)) + Array("\n".utf8)
    }

    public func markdown() -> [UInt8] {
        var text = "# Data quality: \(schema)\n\n"
        text += "\(rows.checked) rows checked: \(rows.passed) passed, \(rows.quarantined) quarantined, \(rows.withWarnings) with warnings.\n\n"
        text += "## Failures\n\n"
        if failures.isEmpty { text += "None.\n\n" } else {
            text += "| rule | column | severity | rows | first rows |\n|---|---|---|---:|---|\n"
            for failure in failures {
                text += "| \(failure.rule) | \(failure.column) | \(failure.severity) | \(failure.count) | \(failure.firstRows.map(String.init).joined(separator: ", ")) |\n"
            }
            text += "\n"
        }
        text += "## Fixes applied\n\n"
        if fixes.isEmpty { text += "None.\n\n" } else {
            text += "| fix | column | values changed |\n|---|---|---:|\n"
            for fix in fixes { text += "| \(fix.fix) | \(fix.column) | \(fix.count) |\n" }
            text += "\n"
        }
        text += "## Completeness\n\n| column | missing | % missing | values |\n|---|---:|---:|---|\n"
        for column in columns {
            let values = column.personal ? "(personal: not shown)"
                : column.values.map { $0.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") } ?? ""
            text += "| \(column.name) | \(column.missing) | \(String(format: "%.1f", column.missingPercent)) | \(values) |\n"
        }
        return Array(text.utf8)
    }
}

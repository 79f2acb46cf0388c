/// A rule over several fields fixed to the input's column positions, checked on a row's bytes.
/// A column the input lacks reads as empty. Reasons name columns and the rule's own values, never
/// a value from the row. A class, so that the hot path can hold it without retaining it.
final class CrossFieldCheck: Sendable {
    let rule: ValidationRules.CrossFieldRule
    private let kind: Kind
    private let condition: (position: Int?, test: Test)?

    private enum Kind {
        case dateOrder(earlier: Int?, later: Int?)
        case requires(Int?)
        case allowedValues(Int?, [[UInt8]])
        case reference(Int?, Set<[UInt8]>)
    }

    private enum Test {
        case equals([[UInt8]])
        case atLeast(Double)
        case notEmpty
    }

    /// `referenceKeys`: for a reference rule, the keys of its reference file.
    init(_ rule: ValidationRules.CrossFieldRule, position: [String: Int], referenceKeys: Set<[UInt8]>? = nil) {
        self.rule = rule
        switch rule.kind {
        case let .dateOrder(earlier, later): kind = .dateOrder(earlier: position[earlier], later: position[later])
        case let .requires(column): kind = .requires(position[column])
        case let .allowedValues(column, values): kind = .allowedValues(position[column], values.map { Array($0.utf8) })
        case let .reference(column, _, _, _): kind = .reference(position[column], referenceKeys ?? [])
        }
        condition = rule.condition.map { condition in
            let test: Test
            switch condition.test {
            case let .equals(values): test = .equals(values.map { Array($0.utf8) })
            case let .atLeast(bound): test = .atLeast(bound)
            case .notEmpty: test = .notEmpty
            }
            return (position[condition.column], test)
        }
    }

    /// Calls `failed` with each row, in order, for which the rule fails, of a batch's `rows` rows
    /// whose fixed fields lie column by column in `cells` (column `c` of row `r` at
    /// `cells[c * rows + r]`). The rule is read once for the batch, not once a row, and nothing is
    /// allocated on the way.
    func forEachFailingRow(in cells: UnsafePointer<FixedField>, rows: Int, _ failed: (Int) -> Void) {
        @inline(__always)
        func row(_ index: Int) -> FixedRow { FixedRow(fields: cells + index, stride: rows) }
        @inline(__always)
        func value(_ position: Int?, _ index: Int) -> UnsafeRawBufferPointer {
            guard let position else { return UnsafeRawBufferPointer(start: nil, count: 0) }
            return row(index).value(position).trimmingSpaces
        }
        // Which rows the rule applies to, all of them first: the condition is taken apart once
        // for the batch, not once a row.
        withUnsafeTemporaryAllocation(of: Bool.self, capacity: rows) { applies in
            if let (position, test) = condition {
                switch test {
                case let .equals(values):
                    for index in 0..<rows {
                        let tested = value(position, index)
                        applies[index] = values.contains { $0.equals(tested) }
                    }
                case let .atLeast(bound):
                    for index in 0..<rows { applies[index] = Self.number(value(position, index)).map { $0 >= bound } ?? false }
                case .notEmpty:
                    for index in 0..<rows { applies[index] = !value(position, index).isEmpty }
                }
            } else {
                applies.initialize(repeating: true)
            }
            switch kind {
            case let .dateOrder(earlier, later):
                guard let earlier, let later else { return }
                for index in 0..<rows where applies[index] {
                    let fields = row(index)
                    guard let first = fields.dayNumber(earlier), let second = fields.dayNumber(later) else { continue }
                    if second < first { failed(index) }
                }
            case let .requires(position):
                for index in 0..<rows where applies[index] && value(position, index).isEmpty { failed(index) }
            case let .allowedValues(position, values):
                for index in 0..<rows where applies[index] {
                    let found = value(position, index)
                    if !found.isEmpty && !values.contains(where: { $0.equals(found) }) { failed(index) }
                }
            case let .reference(position, keys):
                for index in 0..<rows where applies[index] {
                    let found = value(position, index)
                    if !found.isEmpty && !keys.contains(Array(found)) { failed(index) }
                }
            }
        }
    }

    /// A whole number read from the bytes, else any number `Double` reads.
    private static func number(_ bytes: UnsafeRawBufferPointer) -> Double? {
        guard !bytes.isEmpty else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= 0x30 && byte <= 0x39, value < 1 << 50 else { return Double(String(decoding: bytes, as: UTF8.self)) }
            value = value * 10 + Int(byte - 0x30)
        }
        return Double(value)
    }

    /// Why the rule fails: its columns and its own values, never a value from the row.
    var reason: String {
        switch rule.kind {
        case let .dateOrder(earlier, later):
            return "\(later) is before \(earlier)"
        case let .requires(name):
            return "\(name) is required" + describe()
        case let .allowedValues(name, texts):
            return "\(name) must be " + (texts.isEmpty ? "empty" : texts.joined(separator: " or ")) + describe()
        case let .reference(name, source, key, filter):
            let rows = filter.map { "\($0.column) is \($0.values.joined(separator: " or "))" }.joined(separator: " and ")
            return "\(name) has no match in \(source).\(key)" + (rows.isEmpty ? "" : " where " + rows) + describe()
        }
    }

    private func describe() -> String {
        guard let condition = rule.condition else { return "" }
        switch condition.test {
        case let .equals(values): return " when \(condition.column) is \(values.joined(separator: " or "))"
        case let .atLeast(bound): return " when \(condition.column) is at least \(bound == bound.rounded() ? String(Int(bound)) : String(bound))"
        case .notEmpty: return " when \(condition.column) has a value"
        }
    }
}

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

    /// Whether the rule fails for the row in `row` (nothing is allocated on the way).
    func fails(_ row: FixedRow) -> Bool {
        func value(_ position: Int?) -> UnsafeRawBufferPointer {
            guard let position else { return UnsafeRawBufferPointer(start: nil, count: 0) }
            return row.value(position).trimmingSpaces
        }
        if let condition {
            let tested = value(condition.position)
            let holds: Bool
            switch condition.test {
            case let .equals(values): holds = values.contains { $0.equals(tested) }
            case let .atLeast(bound): holds = Self.number(tested).map { $0 >= bound } ?? false
            case .notEmpty: holds = !tested.isEmpty
            }
            if !holds { return false }
        }
        switch kind {
        case let .dateOrder(earlier, later):
            guard let earlier, let later, let first = row.dayNumber(earlier), let second = row.dayNumber(later) else { return false }
            return second < first
        case let .requires(position):
            return value(position).isEmpty
        case let .allowedValues(position, values):
            let found = value(position)
            return !found.isEmpty && !values.contains(where: { $0.equals(found) })
        case let .reference(position, keys):
            let found = value(position)
            return !found.isEmpty && !keys.contains(Array(found))
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

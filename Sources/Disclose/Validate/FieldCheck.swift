/// One schema field's checks, ready for a column's bytes. Reasons name the rule and the bound from
/// the schema, never the value.
struct FieldCheck: Sendable {
    let field: SchemaField
    private let missing: [[UInt8]]
    private let allowed: Set<[UInt8]>?
    private let trueValues: Set<[UInt8]>
    private let falseValues: Set<[UInt8]>

    init(_ field: SchemaField, missingValues: [String]) {
        self.field = field
        missing = missingValues.map { Array($0.utf8) }
        allowed = field.constraints.enumValues.map { Set($0.map { Array($0.utf8) }) }
        trueValues = Set(field.trueValues.map { Array($0.utf8) })
        falseValues = Set(field.falseValues.map { Array($0.utf8) })
    }

    /// A failed check: the constraint (`type`, `required`, `enum`, ...) and why.
    struct Failure: Equatable {
        let constraint: String
        let reason: String
    }

    func isMissing(_ value: UnsafeRawBufferPointer) -> Bool {
        missing.contains { $0.elementsEqual(value) }
    }

    /// The checks `value` fails (empty when it passes); a missing value fails only `required`.
    func failures(_ value: UnsafeRawBufferPointer) -> [Failure] {
        let constraints = field.constraints
        if isMissing(value) {
            return constraints.required ? [Failure(constraint: "required", reason: "a value is required")] : []
        }
        var failures: [Failure] = []
        let number: Double?
        switch typed(value) {
        case .failed(let reason):
            return [Failure(constraint: "type", reason: reason)]
        case .number(let value):
            number = value
        case .other:
            number = nil
        }
        if let allowed, !allowed.contains(Array(value)) {
            failures.append(Failure(constraint: "enum", reason: "not one of the \(allowed.count) allowed values"))
        }
        if let pattern = constraints.pattern {
            var matched = false
            do {
                try pattern.forEachMatch(in: value) { _ in
                    matched = true
                    return false
                }
            } catch {
                matched = false
            }
            if !matched { failures.append(Failure(constraint: "pattern", reason: "does not match the pattern")) }
        }
        if let number, let minimum = constraints.minimum, number < minimum {
            failures.append(Failure(constraint: "minimum", reason: "below the minimum \(constraints.minimumText ?? "")"))
        }
        if let number, let maximum = constraints.maximum, number > maximum {
            failures.append(Failure(constraint: "maximum", reason: "above the maximum \(constraints.maximumText ?? "")"))
        }
        if constraints.minLength != nil || constraints.maxLength != nil {
            let length = String(decoding: value, as: UTF8.self).count
            if let minLength = constraints.minLength, length < minLength {
                failures.append(Failure(constraint: "minLength", reason: "shorter than \(minLength) characters"))
            }
            if let maxLength = constraints.maxLength, length > maxLength {
                failures.append(Failure(constraint: "maxLength", reason: "longer than \(maxLength) characters"))
            }
        }
        return failures
    }

    private enum Typed {
        case failed(String)
        /// A number the bounds apply to (dates as day numbers).
        case number(Double)
        case other
    }

    private func typed(_ value: UnsafeRawBufferPointer) -> Typed {
        switch field.type {
        case .string:
            return .other
        case .integer:
            guard let number = Self.integer(value) else { return .failed("not a whole number") }
            return .number(Double(number))
        case .number:
            guard let number = Double(String(decoding: value, as: UTF8.self)), number.isFinite else { return .failed("not a number") }
            return .number(number)
        case .year:
            guard value.count == 4, let number = Self.integer(value) else { return .failed("not a year (four digits)") }
            return .number(Double(number))
        case .boolean:
            let bytes = Array(value)
            return trueValues.contains(bytes) || falseValues.contains(bytes) ? .other : .failed("not one of the true or false values")
        case .date:
            guard let day = date(value) else { return .failed("not a date (\(dateLayout))") }
            return .number(Double(day))
        case .datetime:
            let text = String(decoding: value, as: UTF8.self)
            guard text.count >= 19, let day = CivilDate(iso: String(text.prefix(10))), text.dropFirst(10).first == "T",
                  Self.isTime(text.dropFirst(11).prefix(8)) else { return .failed("not a date and time (yyyy-mm-ddThh:mm:ss)") }
            return .number(Double(day.dayNumber))
        }
    }

    private var dateLayout: String {
        switch field.format {
        case nil, "default": "yyyy-mm-dd"
        case "any": "a UK date layout"
        case let pattern?: pattern
        }
    }

    private func date(_ value: UnsafeRawBufferPointer) -> Int? {
        switch field.format {
        case nil, "default":
            return CivilDate(iso: String(decoding: value, as: UTF8.self))?.dayNumber
        case "any":
            if case let .date(day) = UKDateParser.parse(bytes: value) { return day }
            return nil
        case let pattern?:
            return DatePattern.parse(String(decoding: value, as: UTF8.self), pattern: pattern)
        }
    }

    private static func integer(_ value: UnsafeRawBufferPointer) -> Int? {
        var index = 0
        if value.first == UInt8(ascii: "-") || value.first == UInt8(ascii: "+") { index = 1 }
        guard index < value.count, value.count - index <= 18 else { return nil }
        var number = 0
        while index < value.count {
            let digit = Int(value[index]) - 0x30
            guard (0...9).contains(digit) else { return nil }
            number = number * 10 + digit
            index += 1
        }
        return value.first == UInt8(ascii: "-") ? -number : number
    }

    private static func isTime(_ text: Substring) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
              let hour = Int(parts[0]), let minute = Int(parts[1]), let second = Int(parts[2]) else { return false }
        return hour < 24 && minute < 60 && second < 61
    }
}

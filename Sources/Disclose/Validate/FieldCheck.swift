/// One schema field's checks, ready for a column's bytes. Reasons name the rule and the bound from
/// the schema, never the value. A class, so that checking a column shares it rather than copying
/// its arrays.
final class FieldCheck: Sendable {
    let field: SchemaField
    private let missing: [[UInt8]]
    private let missingIncludesEmpty: Bool
    /// A string with nothing to check but presence (most free-text and name columns).
    private let isPlainString: Bool
    /// Whether any missing value is not empty (most schemas have only "").
    private let missingOthers: Bool
    /// The enum's values, in schema order (nil: no enum).
    let allowed: [[UInt8]]?
    /// The enum's values for lookup (nil: no enum); the validate stage's column plans share it.
    let enumTable: EnumValueTable?
    private let trueValues: [[UInt8]]
    private let falseValues: [[UInt8]]
    // The constraints read on every value, held here rather than read out of `field` each time.
    private let required: Bool
    private let pattern: PCRE2Pattern?
    /// The pattern matched on bytes without PCRE2, when it is of fixed shape (references, postcodes).
    private let shape: FixedShapePattern?
    private let minimum: Double?
    private let maximum: Double?
    private let checksLength: Bool
    private let dateLayout: DateLayout

    init(_ field: SchemaField, missingValues: [String]) {
        self.field = field
        missing = missingValues.map { Array($0.utf8) }
        let constraints = field.constraints
        isPlainString = field.type == .string && constraints.enumValues == nil && constraints.pattern == nil
            && constraints.minLength == nil && constraints.maxLength == nil
        missingIncludesEmpty = missingValues.contains("")
        missingOthers = missingValues.contains { !$0.isEmpty }
        allowed = field.constraints.enumValues.map { $0.map { Array($0.utf8) } }
        enumTable = allowed.map(EnumValueTable.init)
        required = constraints.required
        pattern = constraints.pattern
        shape = constraints.pattern.flatMap { FixedShapePattern($0.source) }
        minimum = constraints.minimum
        maximum = constraints.maximum
        checksLength = constraints.minLength != nil || constraints.maxLength != nil
        dateLayout = DateLayout(format: field.format)
        trueValues = field.trueValues.map { Array($0.utf8) }
        falseValues = field.falseValues.map { Array($0.utf8) }
    }

    deinit {
        enumTable?.deallocate()
    }

    /// A check a value can fail, as a bit of `Checked.failed`.
    enum Constraint: Int, CaseIterable {
        case required, type, `enum`, pattern, minimum, maximum, minLength, maxLength

        var bit: UInt16 { 1 << UInt16(rawValue) }
    }

    /// A failed check: the constraint (`type`, `required`, `enum`, ...) and why.
    struct Failure: Equatable {
        let constraint: String
        let reason: String
    }

    /// What checking a value found.
    struct Checked: Equatable {
        var missing = false
        /// The value's place in the enum, when it is one of its values.
        var enumIndex: Int?
        /// The constraints it fails, as `Constraint` bits (0 when it passes).
        var failed: UInt16 = 0
        /// A date column's value as a day number, when the column holds ISO dates (`yyyy-mm-dd`)
        /// and the value is one; else `FixedField.noDay`.
        var day = FixedField.noDay
    }

    @inline(__always)
    func isMissing(_ value: UnsafeRawBufferPointer) -> Bool {
        if value.isEmpty { return missingIncludesEmpty }
        return missingOthers && missing.contains { $0.equals(value) }
    }

    /// The checks `value` fails (empty when it passes); a missing value fails only `required`.
    func failures(_ value: UnsafeRawBufferPointer) -> [Failure] {
        failures(check(value).failed)
    }

    /// The failures that the bits of `failed` stand for, in `Constraint` order.
    func failures(_ failed: UInt16) -> [Failure] {
        Constraint.allCases.filter { failed & $0.bit != 0 }.map { Failure(constraint: "\($0)", reason: reason($0)) }
    }

    /// Why a value fails `constraint`: the rule and the schema's bound, never the value.
    func reason(_ constraint: Constraint) -> String {
        let constraints = field.constraints
        switch constraint {
        case .required: return "a value is required"
        case .type:
            switch field.type {
            case .string: return "not a string"
            case .integer: return "not a whole number"
            case .number: return "not a number"
            case .year: return "not a year (four digits)"
            case .boolean: return "not one of the true or false values"
            case .date: return "not a date (\(dateLayout.description))"
            case .datetime: return "not a date and time (yyyy-mm-ddThh:mm:ss)"
            }
        case .enum: return "not one of the \(allowed?.count ?? 0) allowed values"
        case .pattern: return "does not match the pattern"
        case .minimum: return "below the minimum \(constraints.minimumText ?? "")"
        case .maximum: return "above the maximum \(constraints.maximumText ?? "")"
        case .minLength: return "shorter than \(constraints.minLength ?? 0) characters"
        case .maxLength: return "longer than \(constraints.maxLength ?? 0) characters"
        }
    }

    /// Whether every value that is not missing passes, as it is (a string with no enum, pattern,
    /// length or missing value but ""): `check` finds nothing in a field that holds anything.
    var passesEveryPresentValue: Bool { isPlainString && !missingOthers }

    /// Whether `checkISODate(day:)` finds what `check` would for a ten-byte ISO date: a date column
    /// of `yyyy-mm-dd` with no enum, pattern or length to check and no missing value but "".
    var checksISODatesByDay: Bool {
        field.type == .date && dateLayout == .iso && allowed == nil && pattern == nil && !checksLength && !missingOthers
    }

    /// What `check` finds for an ISO date whose day number is `day`, without reading it again
    /// (only where `checksISODatesByDay`).
    @inline(__always)
    func checkISODate(day: Int) -> Checked {
        var checked = Checked()
        checked.day = Int32(day)
        checked.failed = outOfBounds(Double(day))
        return checked
    }

    /// The `minimum` and `maximum` bits a number fails.
    @inline(__always)
    private func outOfBounds(_ number: Double) -> UInt16 {
        var failed: UInt16 = 0
        if let minimum, number < minimum { failed |= Constraint.minimum.bit }
        if let maximum, number > maximum { failed |= Constraint.maximum.bit }
        return failed
    }

    /// Checks `value`; nothing is allocated, whether it passes or not.
    func check(_ value: UnsafeRawBufferPointer) -> Checked {
        if isMissing(value) {
            return Checked(missing: true, failed: required ? Constraint.required.bit : 0)
        }
        if isPlainString { return Checked() }
        var checked = Checked()
        let number: Double?
        switch typed(value) {
        case .failed:
            checked.failed = Constraint.type.bit
            return checked
        case .number(let value):
            number = value
        case .isoDate(let day):
            number = Double(day)
            checked.day = Int32(day)
        case .other:
            number = nil
        }
        if allowed != nil {
            checked.enumIndex = enumIndex(value)
            if checked.enumIndex == nil { checked.failed |= Constraint.enum.bit }
        }
        if let shape {
            if !shape.matches(value) { checked.failed |= Constraint.pattern.bit }
        } else if let pattern {
            var matched = false
            do {
                try pattern.forEachMatch(in: value) { _ in
                    matched = true
                    return false
                }
            } catch {
                matched = false
            }
            if !matched { checked.failed |= Constraint.pattern.bit }
        }
        if let number { checked.failed |= outOfBounds(number) }
        if checksLength {
            let constraints = field.constraints
            // Characters: every byte that does not continue a UTF-8 sequence starts one.
            let length = value.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
            if let minLength = constraints.minLength, length < minLength { checked.failed |= Constraint.minLength.bit }
            if let maxLength = constraints.maxLength, length > maxLength { checked.failed |= Constraint.maxLength.bit }
        }
        return checked
    }

    /// The value's place among the enum's values (nil: not one, or no enum).
    @inline(__always)
    func enumIndex(_ value: UnsafeRawBufferPointer) -> Int? {
        enumTable?.index(of: value)
    }

    private enum Typed {
        case failed
        /// A number the bounds apply to (dates as day numbers).
        case number(Double)
        /// A date of a column of ISO dates, as a day number (the bounds apply to it).
        case isoDate(Int)
        case other
    }

    private func typed(_ value: UnsafeRawBufferPointer) -> Typed {
        switch field.type {
        case .string:
            return .other
        case .integer:
            guard let number = Self.integer(value) else { return .failed }
            return .number(Double(number))
        case .number:
            guard let number = Double(String(decoding: value, as: UTF8.self)), number.isFinite else { return .failed }
            return .number(number)
        case .year:
            guard value.count == 4, let number = Self.integer(value) else { return .failed }
            return .number(Double(number))
        case .boolean:
            return trueValues.contains { $0.equals(value) } || falseValues.contains { $0.equals(value) }
                ? .other : .failed
        case .date:
            guard let day = date(value) else { return .failed }
            return dateLayout == .iso ? .isoDate(day) : .number(Double(day))
        case .datetime:
            let text = String(decoding: value, as: UTF8.self)
            guard text.count >= 19, let day = CivilDate(iso: String(text.prefix(10))), text.dropFirst(10).first == "T",
                  Self.isTime(text.dropFirst(11).prefix(8)) else { return .failed }
            return .number(Double(day.dayNumber))
        }
    }

    /// How a date column's values are read, decided once from the schema's `format`.
    private enum DateLayout: Equatable {
        /// `yyyy-mm-dd` (the default).
        case iso
        /// Any UK layout the date parser reads.
        case any
        /// A pattern of the schema's own.
        case pattern(String)

        init(format: String?) {
            switch format {
            case nil, "default": self = .iso
            case "any": self = .any
            case let pattern?: self = .pattern(pattern)
            }
        }

        var description: String {
            switch self {
            case .iso: "yyyy-mm-dd"
            case .any: "a UK date layout"
            case let .pattern(pattern): pattern
            }
        }
    }

    private func date(_ value: UnsafeRawBufferPointer) -> Int? {
        switch dateLayout {
        case .iso:
            return UKDateParser.isoDayNumber(value)
        case .any:
            return UKDateParser.dayNumber(bytes: value)
        case let .pattern(pattern):
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

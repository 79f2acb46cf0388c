import Yams

/// A Frictionless Table Schema (https://specs.frictionlessdata.io/table-schema/), the JSON format
/// data teams already write: `fields` with `name`, `type`, `format` and `constraints`, plus
/// `missingValues` and `primaryKey`. One extension: a field marked `"personal": true` holds personal
/// data, and its values are never shown in any report or message.
///
/// The JSON is read with Yams (JSON is YAML) so that every problem names its line.
public struct TableSchema: Sendable {
    public let fields: [SchemaField]
    /// Values that mean "no value" (default: the empty string).
    public let missingValues: [String]
    /// Columns whose values together identify a row (empty: none).
    public let primaryKey: [String]

    public init(fields: [SchemaField], missingValues: [String] = [""], primaryKey: [String] = []) {
        self.fields = fields
        self.missingValues = missingValues
        self.primaryKey = primaryKey
    }

    public func field(_ name: String) -> SchemaField? { fields.first { $0.name == name } }

    /// Reads and checks a schema file; every problem is reported with its line.
    public static func load(path: String) throws(PipelineError) -> TableSchema {
        let file = try YAMLProblems.readMapping(path: path, what: "table schema", expected: "fields, missingValues, primaryKey")
        let top = file.top
        var problems = file.problems
        let known = ["fields", "missingValues", "primaryKey", "foreignKeys", "$schema", "title", "description", "name"]
        for (key, _) in top where !known.contains(key.scalarText ?? "") {
            problems.report(key, "unknown key '\(key.scalarText ?? "?")' (expected fields, missingValues, primaryKey)")
        }
        var fields: [SchemaField] = []
        for node in top["fields"]?.items ?? [] {
            if let field = SchemaField.read(node, problems: &problems) {
                if fields.contains(where: { $0.name == field.name }) {
                    problems.report(node, "field '\(field.name)' appears more than once")
                }
                fields.append(field)
            }
        }
        if fields.isEmpty { problems.report(file.root, "a schema needs a list of fields") }
        let missingValues = top["missingValues"].map { node in node.sequence?.compactMap(\.scalarText) ?? [] } ?? [""]
        var primaryKey: [String] = []
        if let node = top["primaryKey"] {
            primaryKey = node.scalarText.map { [$0] } ?? node.sequence?.compactMap(\.scalarText) ?? []
            for name in primaryKey where !fields.contains(where: { $0.name == name }) {
                problems.report(node, "primaryKey names '\(name)', which is not a field")
            }
        }
        guard problems.isEmpty else { throw PipelineError(problems: problems.list) }
        return TableSchema(fields: fields, missingValues: missingValues, primaryKey: primaryKey)
    }
}

/// One column of a Table Schema.
public struct SchemaField: Sendable {
    public enum FieldType: String, Sendable, CaseIterable {
        case string, integer, number, boolean, date, datetime, year
    }

    public let name: String
    public let type: FieldType
    /// For dates: nil or `default` (yyyy-mm-dd), `any` (every UK layout `UKDateParser` reads), or a
    /// pattern of `%d`, `%m`, `%Y` and separators (e.g. `%d/%m/%Y`).
    public let format: String?
    public let constraints: FieldConstraints
    public let trueValues: [String]
    public let falseValues: [String]
    /// Holds personal data: its values never appear in a report or message.
    public let personal: Bool

    public init(name: String, type: FieldType = .string, format: String? = nil, constraints: FieldConstraints = FieldConstraints(),
                trueValues: [String] = ["true", "True", "TRUE", "1"], falseValues: [String] = ["false", "False", "FALSE", "0"],
                personal: Bool = false) {
        self.name = name
        self.type = type
        self.format = format
        self.constraints = constraints
        self.trueValues = trueValues
        self.falseValues = falseValues
        self.personal = personal
    }

    static func read(_ node: Node, problems: inout YAMLProblems) -> SchemaField? {
        guard let mapping = node.mapping, let name = node["name"]?.scalarText, !name.isEmpty else {
            problems.report(node, "a field is an object with a name")
            return nil
        }
        let known = ["name", "type", "format", "constraints", "trueValues", "falseValues", "personal", "title", "description", "example", "rdfType"]
        for (key, _) in mapping where !known.contains(key.scalarText ?? "") {
            problems.report(key, "\(name): unknown field property '\(key.scalarText ?? "?")'")
        }
        var type = FieldType.string
        if let text = node["type"]?.scalarText {
            if let known = FieldType(rawValue: text) { type = known } else {
                problems.report(node["type"], "\(name): type '\(text)' is not one of \(FieldType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        let format = node["format"]?.scalarText
        if type == .date, let format, format != "default", format != "any", !DatePattern.isValid(format) {
            problems.report(node["format"], "\(name): date format '\(format)' is not default, any, or a pattern of %d, %m, %Y")
        }
        let constraints = FieldConstraints.read(node["constraints"], field: name, type: type, format: format, problems: &problems)
        let trueValues = node["trueValues"]?.sequence?.compactMap(\.scalarText) ?? ["true", "True", "TRUE", "1"]
        let falseValues = node["falseValues"]?.sequence?.compactMap(\.scalarText) ?? ["false", "False", "FALSE", "0"]
        let personal = node["personal"]?.bool ?? false
        return SchemaField(name: name, type: type, format: format, constraints: constraints,
                           trueValues: trueValues, falseValues: falseValues, personal: personal)
    }
}

/// The `constraints` of a field.
public struct FieldConstraints: Sendable {
    public var required = false
    public var unique = false
    public var enumValues: [String]?
    /// Must match the whole value (Table Schema's rule), as PCRE2.
    public var pattern: PCRE2Pattern?
    /// For integer, number and year: numbers; for date: yyyy-mm-dd dates as day numbers.
    public var minimum: Double?
    public var maximum: Double?
    public var minLength: Int?
    public var maxLength: Int?
    /// The bounds as written, for messages.
    public var minimumText: String?
    public var maximumText: String?

    public init() {}

    static func read(_ node: Node?, field: String, type: SchemaField.FieldType, format: String?, problems: inout YAMLProblems) -> FieldConstraints {
        var constraints = FieldConstraints()
        guard let node else { return constraints }
        guard let mapping = node.mapping else {
            problems.report(node, "\(field): constraints must be an object")
            return constraints
        }
        for (key, value) in mapping {
            let name = key.scalarText ?? ""
            switch name {
            case "required", "unique":
                guard let flag = value.bool else {
                    problems.report(value, "\(field): \(name) must be true or false")
                    continue
                }
                if name == "required" { constraints.required = flag } else { constraints.unique = flag }
            case "enum":
                constraints.enumValues = value.sequence?.compactMap(\.scalarText)
                if constraints.enumValues?.isEmpty ?? true { problems.report(value, "\(field): enum must be a list of values") }
            case "pattern":
                do {
                    constraints.pattern = try PCRE2Pattern("^(?:" + (value.scalarText ?? "") + ")$")
                } catch {
                    problems.report(value, "\(field): pattern: \(error)")
                }
            case "minimum", "maximum":
                let text = value.scalarText ?? ""
                // A date bound is written like the field's values (Table Schema), else yyyy-mm-dd.
                let bound = type != .date ? Double(text)
                    : (format.flatMap { DatePattern.isValid($0) ? DatePattern.parse(text, pattern: $0) : nil } ?? CivilDate(iso: text)?.dayNumber).map(Double.init)
                guard let bound, [.integer, .number, .year, .date].contains(type) else {
                    problems.report(value, "\(field): \(name) needs an integer, number, year or date field and a bound of that type")
                    continue
                }
                if name == "minimum" { (constraints.minimum, constraints.minimumText) = (bound, text) } else {
                    (constraints.maximum, constraints.maximumText) = (bound, text)
                }
            case "minLength", "maxLength":
                guard let length = value.int, length >= 0 else {
                    problems.report(value, "\(field): \(name) must be a whole number")
                    continue
                }
                if name == "minLength" { constraints.minLength = length } else { constraints.maxLength = length }
            default:
                problems.report(key, "\(field): unknown constraint '\(name)' (required, unique, enum, pattern, minimum, maximum, minLength, maxLength)")
            }
        }
        return constraints
    }
}

/// A date layout written with `%d`, `%m`, `%Y` (also `%y`) and literal separators.
enum DatePattern {
    static func isValid(_ pattern: String) -> Bool {
        let directives = pattern.components(separatedBy: "%").dropFirst().compactMap(\.first)
        return !directives.isEmpty && directives.allSatisfy { "dmYy".contains($0) }
            && directives.contains("d") && directives.contains("m") && (directives.contains("Y") || directives.contains("y"))
    }

    /// The day number of `text` read with `pattern`, or nil.
    static func parse(_ text: String, pattern: String) -> Int? {
        var day: Int?, month: Int?, year: Int?
        var input = Substring(text)
        var rest = Substring(pattern)
        while let next = rest.first {
            if next == "%", rest.count >= 2 {
                let directive = rest[rest.index(after: rest.startIndex)]
                rest = rest.dropFirst(2)
                let width = directive == "Y" ? 4 : 2
                let digits = input.prefix(while: \.isASCII).prefix(width).prefix(while: \.isNumber)
                guard !digits.isEmpty, directive == "Y" ? digits.count == 4 : true, let value = Int(digits) else { return nil }
                input = input.dropFirst(digits.count)
                switch directive {
                case "d": day = value
                case "m": month = value
                case "Y": year = value
                case "y": year = value + (value < 70 ? 2000 : 1900)
                default: return nil
                }
            } else {
                guard input.first == next else { return nil }
                input = input.dropFirst()
                rest = rest.dropFirst()
            }
        }
        guard input.isEmpty, let day, let month, let year, let date = CivilDate(year: year, month: month, day: day) else { return nil }
        return date.dayNumber
    }
}

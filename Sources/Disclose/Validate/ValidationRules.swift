import Yams

/// What a validate stage does beyond the schema, from its rules file (YAML): the fixes it applies
/// first, the rules that look at more than one field, and schema checks that only warn.
///
/// ```yaml
/// fixes:                                   # applied in this order, each counted in the report
///   - {fix: trim, columns: all}
///   - {fix: case_fold, columns: [channel, stage1_outcome]}
///   - {fix: synonyms, columns: [stage1_outcome], map: {part upheld: partially_upheld}}
///   - {fix: uk_date, columns: [received_date]}
///   - {fix: postcode, columns: [complainant_postcode]}
///   - {fix: boolean, columns: [formal]}
/// rules:
///   - {name: response_after_receipt, kind: date_order, earlier: received_date, later: stage1_response_date}
///   - {name: stage2_has_start, kind: requires, when: {column: stage_reached, at_least: 2}, column: stage2_start_date}
///   - {name: informal_no_outcome, kind: allowed_values, when: {column: formal, equals: "no"},
///      column: stage1_outcome, values: [informal], severity: warning}
///   - {name: known_case, kind: reference, column: case_ref, in: complaints, key: case_ref}
///   - {name: follows_stage1, kind: reference, when: {column: stage, at_least: 2}, column: case_ref, in: parts,
///      where: {stage: "1", outcome: [not_upheld, partially_upheld]}, severity: warning}
/// warnings: [complainant_postcode]         # columns whose schema checks warn instead of quarantining
/// ```
public struct ValidationRules: Sendable {
    public var fixes: [Fix]
    public var rules: [CrossFieldRule]
    /// Columns whose schema checks are warnings, not errors.
    public var warningColumns: Set<String>

    public init(fixes: [Fix] = [], rules: [CrossFieldRule] = [], warningColumns: Set<String> = []) {
        self.fixes = fixes
        self.rules = rules
        self.warningColumns = warningColumns
    }

    /// A normalisation applied to the named columns (nil: every column).
    public struct Fix: Sendable {
        public enum Kind: String, Sendable, CaseIterable {
            case trim, collapseWhitespace = "collapse_whitespace", caseFold = "case_fold", synonyms
            case ukDate = "uk_date", postcode, boolean
        }

        public let kind: Kind
        public let columns: [String]?
        /// For `synonyms`: the variants with their canonical values.
        let synonyms: SynonymTable

        public init(_ kind: Kind, columns: [String]?, map: [(variant: String, value: String)] = []) {
            self.kind = kind
            self.columns = columns
            synonyms = SynonymTable(map)
        }
    }

    /// Folded variants with their canonical values, in file order. A class, so that the hot path
    /// can hold it without retaining it.
    final class SynonymTable: Sendable {
        let entries: [(variant: [UInt8], value: [UInt8])]
        /// The longest canonical value, in bytes.
        let longest: Int

        init(_ map: [(variant: String, value: String)]) {
            entries = map.map { (Array(FieldFixes.folded($0.variant).utf8), Array($0.value.utf8)) }
            longest = entries.map(\.value.count).max() ?? 0
        }
    }

    public enum Severity: String, Sendable {
        case error, warning
    }

    /// A rule over more than one field of a row.
    public struct CrossFieldRule: Sendable {
        public enum Kind: Sendable {
            /// `later` is on or after `earlier` (both dates; skipped when either is empty).
            case dateOrder(earlier: String, later: String)
            /// When the condition holds, `column` has a value.
            case requires(column: String)
            /// When the condition holds, `column` is empty or one of `values`.
            case allowedValues(column: String, values: [String])
            /// When the condition holds, a value in `column` is one of the values of `key` in the
            /// file the stage's `references` names `source`, among that file's rows whose columns
            /// hold the values `filter` gives (e.g. the same case's stage 1 parts that were not upheld).
            case reference(column: String, source: String, key: String, filter: [(column: String, values: [String])])
        }

        public let name: String
        public let kind: Kind
        public let condition: Condition?
        public let severity: Severity

        /// The column a failure is reported against.
        public var column: String {
            switch kind {
            case let .dateOrder(_, later): later
            case let .requires(column), let .allowedValues(column, _), let .reference(column, _, _, _): column
            }
        }

        /// Every column the rule reads.
        public var columns: [String] {
            var names: [String]
            switch kind {
            case let .dateOrder(earlier, later): names = [earlier, later]
            case let .requires(column), let .allowedValues(column, _), let .reference(column, _, _, _): names = [column]
            }
            if let condition { names.append(condition.column) }
            return names
        }
    }

    /// `when:` a column equals a value, is one of several, is at least a number, or is not empty.
    public struct Condition: Sendable {
        public enum Test: Sendable {
            case equals([String])
            case atLeast(Double)
            case notEmpty
        }

        public let column: String
        public let test: Test
    }

    /// Reads and checks a rules file; every problem is reported with its line.
    /// The most fixes a rules file may declare.
    static let maximumFixes = 64

    public static func load(path: String) throws(PipelineError) -> ValidationRules {
        let file = try YAMLProblems.readMapping(path: path, what: "validation rules", expected: "fixes, rules, warnings")
        var problems = file.problems
        var result = ValidationRules()
        for (key, value) in file.top {
            switch key.scalarText {
            case "fixes":
                for node in value.items {
                    // The stage notes which of a column's fixes changed a value in one 64-bit word.
                    guard result.fixes.count < maximumFixes else {
                        problems.report(node, "at most \(maximumFixes) fixes (list several columns in one fix instead)")
                        break
                    }
                    if let fix = readFix(node, problems: &problems) { result.fixes.append(fix) }
                }
            case "rules":
                for node in value.items {
                    if let rule = readRule(node, problems: &problems) {
                        if result.rules.contains(where: { $0.name == rule.name }) { problems.report(node, "rule '\(rule.name)' appears more than once") }
                        result.rules.append(rule)
                    }
                }
            case "warnings":
                result.warningColumns = Set(value.sequence?.compactMap(\.scalarText) ?? [])
            default:
                problems.report(key, "unknown key '\(key.scalarText ?? "?")' (expected fixes, rules, warnings)")
            }
        }
        guard problems.isEmpty else { throw PipelineError(problems: problems.list) }
        return result
    }

    private static func columns(_ node: Node?) -> [String]?? {
        guard let node else { return .some(nil) }
        if node.scalarText == "all" { return .some(nil) }
        guard let list = node.sequence?.compactMap(\.scalarText), !list.isEmpty else { return nil }
        return .some(list)
    }

    private static func readFix(_ node: Node, problems: inout YAMLProblems) -> Fix? {
        guard let name = node["fix"]?.scalarText, let kind = Fix.Kind(rawValue: name) else {
            problems.report(node, "a fix needs fix: one of \(Fix.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        guard let columns = columns(node["columns"]) else {
            problems.report(node, "\(name): columns is all or a list of columns")
            return nil
        }
        var map: [(String, String)] = []
        if kind == .synonyms {
            for (variant, canonical) in node["map"]?.pairs ?? [] {
                guard let from = variant.scalarText, let to = canonical.scalarText else { continue }
                map.append((from, to))
            }
            if map.isEmpty { problems.report(node, "synonyms needs a map of variant: value") }
        }
        return Fix(kind, columns: columns, map: map)
    }

    private static func readRule(_ node: Node, problems: inout YAMLProblems) -> CrossFieldRule? {
        guard let name = node["name"]?.scalarText, !name.isEmpty else {
            problems.report(node, "a rule needs a name")
            return nil
        }
        var severity = Severity.error
        if let text = node["severity"]?.scalarText {
            guard let known = Severity(rawValue: text) else {
                problems.report(node["severity"], "\(name): severity is error or warning")
                return nil
            }
            severity = known
        }
        var condition: Condition?
        if let when = node["when"] {
            guard let column = when["column"]?.scalarText else {
                problems.report(when, "\(name): when needs a column")
                return nil
            }
            if let value = when["equals"] {
                condition = Condition(column: column, test: .equals(value.scalarText.map { [$0] } ?? value.sequence?.compactMap(\.scalarText) ?? []))
            } else if let bound = when["at_least"]?.scalarText.flatMap(Double.init) {
                condition = Condition(column: column, test: .atLeast(bound))
            } else if when["not_empty"]?.bool == true {
                condition = Condition(column: column, test: .notEmpty)
            } else {
                problems.report(when, "\(name): when needs equals, at_least or not_empty: true")
                return nil
            }
        }
        let kind: CrossFieldRule.Kind
        switch node["kind"]?.scalarText {
        case "date_order":
            guard let earlier = node["earlier"]?.scalarText, let later = node["later"]?.scalarText else {
                problems.report(node, "\(name): date_order needs earlier and later")
                return nil
            }
            kind = .dateOrder(earlier: earlier, later: later)
        case "requires":
            guard let column = node["column"]?.scalarText, condition != nil else {
                problems.report(node, "\(name): requires needs when and column")
                return nil
            }
            kind = .requires(column: column)
        case "allowed_values":
            guard let column = node["column"]?.scalarText, let values = node["values"]?.sequence?.compactMap(\.scalarText) else {
                problems.report(node, "\(name): allowed_values needs column and values")
                return nil
            }
            kind = .allowedValues(column: column, values: values)
        case "reference":
            guard let column = node["column"]?.scalarText, let source = node["in"]?.scalarText else {
                problems.report(node, "\(name): reference needs column and in (a name from the stage's references)")
                return nil
            }
            var filter: [(String, [String])] = []
            for (key, value) in node["where"]?.pairs ?? [] {
                guard let filterColumn = key.scalarText,
                      let values = value.scalarText.map({ [$0] }) ?? value.sequence?.compactMap(\.scalarText) else {
                    problems.report(key, "\(name): where maps a column to a value or a list of values")
                    continue
                }
                filter.append((filterColumn, values))
            }
            kind = .reference(column: column, source: source, key: node["key"]?.scalarText ?? column, filter: filter)
        default:
            problems.report(node, "\(name): kind is date_order, requires, allowed_values or reference")
            return nil
        }
        return CrossFieldRule(name: name, kind: kind, condition: condition, severity: severity)
    }
}

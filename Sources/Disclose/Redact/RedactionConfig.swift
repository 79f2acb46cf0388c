import Foundation
import Yams

/// What the redact stage is told by its config file (paths relative to that file):
///
/// ```yaml
/// name_columns: [complainant_name]        # layer a: names looked for again in the row's text
/// columns:                                # whole-column treatment of structured personal data
///   complainant_name: {type: PERSON, operator: pseudonymise}
///   complainant_phone: {type: PHONE, operator: mask, keep_last: 3}
///   complainant_postcode: {type: POSTCODE, operator: generalise}
/// scan_columns: [description, response_summary]   # default: every column not under columns
/// operators:                              # per type, for what the detectors find (default: replace)
///   PERSON: pseudonymise
///   PHONE: {operator: mask, keep_last: 4}
/// detectors:                              # user-defined: a type and a PCRE2 pattern
///   - {type: COUNCIL_TAX_ACCOUNT, pattern: '\b6\d{7}\b'}
/// names: {allow: [Lily Hobson], deny: [Smudge]}   # kept / always redacted
/// pseudonym_key: {env: DISCLOSE_PSEUDONYM_KEY}    # or {file: secrets/key}; never the key itself
/// as_of: 2024-03-31                       # the date dates of birth become age bands on
/// gazetteer: true                         # PERSON layer d: names from public lists, scored in context
/// ```
public struct RedactionConfig: Sendable {
    public struct ColumnRule: Sendable, Equatable {
        public let column: String
        public let type: String
        public let op: RedactionOperator
    }

    /// Where the pseudonym key comes from (the key itself is never in the pipeline or on the command line).
    public enum KeySource: Sendable, Equatable {
        case environment(String)
        case file(String)
    }

    public var nameColumns: [String] = []
    public var columnRules: [ColumnRule] = []
    /// The columns the detectors search; nil: every column without a column rule.
    public var scanColumns: [String]?
    public var typeOperators: [String: RedactionOperator] = [:]
    public var customDetectors: [PatternDetector] = []
    public var allowNames: [String] = []
    public var denyNames: [String] = []
    public var keySource: KeySource?
    public var asOf: CivilDate?
    /// PERSON layer d (the gazetteer of given names and surnames) on or off.
    public var gazetteer = true

    public init() {}

    /// The operator for spans of `type` found in text.
    func op(for type: String) -> RedactionOperator { typeOperators[type] ?? .replace }

    /// Whether any rule pseudonymises (then a key is required).
    var pseudonymises: Bool {
        columnRules.contains { $0.op == .pseudonymise } || typeOperators.values.contains(.pseudonymise)
    }

    /// Reads the key from where `keySource` says. A missing or short key stops the run before any row.
    func loadKey() throws(StageConfigurationError) -> [UInt8]? {
        guard pseudonymises, let keySource else { return nil }
        let bytes: [UInt8]
        switch keySource {
        case let .environment(name):
            guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
                throw StageConfigurationError(option: "config", "the pseudonym key variable \(name) is not set")
            }
            bytes = Array(value.utf8)
        case let .file(path):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw StageConfigurationError(option: "config", "cannot read the pseudonym key file \(path)")
            }
            bytes = Array(data).reversed().drop { $0 == 0x0A || $0 == 0x0D }.reversed()
        }
        guard bytes.count >= 16 else {
            throw StageConfigurationError(option: "config", "the pseudonym key must be at least 16 bytes")
        }
        return bytes
    }

    /// Reads and checks a config file; every problem is reported with its line.
    public static func load(path: String) throws(PipelineError) -> RedactionConfig {
        let file = try YAMLProblems.readMapping(path: path, what: "redact config", expected: keys)
        var problems = file.problems
        var config = RedactionConfig()
        for (key, value) in file.top {
            switch key.scalarText {
            case "name_columns":
                config.nameColumns = strings(value, "name_columns", &problems)
            case "scan_columns":
                config.scanColumns = strings(value, "scan_columns", &problems)
            case "columns":
                for (column, rule) in value.pairs {
                    guard let name = column.scalarText, let type = rule.mapping?["type"]?.scalarText, Self.isPlainName(type),
                          let op = operatorValue(rule, type: type, &problems) else {
                        problems.report(column, "each column takes {type: TYPE, operator: OPERATOR}")
                        continue
                    }
                    config.columnRules.append(ColumnRule(column: name, type: type, op: op))
                }
                if value.mapping == nil { problems.report(value, "columns maps column names to {type, operator}") }
            case "operators":
                for (type, rule) in value.pairs {
                    guard let name = type.scalarText, let op = operatorValue(rule, type: name, &problems) else { continue }
                    config.typeOperators[name] = op
                }
                if value.mapping == nil { problems.report(value, "operators maps types to an operator") }
            case "detectors":
                for item in value.items {
                    guard let type = item.mapping?["type"]?.scalarText, let pattern = item.mapping?["pattern"]?.scalarText else {
                        problems.report(item, "each detector takes {type: TYPE, pattern: REGEX}")
                        continue
                    }
                    let name = item.mapping?["name"]?.scalarText ?? type.lowercased()
                    guard Self.isPlainName(type), Self.isPlainName(name) else {
                        problems.report(item, "a detector's type and name are letters, digits and underscores")
                        continue
                    }
                    do {
                        config.customDetectors.append(PatternDetector(name: name, type: type, pattern: try PCRE2Pattern(pattern)))
                    } catch {
                        problems.report(item, "detector \(type): \(error)")
                    }
                }
                if value.sequence == nil { problems.report(value, "detectors is a list of {type, pattern}") }
            case "names":
                for (list, names) in value.pairs {
                    switch list.scalarText {
                    case "allow": config.allowNames = strings(names, "names.allow", &problems)
                    case "deny": config.denyNames = strings(names, "names.deny", &problems)
                    default: problems.report(list, "names takes allow and deny")
                    }
                }
            case "pseudonym_key":
                if let env = value.mapping?["env"]?.scalarText {
                    config.keySource = .environment(env)
                } else if let keyFile = value.mapping?["file"]?.scalarText {
                    config.keySource = .file(resolvedPath(keyFile, relativeTo: file.directory))
                } else {
                    problems.report(value, "pseudonym_key takes {env: NAME} or {file: PATH}, never the key itself")
                }
            case "gazetteer":
                if value.scalar != nil, let flag = value.bool { config.gazetteer = flag } else {
                    problems.report(value, "gazetteer must be true or false")
                }
            case "as_of":
                if let date = value.scalarText.flatMap(CivilDate.init(iso:)) { config.asOf = date } else {
                    problems.report(value, "as_of must be a date yyyy-mm-dd")
                }
            default:
                problems.report(key, "unknown key '\(key.scalarText ?? "?")' (expected \(keys))")
            }
        }
        guard problems.isEmpty else { throw PipelineError(problems: problems.list) }
        return config
    }

    /// Letters, digits and underscores: what a type or detector name may hold (the log writes them as they are).
    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == 0x5F }
    }

    private static let keys = "name_columns, columns, scan_columns, operators, detectors, names, gazetteer, pseudonym_key, as_of"

    private static func strings(_ node: Node, _ what: String, _ problems: inout YAMLProblems) -> [String] {
        guard let items = node.sequence?.compactMap(\.scalarText), items.count == node.sequence?.count else {
            problems.report(node, "\(what) must be a list of strings")
            return []
        }
        return items
    }

    /// `replace` or `{operator: mask, keep_last: 4}`; generalise only for the types it knows.
    private static func operatorValue(_ node: Node, type: String, _ problems: inout YAMLProblems) -> RedactionOperator? {
        let name = node.scalarText ?? node.mapping?["operator"]?.scalarText
        let op: RedactionOperator?
        switch name {
        case "replace": op = .replace
        case "mask": op = .mask(keepLast: node.mapping?["keep_last"]?.scalarText.flatMap(Int.init) ?? 0)
        case "pseudonymise": op = .pseudonymise
        case "generalise": op = .generalise
        case "drop": op = .drop
        case "keep": op = .keep
        default: op = nil
        }
        guard let op else {
            problems.report(node, "operator must be one of replace, mask, pseudonymise, generalise, drop, keep")
            return nil
        }
        if op == .generalise && !RedactionOperator.generalisable.contains(type) {
            problems.report(node, "generalise applies to POSTCODE and DATE_OF_BIRTH, not \(type)")
            return nil
        }
        return op
    }
}

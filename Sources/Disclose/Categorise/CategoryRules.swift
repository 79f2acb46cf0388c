import Yams

/// A versioned category list with the rules that put a case in a category and a service type
/// (`Pipelines/categories/*.yaml`). Categories are tried by priority, highest first; the first with
/// a keyword or pattern found in the searched columns wins, and the rule that fired is named.
///
/// ```yaml
/// version: "2024/25"
/// columns: [description]              # searched columns (default: description)
/// default: other                      # when nothing matches (optional)
/// categories:
///   - name: actions_of_staff
///     priority: 70
///     keywords: [rude, "shouted*", attitude]       # whole words, any case; word* matches word...
///     patterns: ['\bput the phone down\b']         # PCRE2, any case
///   - name: delay_in_service
///     priority: 20
///     keywords: [waiting, {keyword: "still has not", priority: 65}]   # a stronger phrase
/// service_types:
///   - name: missed_bin
///     service_areas: [Waste Management]            # optional scope (the service_area column)
///     keywords: [bin, collection]
/// ```
public struct CategoryRules: Sendable {
    public let version: String
    public let columns: [String]
    /// Every category name, in file order (the list an existing value is checked against).
    public let categories: [String]
    public let defaultCategory: String?
    let categoryMatcher: RuleMatcher
    private let serviceTypes: [(name: String, serviceAreas: Set<String>?, matcher: RuleMatcher)]

    /// The category for a case whose searched texts are `texts`, with the rule that fired, or the
    /// default (rule `default`); nil when there is no text to go on (no category is guessed).
    func category(in texts: [UnsafeRawBufferPointer]) -> (name: String, rule: String)? {
        guard texts.contains(where: { !$0.isEmpty }) else { return nil }
        if let hit = categoryMatcher.bestMatch(in: texts) { return hit }
        return defaultCategory.map { ($0, "default") }
    }

    /// The first service type whose scope holds `serviceArea` and whose rules match.
    func serviceType(in texts: [UnsafeRawBufferPointer], serviceArea: String) -> String? {
        let area = serviceArea.lowercased()
        for type in serviceTypes where type.serviceAreas?.contains(area) ?? true {
            if type.matcher.bestMatch(in: texts) != nil { return type.name }
        }
        return nil
    }

    /// Reads and checks a rules file; every problem is reported with its line.
    public static func load(path: String) throws(PipelineError) -> CategoryRules {
        let file = try YAMLProblems.readMapping(path: path, what: "category rules", expected: "version, columns, categories, service_types")
        let (root, top) = (file.root, file.top)
        var problems = file.problems
        for (key, _) in top where !["version", "columns", "default", "categories", "service_types"].contains(key.scalarText ?? "") {
            problems.report(key, "unknown key '\(key.scalarText ?? "?")' (expected version, columns, default, categories, service_types)")
        }
        let columns = top["columns"]?.sequence?.compactMap(\.scalarText) ?? ["description"]
        var categoryRules: [RuleMatcher.Rule] = []
        var names: [String] = []
        for entry in top["categories"]?.sequence ?? [] {
            guard let name = entry["name"]?.scalarText else {
                problems.report(entry, "a category needs a name")
                continue
            }
            names.append(name)
            let priority = entry["priority"]?.int ?? 0
            categoryRules += Self.rules(entry, name: name, priority: priority, problems: &problems)
        }
        if names.isEmpty { problems.report(root, "no categories") }
        let defaultCategory = top["default"]?.scalarText
        if let defaultCategory, !names.contains(defaultCategory) {
            problems.report(top["default"], "default '\(defaultCategory)' is not one of the categories")
        }
        var serviceTypes: [(String, Set<String>?, [RuleMatcher.Rule])] = []
        for entry in top["service_types"]?.sequence ?? [] {
            guard let name = entry["name"]?.scalarText else {
                problems.report(entry, "a service type needs a name")
                continue
            }
            let areas = entry["service_areas"]?.sequence.map { Set($0.compactMap { $0.scalarText?.lowercased() }) }
            serviceTypes.append((name, areas, Self.rules(entry, name: name, priority: 0, problems: &problems)))
        }
        guard problems.isEmpty else { throw PipelineError(problems: problems.list) }
        do {
            return CategoryRules(
                version: top["version"]?.scalarText ?? "", columns: columns, categories: names, defaultCategory: defaultCategory,
                categoryMatcher: try RuleMatcher(categoryRules),
                serviceTypes: try serviceTypes.map { ($0.0, $0.1, try RuleMatcher($0.2)) })
        } catch {
            problems.report(line: nil, "the rules do not compile together: \(error)")
            throw PipelineError(problems: problems.list)
        }
    }

    private static func rules(_ entry: Node, name: String, priority: Int, problems: inout YAMLProblems) -> [RuleMatcher.Rule] {
        var rules: [RuleMatcher.Rule] = []
        // An item is a string, or {keyword: ..., priority: N} / {pattern: ..., priority: N} for a
        // phrase that says more than the rest of its category.
        func item(_ node: Node, key: String) -> (text: String, priority: Int)? {
            if let text = node.scalarText { return text.isEmpty ? nil : (text, priority) }
            guard let text = node[key]?.scalarText, !text.isEmpty else {
                problems.report(node, "\(name): a \(key) is a string or {\(key): ..., priority: N}")
                return nil
            }
            return (text, node["priority"]?.int ?? priority)
        }
        for keyword in entry["keywords"]?.sequence ?? [] {
            guard let (word, wordPriority) = item(keyword, key: "keyword") else { continue }
            rules.append(RuleMatcher.Rule(label: name, priority: wordPriority, description: "\(name): '\(word)'",
                                          pattern: RuleMatcher.keywordPattern(word)))
        }
        for (index, patternNode) in (entry["patterns"]?.sequence ?? []).enumerated() {
            guard let (pattern, patternPriority) = item(patternNode, key: "pattern") else { continue }
            do {
                _ = try PCRE2Pattern(pattern, caseInsensitive: true)
                rules.append(RuleMatcher.Rule(label: name, priority: patternPriority, description: "\(name): pattern \(index + 1)", pattern: pattern))
            } catch {
                problems.report(patternNode, "\(name): \(error)")
            }
        }
        if rules.isEmpty { problems.report(entry, "\(name) has no keywords or patterns") }
        return rules
    }
}

/// Many rules scanned at once. Rules of one label and priority form a bucket; one PCRE2 pattern
/// holds every bucket as a capture group (highest priority first), so a text is scanned once with
/// few groups to copy per match. Only for the winning match is the bucket's own pattern asked which
/// of its rules fired.
struct RuleMatcher: Sendable {
    struct Rule: Sendable {
        let label: String
        let priority: Int
        /// How the rule is named in `category_rule`: its keyword as configured, or its pattern's
        /// number (a pattern's match could hold a person's name; the rule never shows matched text).
        let description: String
        let pattern: String
    }

    private struct Bucket: Sendable {
        let label: String
        let priority: Int
        let rules: [Rule]
        /// The bucket's rules, each a named group, to tell which one matched.
        let which: PCRE2Pattern
        /// Group number of this bucket in the combined pattern.
        var group = 0
    }

    private let buckets: [Bucket]
    let combined: PCRE2Pattern?

    init(_ rules: [Rule]) throws(RegexError) {
        var grouped: [(label: String, priority: Int, rules: [Rule])] = []
        for rule in rules {
            if let index = grouped.firstIndex(where: { $0.label == rule.label && $0.priority == rule.priority }) {
                grouped[index].rules.append(rule)
            } else {
                grouped.append((rule.label, rule.priority, [rule]))
            }
        }
        // Highest priority first, so that where two buckets match at one place the stronger wins;
        // the earlier in the file on a tie.
        grouped = grouped.enumerated().sorted { ($0.element.priority, -$0.offset) > ($1.element.priority, -$1.offset) }.map(\.element)
        var finished: [Bucket] = []
        for bucket in grouped {
            let which = try PCRE2Pattern(
                bucket.rules.enumerated().map { "(?<r\($0.offset)>\($0.element.pattern))" }.joined(separator: "|"), caseInsensitive: true)
            finished.append(Bucket(label: bucket.label, priority: bucket.priority, rules: bucket.rules, which: which))
        }
        combined = finished.isEmpty ? nil
            : try PCRE2Pattern(finished.enumerated().map { "(?<b\($0.offset)>(?:\($0.element.rules.map(\.pattern).joined(separator: "|"))))" }
                .joined(separator: "|"), caseInsensitive: true)
        for index in finished.indices { finished[index].group = combined?.groupNames["b\(index)"] ?? 0 }
        buckets = finished
    }

    /// A keyword as a pattern: whole words, any run of spaces between words, `stem*` for any ending.
    static func keywordPattern(_ keyword: String) -> String {
        var stem = keyword
        let open = stem.hasSuffix("*")
        if open { stem.removeLast() }
        let words = stem.split(separator: " ").map { word in
            word.map { character in "\\^$.|?*+()[]{}/".contains(character) ? "\\\(character)" : String(character) }.joined()
        }
        return "\\b" + words.joined(separator: "\\s+") + (open ? "\\w*" : "\\b")
    }

    /// The label of the highest-priority rule found in any text (the earlier in the file on a
    /// tie), and that rule's description.
    func bestMatch(in texts: [UnsafeRawBufferPointer]) -> (name: String, rule: String)? {
        guard let combined else { return nil }
        var best: (bucket: Int, text: Int, range: Range<Int>)?
        for (textIndex, text) in texts.enumerated() {
            // Overlapping: an early weak match must not hide a stronger one that shares its words.
            // A failed match (a PCRE2 resource limit) finds nothing here; the category is then the
            // default, which is a label, not a disclosure risk.
            try? combined.forEachMatch(in: text, overlapping: true) { match in
                for index in buckets.indices where match.range(ofGroup: buckets[index].group) != nil {
                    if best == nil || buckets[index].priority > buckets[best!.bucket].priority {
                        best = (index, textIndex, match.range)
                    }
                    break
                }
                return true
            }
        }
        guard let best else { return nil }
        let bucket = buckets[best.bucket]
        var rule = bucket.rules[0].description
        let matched = UnsafeRawBufferPointer(rebasing: texts[best.text][best.range])
        try? bucket.which.forEachMatch(in: matched) { match in
            if let index = bucket.rules.indices.first(where: { match.range(ofGroup: "r\($0)") != nil }) {
                rule = bucket.rules[index].description
            }
            return false
        }
        return (bucket.label, rule)
    }
}

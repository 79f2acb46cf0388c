import Yams

/// A versioned category list with the rules that put a case in a category and a service type
/// (`Pipelines/categories/*.yaml`). The searched columns are read in the order given, and the first
/// in which any rule matches decides (a request's subject says more than its description); within
/// it, the highest-priority rule found wins, and the rule that fired is named.
///
/// ```yaml
/// version: "2024/25"
/// columns: [description]              # searched columns, in order (default: description)
/// default: other                      # when nothing matches (optional)
/// categories:
///   - name: actions_of_staff
///     priority: 70
///     keywords: [rude, "shouted*", attitude]       # whole words, any case of A-Z; word* matches word...
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
    private let categoryMatcher: RuleMatcher
    private let serviceTypes: [(name: String, serviceAreas: Set<String>?, matcher: RuleMatcher)]

    /// The category for a case whose searched texts are `texts`, with the rule that fired, or the
    /// default (rule `default`), and the first service type whose scope holds `serviceArea` and
    /// whose rules match. No category is guessed for a case with no text, and none is looked for
    /// when `findCategory` is false (a category already in the data is kept).
    func classify(_ texts: [UnsafeRawBufferPointer], serviceArea: String, findCategory: Bool = true)
        -> (category: (name: String, rule: String)?, serviceType: String?) {
        guard findCategory || !serviceTypes.isEmpty, texts.contains(where: { !$0.isEmpty }) else { return (nil, nil) }
        let cut = texts.map { ($0, WordTokens.cut($0)) }
        func firstMatch(_ matcher: RuleMatcher) -> (name: String, rule: String)? {
            for (text, tokens) in cut where !text.isEmpty {
                if let found = matcher.bestMatch(in: text, tokens: tokens) { return found }
            }
            return nil
        }
        let category = findCategory ? firstMatch(categoryMatcher) ?? defaultCategory.map { ($0, "default") } : nil
        let area = serviceArea.lowercased()
        let serviceType = serviceTypes.first { $0.serviceAreas?.contains(area) ?? true && firstMatch($0.matcher) != nil }?.name
        return (category, serviceType)
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
        let defaultCategory = top["default"]?.scalarText
        var categoryRules: [RuleMatcher.Rule] = []
        var names: [String] = []
        for entry in top["categories"]?.sequence ?? [] {
            guard let name = entry["name"]?.scalarText else {
                problems.report(entry, "a category needs a name")
                continue
            }
            names.append(name)
            let priority = entry["priority"]?.int ?? 0
            categoryRules += Self.rules(entry, name: name, priority: priority, optional: name == defaultCategory, problems: &problems)
        }
        if names.isEmpty { problems.report(root, "no categories") }
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
            serviceTypes.append((name, areas, Self.rules(entry, name: name, priority: 0, optional: false, problems: &problems)))
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

    /// The rules of one category or service type; only the default category may have none.
    private static func rules(_ entry: Node, name: String, priority: Int, optional: Bool, problems: inout YAMLProblems) -> [RuleMatcher.Rule] {
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
            rules.append(RuleMatcher.Rule(label: name, priority: wordPriority, description: "\(name): '\(word)'", match: .keyword(word)))
        }
        for (index, patternNode) in (entry["patterns"]?.sequence ?? []).enumerated() {
            guard let (pattern, patternPriority) = item(patternNode, key: "pattern") else { continue }
            do {
                _ = try PCRE2Pattern(pattern, caseInsensitive: true)
                rules.append(RuleMatcher.Rule(label: name, priority: patternPriority, description: "\(name): pattern \(index + 1)", match: .pattern(pattern)))
            } catch {
                problems.report(patternNode, "\(name): \(error)")
            }
        }
        if rules.isEmpty && !optional { problems.report(entry, "\(name) has no keywords or patterns") }
        return rules
    }
}

/// Many rules checked against a text at once. Keywords are matched on words: each text is cut
/// into lowercased word tokens once and each token looked up by its hash, so the cost does not grow
/// with the number of keywords; only patterns run PCRE2. The highest-priority rule found wins (the
/// earlier in the file on a tie). Written by hand because no listed package matches many phrases
/// at once, and one PCRE2 alternation of hundreds of keywords costs several times a passthrough run.
struct RuleMatcher: Sendable {
    struct Rule: Sendable {
        let label: String
        let priority: Int
        /// How the rule is named in `category_rule`: its keyword as configured, or its pattern's
        /// number (a pattern's match could hold a person's name; the rule never shows matched text).
        let description: String
        let match: Match
    }

    enum Match: Sendable {
        /// Whole words in any (ASCII) case, any spacing between words; a final `*` matches any ending.
        case keyword(String)
        /// A PCRE2 pattern, any case.
        case pattern(String)
    }

    /// A keyword cut into tokens, the last one possibly a stem.
    private struct Phrase: Sendable {
        let rule: Int
        let tokens: [[UInt8]]
        let lastIsStem: Bool
    }

    private let rules: [Rule]
    /// Phrases by the hash of their first token (phrases whose only token is a stem are in `stems`).
    private let phrasesByFirstToken: [UInt64: [Phrase]]
    private let stems: [Phrase]
    private let patterns: [(rule: Int, regex: PCRE2Pattern)]

    init(_ rules: [Rule]) throws(RegexError) {
        self.rules = rules
        var byFirst: [UInt64: [Phrase]] = [:]
        var stems: [Phrase] = []
        var patterns: [(Int, PCRE2Pattern)] = []
        for (index, rule) in rules.enumerated() {
            switch rule.match {
            case let .keyword(word):
                var text = Array(word.lowercased().utf8)
                let stem = text.last == UInt8(ascii: "*")
                if stem { text.removeLast() }
                let tokens = text.withUnsafeBytes { WordTokens.cut($0).map { Array(text[$0.range]) } }
                guard !tokens.isEmpty else { continue }
                let phrase = Phrase(rule: index, tokens: tokens, lastIsStem: stem)
                if stem && tokens.count == 1 {
                    stems.append(phrase)
                } else {
                    byFirst[WordTokens.hash(tokens[0][...]), default: []].append(phrase)
                }
            case let .pattern(pattern):
                patterns.append((index, try PCRE2Pattern(pattern, caseInsensitive: true)))
            }
        }
        phrasesByFirstToken = byFirst
        self.stems = stems
        self.patterns = patterns
    }

    /// The label of the highest-priority rule found in the text (cut into `tokens`), and that rule's
    /// description.
    func bestMatch(in text: UnsafeRawBufferPointer, tokens: [WordTokens.Token]) -> (name: String, rule: String)? {
        var best: Int?
        func consider(_ index: Int) {
            guard let current = best else { best = index; return }
            if rules[index].priority > rules[current].priority || (rules[index].priority == rules[current].priority && index < current) {
                best = index
            }
        }
        for position in tokens.indices {
            let token = tokens[position]
            for phrase in phrasesByFirstToken[token.hash] ?? [] where matches(phrase, at: position, tokens, text) {
                consider(phrase.rule)
            }
            for stem in stems where WordTokens.equalLowercased(text, token.range, stem.tokens[0], prefix: true) {
                consider(stem.rule)
            }
        }
        // A failed match (a PCRE2 resource limit) finds nothing here; the category is then the
        // default, which is a label, not a disclosure risk.
        for (rule, regex) in patterns where best.map({ rules[rule].priority >= rules[$0].priority }) ?? true {
            var found = false
            try? regex.forEachMatch(in: text) { _ in
                found = true
                return false
            }
            if found { consider(rule) }
        }
        return best.map { (rules[$0].label, rules[$0].description) }
    }

    private func matches(_ phrase: Phrase, at position: Int, _ tokens: [WordTokens.Token], _ text: UnsafeRawBufferPointer) -> Bool {
        guard position + phrase.tokens.count <= tokens.count else { return false }
        for (offset, word) in phrase.tokens.enumerated() {
            let last = offset == phrase.tokens.count - 1
            guard WordTokens.equalLowercased(text, tokens[position + offset].range, word, prefix: last && phrase.lastIsStem) else { return false }
        }
        return true
    }
}

/// Cuts text into tokens the way a keyword's words are cut: runs of word characters (ASCII
/// letters, digits, `_`, and any non-ASCII byte), and each other non-space character alone.
enum WordTokens {
    struct Token {
        let range: Range<Int>
        /// FNV-1a of the lowercased bytes.
        let hash: UInt64
    }

    @inline(__always)
    static func isWordByte(_ byte: UInt8) -> Bool {
        byte >= 0x80 || (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x5F
    }

    @inline(__always)
    static func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }

    static func cut(_ text: UnsafeRawBufferPointer) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(text.count / 4)
        var index = 0
        while index < text.count {
            let byte = text[index]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                index += 1
                continue
            }
            let start = index
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            if isWordByte(byte) {
                while index < text.count && isWordByte(text[index]) {
                    hash = (hash ^ UInt64(lower(text[index]))) &* 0x100_0000_01B3
                    index += 1
                }
            } else {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3
                index += 1
            }
            tokens.append(Token(range: start..<index, hash: hash))
        }
        return tokens
    }

    static func hash(_ word: ArraySlice<UInt8>) -> UInt64 {
        word.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64(lower($1))) &* 0x100_0000_01B3 }
    }

    /// Whether the text's bytes in `range`, lowercased, equal `word` (or start with it, for a stem).
    static func equalLowercased(_ text: UnsafeRawBufferPointer, _ range: Range<Int>, _ word: [UInt8], prefix: Bool) -> Bool {
        guard prefix ? range.count >= word.count : range.count == word.count else { return false }
        for offset in 0..<word.count where lower(text[range.lowerBound + offset]) != word[offset] { return false }
        return true
    }
}

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
public final class CategoryRules: Sendable {
    public let version: String
    public let columns: [String]
    /// Every category name, in file order (the list an existing value is checked against).
    public let categories: [String]
    public let defaultCategory: String?
    /// Every category name's bytes, in file order (what the stage writes).
    let categoryBytes: FrozenStrings
    private let categoryMatcher: RuleMatcher
    /// Service types grouped by scope: for each area some scope names (lowercased), one matcher
    /// over the types whose scope holds it or that have none, ranked by file order so that its best
    /// match is the first such type that matches; `otherAreas` holds the types with no scope.
    private let serviceTypesByArea: [(area: [UInt8], matcher: RuleMatcher)]
    private let serviceTypesForOtherAreas: RuleMatcher?

    /// The category for a case whose searched texts are `texts`, with the rule that fired, or the
    /// default (rule `default`), and the service type: in the first text where the rules of any
    /// type whose scope holds `serviceArea` match, the first such type in file order. No category
    /// is guessed for a case with no text, and none is looked for when `findCategory` is false (a
    /// category already in the data is kept).
    func classify(_ texts: some Collection<UnsafeRawBufferPointer>, serviceArea: UnsafeRawBufferPointer, findCategory: Bool = true) -> (category: (name: String, rule: String)?, serviceType: String?) {
        let serviceMatcher = serviceTypesByArea.first {
            WordTokens.equalLowercased(serviceArea, 0..<serviceArea.count, $0.area)
        }?.matcher ?? serviceTypesForOtherAreas
        guard findCategory || serviceMatcher != nil, texts.contains(where: { !$0.isEmpty }) else { return (nil, nil) }
        // The first text in which a matcher finds anything decides for that matcher.
        var category: (name: String, rule: String)?, serviceType: String?
        var categoryDone = !findCategory, serviceDone = serviceMatcher == nil
        for text in texts where !text.isEmpty && !(categoryDone && serviceDone) {
            if !categoryDone, let found = categoryMatcher.bestMatch(in: text) {
                category = found
                categoryDone = true
            }
            if !serviceDone, let serviceMatcher, let found = serviceMatcher.bestMatch(in: text) {
                serviceType = found.name
                serviceDone = true
            }
        }
        if findCategory && category == nil { category = defaultCategory.map { ($0, "default") } }
        return (category, serviceType)
    }

    /// A class, so that a stage reading it once a row shares it rather than copying its arrays.
    private init(version: String, columns: [String], categories: [String], defaultCategory: String?,
                 categoryMatcher: RuleMatcher, serviceTypesByArea: [(area: [UInt8], matcher: RuleMatcher)],
                 serviceTypesForOtherAreas: RuleMatcher?) {
        self.version = version
        self.columns = columns
        self.categories = categories
        self.defaultCategory = defaultCategory
        categoryBytes = FrozenStrings(categories.map { Array($0.utf8) })
        self.categoryMatcher = categoryMatcher
        self.serviceTypesByArea = serviceTypesByArea
        self.serviceTypesForOtherAreas = serviceTypesForOtherAreas
    }

    deinit {
        categoryBytes.deallocate()
    }

    /// Where a category written in the data (its bytes) is on the list, if it is.
    func position(of value: UnsafeRawBufferPointer) -> Int? {
        guard !value.isEmpty else { return nil }
        return categoryBytes.firstIndex(of: value)
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
        var serviceTypes: [(String, [[UInt8]]?, [RuleMatcher.Rule])] = []
        for entry in top["service_types"]?.sequence ?? [] {
            guard let name = entry["name"]?.scalarText else {
                problems.report(entry, "a service type needs a name")
                continue
            }
            let areas = entry["service_areas"]?.sequence.map { $0.compactMap { $0.scalarText.map { Array($0.lowercased().utf8) } } }
            serviceTypes.append((name, areas, Self.rules(entry, name: name, priority: 0, optional: false, problems: &problems)))
        }
        guard problems.isEmpty else { throw PipelineError(problems: problems.list) }
        // Every area some scope names, in file order, then one ranked matcher per area.
        var areas: [[UInt8]] = []
        for (_, scope, _) in serviceTypes { for area in scope ?? [] where !areas.contains(area) { areas.append(area) } }
        func ranked(_ inScope: ([[UInt8]]?) -> Bool) -> [RuleMatcher.Rule] {
            serviceTypes.enumerated().flatMap { order, type in
                inScope(type.1) ? type.2.map { $0.ranked(serviceTypes.count - order) } : []
            }
        }
        do {
            let other = ranked { $0 == nil }
            return CategoryRules(
                version: top["version"]?.scalarText ?? "", columns: columns, categories: names, defaultCategory: defaultCategory,
                categoryMatcher: try RuleMatcher(categoryRules),
                serviceTypesByArea: try areas.map { area in (area, try RuleMatcher(ranked { $0?.contains(area) ?? true })) },
                serviceTypesForOtherAreas: other.isEmpty ? nil : try RuleMatcher(other))
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

/// Many rules checked against a text at once. Keywords are found in one pass over the text's bytes
/// by a `KeywordAutomaton`, so the cost does not grow with the number of keywords; only patterns
/// run PCRE2. The highest-priority rule found wins (the earlier in the file on a tie). Written by
/// hand because no listed package matches many phrases at once, and one PCRE2 alternation of
/// hundreds of keywords costs several times a passthrough run. A class, so that choosing a matcher
/// for a row shares its tables rather than copying them.
final class RuleMatcher: Sendable {
    struct Rule: Sendable {
        let label: String
        let priority: Int
        /// How the rule is named in `category_rule`: its keyword as configured, or its pattern's
        /// number (a pattern's match could hold a person's name; the rule never shows matched text).
        let description: String
        let match: Match

        /// The same rule at another priority.
        func ranked(_ priority: Int) -> Rule { Rule(label: label, priority: priority, description: description, match: match) }
    }

    enum Match: Sendable {
        /// Whole words in any (ASCII) case, any spacing between words; a final `*` matches any ending.
        case keyword(String)
        /// A PCRE2 pattern, any case.
        case pattern(String)
    }

    private let rules: [Rule]
    /// The rules from best to worst (priority, then file order): the automaton reports a rank.
    private let byRank: [Int]
    /// Built when a text is first searched: a run whose cases all keep their category never
    /// needs the category rules' automaton, the largest.
    private let keywords: BuiltOnFirstUse<KeywordAutomaton>
    private let patterns: [(rule: Int, regex: PCRE2Pattern)]

    init(_ rules: [Rule]) throws(RegexError) {
        self.rules = rules
        let byRank = rules.indices.sorted { (-rules[$0].priority, $0) < (-rules[$1].priority, $1) }
        var rank = [Int32](repeating: 0, count: rules.count)
        for (position, rule) in byRank.enumerated() { rank[rule] = Int32(position) }
        var keywords: [KeywordAutomaton.Keyword] = []
        var patterns: [(Int, PCRE2Pattern)] = []
        for (index, rule) in rules.enumerated() {
            switch rule.match {
            case let .keyword(word):
                var text = Array(word.lowercased().utf8)
                let stem = text.last == UInt8(ascii: "*")
                if stem { text.removeLast() }
                let cut = text.withUnsafeBytes { WordTokens.cut($0) }
                guard !cut.isEmpty else { continue }
                keywords.append(KeywordAutomaton.Keyword(tokens: cut.map { Array(text[$0.range]) }, lastIsStem: stem, rank: rank[index]))
            case let .pattern(pattern):
                patterns.append((index, try PCRE2Pattern(pattern, caseInsensitive: true)))
            }
        }
        self.byRank = byRank
        let keywordList = keywords
        self.keywords = BuiltOnFirstUse { KeywordAutomaton(keywordList) }
        self.patterns = patterns
    }

    /// The label of the highest-priority rule found in the text, and that rule's description.
    func bestMatch(in text: UnsafeRawBufferPointer) -> (name: String, rule: String)? {
        let rank = keywords.value.bestRank(in: text)
        var best = rank == Int32.max ? nil : byRank[Int(rank)]
        // A failed match (a PCRE2 resource limit) finds nothing here; the category is then the
        // default, which is a label, not a disclosure risk.
        for (rule, regex) in patterns where best.map({ rules[rule].priority >= rules[$0].priority }) ?? true {
            var found = false
            try? regex.forEachMatch(in: text) { _ in
                found = true
                return false
            }
            guard found else { continue }
            if let current = best, rules[rule].priority < rules[current].priority
                || (rules[rule].priority == rules[current].priority && rule > current) { continue }
            best = rule
        }
        return best.map { (rules[$0].label, rules[$0].description) }
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

    /// 0 for a space (tab, CR, LF, space), 1 for a byte of a word, 2 for any other character.
    static func kind(of byte: UInt8) -> UInt8 { classes[Int(byte)] }

    /// Per byte: 0 space (tab, CR, LF, space), 1 word byte, 2 any other character.
    private static let classes: [UInt8] = (0...255).map { (byte: Int) -> UInt8 in
        if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { return 0 }
        let lower = byte | 0x20
        return byte >= 0x80 || (0x30...0x39).contains(byte) || (0x61...0x7A).contains(lower) || byte == 0x5F ? 1 : 2
    }

    @inline(__always)
    static func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }

    /// FNV-1a, over lowercased bytes: how a token's `hash` is made, and what every word list looked
    /// up by token hash (the gazetteer, trigger words) must be hashed with.
    static let hashSeed: UInt64 = 0xCBF2_9CE4_8422_2325
    static let hashPrime: UInt64 = 0x100_0000_01B3

    /// The hash a word token of these bytes gets.
    static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash = hashSeed
        for byte in bytes { hash = (hash ^ UInt64(lower(byte))) &* hashPrime }
        return hash
    }

    /// Room for one text's tokens, reused from text to text.
    final class Scratch {
        fileprivate var tokens: UnsafeMutablePointer<Token>
        fileprivate var capacity: Int

        init(capacity: Int = 256) {
            self.capacity = capacity
            tokens = .allocate(capacity: capacity)
        }

        deinit { tokens.deallocate() }

        /// Room for `count` tokens (the old ones are not kept).
        fileprivate func reserve(_ count: Int) {
            guard count > capacity else { return }
            tokens.deallocate()
            capacity = max(count, capacity * 2)
            tokens = .allocate(capacity: capacity)
        }
    }

    /// The tokens of `text`, written into `scratch` (valid until its next use).
    static func cut(_ text: UnsafeRawBufferPointer, into scratch: Scratch) -> UnsafeBufferPointer<Token> {
        // A text of n bytes has at most n tokens.
        scratch.reserve(text.count)
        let tokens = scratch.tokens
        var made = 0
        classes.withUnsafeBufferPointer { classes in
            var index = 0
            let count = text.count
            while index < count {
                let kind = classes[Int(text[index])]
                if kind == 0 {
                    index += 1
                    continue
                }
                let start = index
                var hash = hashSeed
                if kind == 1 {
                    repeat {
                        hash = (hash ^ UInt64(lower(text[index]))) &* hashPrime
                        index += 1
                    } while index < count && classes[Int(text[index])] == 1
                } else {
                    hash = (hash ^ UInt64(text[index])) &* hashPrime
                    index += 1
                }
                (tokens + made).initialize(to: Token(range: start..<index, hash: hash))
                made += 1
            }
        }
        return UnsafeBufferPointer(start: tokens, count: made)
    }

    /// The tokens of `text` as an array (building rules; not the hot path).
    static func cut(_ text: UnsafeRawBufferPointer) -> [Token] {
        let scratch = Scratch(capacity: max(text.count, 1))
        return withExtendedLifetime(scratch) { Array(cut(text, into: scratch)) }
    }

    /// Whether the text's bytes in `range`, lowercased, equal `word` (lowercase bytes). Takes the
    /// whole array, not a slice, so that the hot path does not retain its storage for each comparison.
    @inline(__always)
    static func equalLowercased(_ text: UnsafeRawBufferPointer, _ range: Range<Int>, _ word: [UInt8]) -> Bool {
        guard range.count == word.count else { return false }
        var position = range.lowerBound
        for byte in word {
            if lower(text[position]) != byte { return false }
            position += 1
        }
        return true
    }

}

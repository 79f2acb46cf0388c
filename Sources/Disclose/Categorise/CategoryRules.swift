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
    /// The default category's place in `categories`.
    private let defaultPosition: Int?
    /// Every category name's bytes, in file order (what the stage writes), and for lookup.
    let categoryBytes: FrozenStrings
    private let categoryTable: EnumValueTable
    private let categoryMatcher: RuleMatcher
    /// The service-type matchers: one per distinct set of types in scope, over those types ranked
    /// by file order so that its best match is the first such type that matches.
    private let serviceMatchers: [RuleMatcher]
    /// For each area some scope names (lowercased), its matcher in `serviceMatchers`; other areas
    /// use `otherAreasMatcher` (the types with no scope), if there is one.
    private let serviceMatcherByArea: [(area: [UInt8], matcher: Int)]
    private let otherAreasMatcher: Int?
    /// The areas as the scopes spell them, for the usual field that spells an area the same way
    /// (looked up at once, not compared with each area in any case), and their matchers.
    private let spelledAreas: EnumValueTable
    private let matcherOfSpelledArea: [Int]

    /// What the rules found for one case, as places in the rules, so that a batch's findings hold
    /// nothing reference-counted. Read them with `category(_:)` and `serviceType(_:)`.
    struct Classification {
        /// A rule of the category matcher; `none`, or `byDefault` for the default category.
        var categoryRule: Int32 = none
        /// A service-type matcher and its rule; `none` when no type was found.
        var serviceMatcher: Int32 = none
        var serviceRule: Int32 = none

        static let none: Int32 = -1
        static let byDefault: Int32 = -2
    }

    /// Classifies a batch of cases. Case `i`'s searched texts, in `columns` order, then its service
    /// area are `fields[i * stride ..< (i + 1) * stride]` (`stride` = `columns.count + 1`). Its
    /// category is looked for only where `findCategory[i]` (a category already in the data is
    /// kept): in the first text where a category rule matches, the highest-priority rule found,
    /// else the default; its service type likewise among the types whose scope holds its area. A
    /// case with no text gets neither. Each matcher reads its cases one after another, so that
    /// its tables stay in cache from case to case.
    func classify(_ fields: UnsafeBufferPointer<UnsafeRawBufferPointer>, findCategory: [Bool]) -> [Classification] {
        let stride = columns.count + 1, cases = findCategory.count
        precondition(fields.count == cases * stride, "\(stride) fields per case")
        var found = [Classification](repeating: Classification(), count: cases)
        // The first text in which a matcher finds anything decides for that matcher.
        func firstMatch(_ matcher: RuleMatcher, case index: Int) -> Int32? {
            for text in fields[index * stride ..< index * stride + columns.count] where !text.isEmpty {
                if let rule = matcher.bestMatch(in: text) { return rule }
            }
            return nil
        }
        func hasText(_ index: Int) -> Bool {
            fields[index * stride ..< index * stride + columns.count].contains { !$0.isEmpty }
        }
        let defaultRule = defaultCategory == nil ? Classification.none : Classification.byDefault
        for index in 0..<cases where findCategory[index] && hasText(index) {
            found[index].categoryRule = firstMatch(categoryMatcher, case: index) ?? defaultRule
        }
        guard !serviceMatchers.isEmpty else { return found }
        let matcherOf = (0..<cases).map { index -> Int in
            let area = fields[index * stride + columns.count]
            if let spelled = spelledAreas.index(of: area) { return matcherOfSpelledArea[spelled] }
            return serviceMatcherByArea.first { WordTokens.equalLowercased(area, 0..<area.count, $0.area) }?.matcher ?? otherAreasMatcher ?? -1
        }
        // The cases of each matcher, in order, matcher after matcher (a counting sort), so that
        // each matcher reads only its own cases.
        var starts = [Int](repeating: 0, count: serviceMatchers.count + 1)
        for matcher in matcherOf where matcher >= 0 { starts[matcher + 1] += 1 }
        for position in serviceMatchers.indices { starts[position + 1] += starts[position] }
        var next = starts, byMatcher = [Int](repeating: 0, count: starts[serviceMatchers.count])
        for (index, matcher) in matcherOf.enumerated() where matcher >= 0 {
            byMatcher[next[matcher]] = index
            next[matcher] += 1
        }
        for (position, matcher) in serviceMatchers.enumerated() {
            for index in byMatcher[starts[position]..<starts[position + 1]] {
                guard let rule = firstMatch(matcher, case: index) else { continue }
                found[index].serviceMatcher = Int32(position)
                found[index].serviceRule = rule
            }
        }
        return found
    }

    /// The category found and the rule that fired (its description, or `default`), if any.
    func category(_ found: Classification) -> (name: UnsafeRawBufferPointer, rule: UnsafeRawBufferPointer)? {
        switch found.categoryRule {
        case Classification.none: return nil
        case Classification.byDefault: return (categoryBytes[defaultPosition!], Self.defaultRule.rawBytes)
        case let rule: return (categoryMatcher.label(rule), categoryMatcher.description(rule))
        }
    }

    /// The service type found, if any.
    func serviceType(_ found: Classification) -> UnsafeRawBufferPointer? {
        found.serviceMatcher == Classification.none ? nil : serviceMatchers[Int(found.serviceMatcher)].label(found.serviceRule)
    }

    /// `category_rule` of a default category.
    private static let defaultRule: StaticString = "default"

    /// A class, so that a stage reading it once a row shares it rather than copying its arrays.
    private init(version: String, columns: [String], categories: [String], defaultCategory: String?,
                 categoryMatcher: RuleMatcher, serviceMatchers: [RuleMatcher], serviceMatcherByArea: [(area: [UInt8], matcher: Int)],
                 otherAreasMatcher: Int?, spelledAreas: [String]) {
        self.version = version
        self.columns = columns
        self.categories = categories
        self.defaultCategory = defaultCategory
        defaultPosition = defaultCategory.flatMap { categories.firstIndex(of: $0) }
        categoryBytes = FrozenStrings(categories.map { Array($0.utf8) })
        categoryTable = EnumValueTable(categories.map { Array($0.utf8) })
        self.categoryMatcher = categoryMatcher
        self.serviceMatchers = serviceMatchers
        self.serviceMatcherByArea = serviceMatcherByArea
        self.otherAreasMatcher = otherAreasMatcher
        self.spelledAreas = EnumValueTable(spelledAreas.map { Array($0.utf8) })
        matcherOfSpelledArea = spelledAreas.map { spelled in serviceMatcherByArea.first { $0.area == Array(spelled.lowercased().utf8) }!.matcher }
    }

    deinit {
        categoryBytes.deallocate()
        categoryTable.deallocate()
        spelledAreas.deallocate()
    }

    /// Where a category written in the data (its bytes) is on the list, if it is.
    func position(of value: UnsafeRawBufferPointer) -> Int? {
        guard !value.isEmpty else { return nil }
        return categoryTable.index(of: value)
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
        for entry in top["categories"]?.items ?? [] {
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
        var spelledAreas: [String] = []
        for entry in top["service_types"]?.items ?? [] {
            guard let name = entry["name"]?.scalarText else {
                problems.report(entry, "a service type needs a name")
                continue
            }
            let spelled = entry["service_areas"]?.sequence.map { $0.compactMap(\.scalarText) }
            for area in spelled ?? [] where !spelledAreas.contains(area) { spelledAreas.append(area) }
            let areas = spelled?.map { Array($0.lowercased().utf8) }
            serviceTypes.append((name, areas, Self.rules(entry, name: name, priority: 0, optional: false, problems: &problems)))
        }
        guard problems.isEmpty else { throw PipelineError(problems: problems.list) }
        // Every area some scope names, in file order; areas whose scopes hold the same types share
        // one matcher, ranked by file order.
        var areas: [[UInt8]] = []
        for (_, scope, _) in serviceTypes { for area in scope ?? [] where !areas.contains(area) { areas.append(area) } }
        func inScope(_ area: [UInt8]?) -> [Int] {
            serviceTypes.indices.filter { type in area.map { serviceTypes[type].1?.contains($0) ?? true } ?? (serviceTypes[type].1 == nil) }
        }
        var typeSets: [[Int]] = []
        func matcher(_ types: [Int]) -> Int {
            if let existing = typeSets.firstIndex(of: types) { return existing }
            typeSets.append(types)
            return typeSets.count - 1
        }
        let matcherByArea = areas.map { ($0, matcher(inScope($0))) }
        let others = inScope(nil)
        let otherAreasMatcher = others.isEmpty ? nil : matcher(others)
        do {
            return CategoryRules(
                version: top["version"]?.scalarText ?? "", columns: columns, categories: names, defaultCategory: defaultCategory,
                categoryMatcher: try RuleMatcher(categoryRules),
                serviceMatchers: try typeSets.map { types throws(RegexError) in
                    try RuleMatcher(types.flatMap { type in serviceTypes[type].2.map { $0.ranked(serviceTypes.count - type) } }, onlyLabelsMatter: true)
                },
                serviceMatcherByArea: matcherByArea, otherAreasMatcher: otherAreasMatcher, spelledAreas: spelledAreas)
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
        for keyword in entry["keywords"]?.items ?? [] {
            guard let (word, wordPriority) = item(keyword, key: "keyword") else { continue }
            rules.append(RuleMatcher.Rule(label: name, priority: wordPriority, description: "\(name): '\(word)'", match: .keyword(word)))
        }
        for (index, patternNode) in (entry["patterns"]?.items ?? []).enumerated() {
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
    /// Each rule's label and description, read by the stage with no retain or release.
    private let labels: FrozenStrings
    private let descriptions: FrozenStrings

    /// `onlyLabelsMatter`: the caller reads only the label of the rule found (a service type), so
    /// rules of one label that follow each other in rank order share the first one's rank: the
    /// best rule found is then the first of the same run, so of the same label, and a text is read
    /// no further once any keyword of the best label is found.
    init(_ rules: [Rule], onlyLabelsMatter: Bool = false) throws(RegexError) {
        self.rules = rules
        let byRank = rules.indices.sorted { (-rules[$0].priority, $0) < (-rules[$1].priority, $1) }
        var rank = [Int32](repeating: 0, count: rules.count)
        var runStart = 0
        for (position, rule) in byRank.enumerated() {
            if !onlyLabelsMatter || position == 0 || rules[rule].label != rules[byRank[position - 1]].label { runStart = position }
            rank[rule] = Int32(runStart)
        }
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
        labels = FrozenStrings(rules.map { Array($0.label.utf8) })
        descriptions = FrozenStrings(rules.map { Array($0.description.utf8) })
    }

    deinit {
        labels.deallocate()
        descriptions.deallocate()
    }

    /// The highest-priority rule found in the text (its place in the rules), if any.
    func bestMatch(in text: UnsafeRawBufferPointer) -> Int32? {
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
        return best.map { Int32($0) }
    }

    /// A rule's label (the category or service type it gives).
    func label(_ rule: Int32) -> UnsafeRawBufferPointer { labels[Int(rule)] }

    /// How a rule is named in `category_rule`.
    func description(_ rule: Int32) -> UnsafeRawBufferPointer { descriptions[Int(rule)] }
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

import Foundation
import Testing
@testable import Disclose

/// The shipped category rules against 304 hand-labelled complaint descriptions
/// (Fixtures/categories, labelled before the rules were written).
struct CategoryRulesTests {
    static let rules = try! CategoryRules.load(path: repositoryRoot.appendingPathComponent("Pipelines/categories/2024.yaml").path)

    private static func categorise(_ text: String, area: String) -> (category: String?, serviceType: String?) {
        let result = classify(text, area: area)
        return (result.category?.name, result.serviceType)
    }

    private static func classify(_ text: String, area: String) -> (category: (name: String, rule: String)?, serviceType: String?) {
        classify([(text, area)])[0]
    }

    /// Several cases classified as one batch, as the stage does; `findCategory` says for which
    /// the category is looked for (all by default).
    private static func classify(_ cases: [(text: String, area: String)], findCategory: [Bool]? = nil)
        -> [(category: (name: String, rule: String)?, serviceType: String?)] {
        var bytes: [UInt8] = [], ranges: [Range<Int>] = []
        for field in cases.flatMap({ [$0.text, $0.area] }) {
            let start = bytes.count
            bytes += Array(field.utf8)
            ranges.append(start..<bytes.count)
        }
        return bytes.withUnsafeBytes { all in
            let fields = ranges.map { UnsafeRawBufferPointer(rebasing: all[$0]) }
            let found = fields.withUnsafeBufferPointer {
                rules.classify($0, findCategory: findCategory ?? Array(repeating: true, count: cases.count))
            }
            func text(_ bytes: UnsafeRawBufferPointer) -> String { String(decoding: bytes, as: UTF8.self) }
            return found.map { found in
                (rules.category(found).map { (text($0.name), text($0.rule)) }, rules.serviceType(found).map(text))
            }
        }
    }

    @Test func agreeWithHandLabelsOnAtLeastNinetyPercentOfDescriptions() throws {
        let labelled = try read(fixture("categories/labelled-complaints.csv"))
        let column = { (name: String) in labelled.columns.firstIndex(of: name)! }
        var confusion: [String: [String: Int]] = [:]
        var agreed = 0, typesAgreed = 0
        for record in labelled.records {
            let fields = record.fields
            let (category, serviceType) = Self.categorise(fields[column("description")], area: fields[column("service_area")])
            let label = fields[column("label_category")]
            confusion[label, default: [:]][category ?? "", default: 0] += 1
            if category == label { agreed += 1 }
            if (serviceType ?? "") == fields[column("label_service_type")] { typesAgreed += 1 }
        }
        let total = labelled.records.count
        #expect(total == 304)
        let names = Self.rules.categories
        var table = "labelled \\ rules      " + names.map { String($0.prefix(8)) }.joined(separator: " ") + "\n"
        for label in names {
            table += label.padding(toLength: 20, withPad: " ", startingAt: 0)
                + names.map { String(confusion[label]?[$0] ?? 0).padding(toLength: 8, withPad: " ", startingAt: 0) }.joined(separator: " ") + "\n"
        }
        print("category agreement \(agreed)/\(total) (\(agreed * 100 / total)%), service type \(typesAgreed)/\(total)\n" + table)
        #expect(agreed * 100 >= total * 90, "category agreement \(agreed) of \(total)")
    }

    @Test(arguments: [
        ("The bin man was rude to my mother.", "Waste Management", "actions_of_staff", "missed_bin"),
        ("Our garden waste was not collected.", "Waste Management", "lack_of_service", "garden_bin"),
        ("I disagree with the decision to close the library.", "Libraries and Registrars", "policy_or_decision", nil),
        ("Nobody has replied to my emails.", "Customer Services", "lack_of_service", nil),
        ("Is there a bus to the tip?", "Waste Management", "other", nil),
        // A service type's scope is matched in any case; a type scoped to two areas serves both;
        // the same words in an area no type covers give no service type.
        ("The carer did not turn up to the placement.", "children's social care", "lack_of_service", "care_outcomes"),
        ("The carer did not turn up to the placement.", "Adult Social Care", "lack_of_service", "care_outcomes"),
        ("Our garden waste was not collected.", "HOUSING REPAIRS", "lack_of_service", nil),
    ] as [(String, String, String, String?)])
    func theHighestPriorityRuleThatMatchesWins(text: String, area: String, category: String, serviceType: String?) {
        let result = Self.categorise(text, area: area)
        #expect(result.category == category)
        #expect(result.serviceType == serviceType)
    }

    @Test func theRuleThatFiredIsNamedNeverTheMatchedText() {
        let rule = Self.classify("Mr Smith shouted at me", area: "").category?.rule
        #expect(rule == "actions_of_staff: 'shouted'")
    }
}

extension CategoryRulesTests {
    @Test func aCaseWithNoTextGetsNoCategory() {
        #expect(Self.classify("", area: "Waste Management").category == nil)
        #expect(Self.classify("Something else entirely", area: "").category?.rule == "default")
    }
}

extension CategoryRulesTests {
    /// A batch is read matcher by matcher, not case by case: every case of the labelled fixture,
    /// in one batch, gets what it gets alone, and a case whose category is kept gets its service
    /// type and no category.
    @Test func aBatchClassifiesEachCaseAsItWouldAlone() throws {
        let labelled = try read(fixture("categories/labelled-complaints.csv"))
        let column = { (name: String) in labelled.columns.firstIndex(of: name)! }
        let cases = labelled.records.map { (text: $0.fields[column("description")], area: $0.fields[column("service_area")]) }
        let findCategory = cases.indices.map { $0 % 3 != 0 }
        let batch = Self.classify(cases, findCategory: findCategory)
        var typed = 0
        for (index, found) in batch.enumerated() {
            let alone = Self.classify(cases[index].text, area: cases[index].area)
            #expect(found.category?.name == (findCategory[index] ? alone.category?.name : nil), "case \(index)")
            #expect(found.category?.rule == (findCategory[index] ? alone.category?.rule : nil), "case \(index)")
            #expect(found.serviceType == alone.serviceType, "case \(index)")
            if found.serviceType != nil { typed += 1 }
        }
        // The fixture's cases span several scoped matchers.
        #expect(Set(batch.compactMap(\.serviceType)).count >= 6 && typed >= 100)
    }
}

extension CategoryRulesTests {
    private static func rule(_ label: String, _ priority: Int, _ match: RuleMatcher.Match) -> RuleMatcher.Rule {
        RuleMatcher.Rule(label: label, priority: priority, description: "\(label) \(match)", match: match)
    }

    private static func labels(_ matcher: RuleMatcher, _ texts: [String]) -> [String?] {
        texts.map { text in
            Array(text.utf8).withUnsafeBytes { bytes in
                matcher.bestMatch(in: bytes).map { String(decoding: matcher.label($0), as: UTF8.self) }
            }
        }
    }

    /// A matcher whose caller reads only labels stops at any keyword of the best label, and
    /// finds the label a matcher ranking every rule finds, also where one label's rules lie apart
    /// in rank order.
    @Test(arguments: [
        // Service types: each label's rules share its priority.
        [rule("garden", 3, .keyword("garden")), rule("garden", 3, .keyword("brown bin")),
         rule("missed", 2, .keyword("bin")), rule("missed", 2, .keyword("crew*")), rule("missed", 2, .pattern(#"\blorr(y|ies)\b"#)),
         rule("other", 1, .keyword("late"))],
        // A label's rules apart in rank order: `missed` at 5 and 1 around `garden` at 3.
        [rule("missed", 5, .keyword("crew")), rule("garden", 3, .keyword("garden")), rule("garden", 3, .keyword("bin")),
         rule("missed", 1, .keyword("lorry"))],
    ])
    func readingOnlyLabelsFindsTheSameLabels(rules: [RuleMatcher.Rule]) throws {
        let words = ["the", "garden", "brown", "bin", "crews", "crew", "lorry", "lorries", "late", "was", "Bin", "GARDEN"]
        var generator = SeededRandom(seed: 7)
        let texts = (0..<2_000).map { _ in (0..<Int.random(in: 0...12, using: &generator)).map { _ in words.randomElement(using: &generator)! }.joined(separator: " ") }
        let ranked = try RuleMatcher(rules), byLabel = try RuleMatcher(rules, onlyLabelsMatter: true)
        let differing = zip(Self.labels(byLabel, texts), Self.labels(ranked, texts)).filter { $0 != $1 }.count
        #expect(differing == 0, "labels differ on \(differing) of \(texts.count) texts")
        #expect(Self.labels(byLabel, ["late and a brown bin", "crew came late", "was late"]) == ["garden", "missed", rules.count == 6 ? "other" : nil])
    }
}

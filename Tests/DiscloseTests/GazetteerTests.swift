import Foundation
import Testing
@testable import Disclose

/// PERSON layer d (the gazetteer scored in context) and the contact-verb cue, through the whole
/// redactor with every other layer on: what is replaced, and the traps that must be kept.
struct GazetteerTests {
    private func redacted(_ text: String, names: [String] = []) throws -> String {
        let redactor = try Redactor(config: RedactionConfig(), key: nil)
        var known = KnownNames()
        for name in names { Array(name.utf8).withUnsafeBytes { known.add($0) } }
        var out: [UInt8] = []
        var replacements: [Redactor.Replacement] = []
        try Array(text.utf8).withUnsafeBytes { try redactor.redact($0, known: known, into: &out, replacements: &replacements) }
        return String(decoding: out, as: UTF8.self)
    }

    @Test(arguments: [
        ("I rang to report it and Sadia promised a collection.", "I rang to report it and [PERSON] promised a collection."),
        ("Response by Siobhan McDonagh.", "Response by [PERSON]."),
        ("Dawn Harron spoke with the family.", "[PERSON] spoke with the family."),
        ("Charlotte Steele, Service Manager, has investigated.", "[PERSON], Service Manager, has investigated."),
        ("Ring Evie on Monday.", "Ring [PERSON] on Monday."),
        ("Letter sent to Mark Mason today.", "Letter sent to [PERSON] today."),
        ("I sent everything to Mark and heard nothing.", "I sent everything to [PERSON] and heard nothing."),
        ("Dear Ruby, thank you for your letter.", "Dear [PERSON], thank you for your letter."),
        ("Hope will chase the contractor.", "[PERSON] will chase the contractor."),
        ("I spoke to Renée Khan yesterday.", "I spoke to [PERSON] yesterday."),
        ("Copied to J. Smith and Łukasz Nowak.", "Copied to [PERSON] and [PERSON]."),
        ("Assistant Chief Executive Sarah Jones replied.", "Assistant Chief Executive [PERSON] replied."),
        ("EVIE HIRST WROTE AGAIN", "[PERSON] WROTE AGAIN"),
        ("spoke to marcia on the phone", "spoke to [PERSON] on the phone"),
        ("Left voicemail for imran again.", "Left voicemail for [PERSON] again."),
        ("May Hussain spoke with Mr Harron.", "[PERSON] spoke with Mr [PERSON]."),
    ])
    func namesAreFound(text: String, expected: String) throws {
        #expect(try redacted(text) == expected)
    }

    @Test(arguments: [
        "Hope Street car park is closed until June.",
        "Victoria Park was closed for the festival.",
        "Rose Hill cemetery gates were locked.",
        "St Leger week parking was chaos.",
        "Potholes were repaired on Queen's Road and Victoria Terrace.",
        "Children and Young People's Services replied on 9th Jan 2024.",
        "The SAR went to the IP team on Monday.",
        "Will the council pay for the damage?",
        "The Brown bin was missed again.",
        "Sky-high rents in Leeds; Summer holidays make collections late.",
        "I support Rotherham United and live near Sheffield.",
        "spoke to the manager about the bins",
        "In May Rotherham Council changed the collection day.",
        "The May Day bank holiday delayed the collection.",
    ])
    func trapsAreKept(text: String) throws {
        #expect(try redacted(text) == text)
    }

    /// Layer a takes an ordinary word from a known name only where it is used as a name.
    @Test func aKnownNameThatIsAlsoAWordIsTakenOnlyAsAName() throws {
        #expect(try redacted("Green bins are collected on Friday. Mrs Green called.", names: ["Amy Green"])
            == "Green bins are collected on Friday. Mrs [PERSON] called.")
    }

    @Test func theGazetteerTellsGivenNamesSurnamesWordsAndPlaces() {
        let gazetteer = Gazetteer.shipped
        #expect(gazetteer.flags(WordTokens.hash("sadia".utf8)).contains(.given))
        #expect(gazetteer.flags(WordTokens.hash("hussain".utf8)).contains(.surname))
        #expect(gazetteer.flags(WordTokens.hash("Mark".utf8)).isSuperset(of: [.given, .word]))
        #expect(gazetteer.flags(WordTokens.hash("rotherham".utf8)).contains(.place))
        #expect(!gazetteer.flags(WordTokens.hash("people".utf8)).contains(.surname))
    }
}

/// `disclose eval-redaction`'s scoring on a corpus small enough to count by hand.
struct RedactionEvaluationTests {
    @Test func scoresCountFoundSpansByCoverageAndRightSpansByOverlap() throws {
        let corpus = """
            {"id":"a","text":"Call 07700 900123 or email ann@example.org.","names":[],"spans":[{"start":5,"end":17,"type":"PHONE"},{"start":27,"end":42,"type":"EMAIL"}]}
            {"id":"b","text":"Mr Hirst and Ms Q. Zxqv","names":[],"spans":[{"start":3,"end":8,"type":"PERSON"},{"start":16,"end":23,"type":"PERSON"}]}
            {"id":"c","text":"Rotherham deserves better.","names":[],"spans":[]}
            """
        let path = temporaryFile(Array(corpus.utf8), name: "gold.jsonl")
        let records = try RedactionEvaluation.readCorpus(path: path)
        let (predicted, _) = try RedactionEvaluation.predictAll(records, config: RedactionConfig())
        let (types, _) = RedactionEvaluation.score(predicted)
        let byType = Dictionary(uniqueKeysWithValues: types.map { ($0.type, $0) })
        #expect(byType["PHONE"].map { [$0.gold, $0.found, $0.predicted, $0.correct] } == [1, 1, 1, 1])
        #expect(byType["EMAIL"].map { [$0.gold, $0.found, $0.predicted, $0.correct] } == [1, 1, 1, 1])
        // "Q. Zxqv": the title layer finds it; "Hirst" too.
        #expect(byType["PERSON"].map { [$0.gold, $0.found, $0.predicted, $0.correct] } == [2, 2, 2, 2])
        #expect(byType["ANY"].map { [$0.gold, $0.found] } == [4, 4])
        let half = RedactionEvaluation.Score(type: "X", gold: 4, found: 2, predicted: 4, correct: 3)
        #expect(abs(half.precision - 0.75) < 1e-9 && abs(half.recall - 0.5) < 1e-9)
        #expect(abs(half.f2 - 5 * 0.75 * 0.5 / (4 * 0.75 + 0.5)) < 1e-9)
    }

    @Test func theShippedCorpusMeetsTheRecallAndPrecisionBar() throws {
        let records = try RedactionEvaluation.readCorpus(path: fixture("redaction/corpus.jsonl"))
        #expect(records.count >= 1000)
        let (types, _) = RedactionEvaluation.score(try RedactionEvaluation.predictAll(records, config: RedactionConfig()).predicted)
        let byType = Dictionary(uniqueKeysWithValues: types.map { ($0.type, $0) })
        for type in ["EMAIL", "PHONE", "POSTCODE", "NINO", "NHS_NUMBER"] {
            #expect(byType[type]!.recall >= 0.99, "\(type) recall \(byType[type]!.recall)")
        }
        #expect(byType["PERSON"]!.recall >= 0.95 && byType["PERSON"]!.precision >= 0.85)
    }
}

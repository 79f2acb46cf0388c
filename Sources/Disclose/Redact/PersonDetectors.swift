/// The layers that find people's names in free text, each reported as its own detector:
/// - `KnownNames` (layer a, per row): the values of the row's name columns found again in its text;
/// - `titledName` (b): a title and the name words after it (`Mr Harron`, `Mrs L Khan`, `Mr & Mrs
///   Cameron`, `Cllr Steele`); the title is kept, the name is the span;
/// - `relationCue`, `roleName`, `contactCue` (c): a relation, a job title or a verb of contact and the
///   name after it (`my son Jack`, `her social worker, Priya`, `Team manager Rukhsana Hussain`,
///   `spoke to marcia`);
/// - `Gazetteer` (d, its own file): names from public lists, scored with context.
public enum PersonDetectors {
    static let titles = "Mr|Mrs|Ms|Miss|Mx|Dr|Cllr|Councillor|Prof|Professor|Rev|Revd|Reverend|Sir|Dame|PC|PCSO|Sgt|Sergeant|DC|DS|Insp|Inspector"
    /// The titles as lowercase words (trigger words, and words of a name that say nothing about who it is).
    static let titleWords = titles.lowercased().split(separator: "|").map(String.init)

    /// One name word: a capital, then letters, hyphens and apostrophes inside the name (`O'Brien`,
    /// `Smith-Jones`, `McDonald`); a possessive `'s` is not part of it.
    static let nameWord = #"\p{Lu}(?:[\p{L}\-]|['’](?!s\b)\p{L})*"#

    /// Layers b and c: titles, relations, job titles and contact verbs before a name.
    public static func all() throws(RegexError) -> [PatternDetector] {
        [try titledName(), try relationCue(), try roleName(), try contactCue()]
    }

    /// A given name, in any case, after a verb of contact, as officers type case notes: "spoke to
    /// marcia", "Tried imran again", "left voicemail for Jack". The word must be a given name in
    /// the gazetteer and not a place; one that is also an ordinary word ("Frank") must be capitalised.
    public static func contactCue() throws(RegexError) -> PatternDetector {
        let verb = "(?i:spoke\\s+(?:to|with)|called|rang|phoned|tried|visited|emailed|texted|messaged|met\\s+with|left\\s+(?:a\\s+)?(?:voicemail|message)\\s+for)"
        let pattern = #"\b"# + verb + #"\s+(?<value>\p{L}[\p{L}'\-]+)"#
        return PatternDetector(name: "person_contact", type: "PERSON", pattern: try PCRE2Pattern(pattern), needs: [.letter],
                               triggers: ["spoke", "called", "rang", "phoned", "tried", "visited", "emailed", "texted", "messaged", "met", "left"],
                               validate: { text, range in
            let value = UnsafeRawBufferPointer(rebasing: text[range])
            let flags = value.contains { $0 >= 0x80 } ? Gazetteer.shipped.flags(WordTokens.hash(Gazetteer.folded(value).utf8))
                : Gazetteer.shipped.flags(WordTokens.hash(value))
            // A given name that is also a word counts when capitalised: "Tried Frank", not "tried frank".
            let wordOK = !flags.contains(.word) || Gazetteer.isCapitalised(text, range)
            return flags.contains(.given) && wordOK && flags.isDisjoint(with: [.place, .never])
        })
    }

    /// Words one of which a text must hold for the relation cue to match (each relation's last word).
    static let relationWords = ("son daughter child children kid kids mother mum mom father dad parent parents brother sister husband wife partner "
        + "grandson granddaughter grandchild grandmother grandfather grandma grandad granddad nan nana gran aunt auntie uncle niece nephew "
        + "cousin friend neighbour neighbor carer worker caseworker advocate landlord landlady tenant lodger boyfriend girlfriend fiance "
        + "fiancee fiancé fiancée guardian stepson stepdaughter stepfather stepmother twin twins baby toddler solicitor gp doctor nurse "
        + "teacher headteacher therapist colleague adviser advisor officer manager operative assessor inspector surveyor receptionist "
        + "councillor caller").split(separator: " ").map(String.init)
    static let roleWords = ("manager officer worker coordinator ordinator director adviser advisor assistant inspector investigator "
        + "caseworker supervisor surveyor operative engineer practitioner consultant clerk assessor").split(separator: " ").map(String.init)

    /// Layer b: a title followed by initials and name words.
    public static func titledName() throws(RegexError) -> PatternDetector {
        let title = "(?:" + titles + #")\.?"#
        let particles = #"(?:(?:de|la|le|van|von|der|den|da|di|du|dos|das|al|el|bin|ap)[ \-]+){0,3}"#
        let pattern = #"\b"# + title + #"(?:\s+(?:&|and)\s+"# + title + #")?\s+(?<value>(?:\p{Lu}\.?\s+){0,3}"# + particles + nameWord
            + #"(?:[ \-]"# + particles + nameWord + ")?)"
        return PatternDetector(name: "person_title", type: "PERSON", pattern: try PCRE2Pattern(pattern), needs: [.upper],
                               triggers: titleWords,
                               validate: { text, range in !hasWord(of: functionWords, text, range) })
    }

    /// Layer c: a relation ("my son", "her social worker", "the neighbour at number 4") and the
    /// capitalised name that follows it.
    public static func relationCue() throws(RegexError) -> PatternDetector {
        let owner = "(?i:my|his|her|their|our|your|the)"
        let qualifier = #"(?:(?i:late|elderly|eldest|youngest|younger|older|little|baby|disabled|adult|step|foster|new|former|ex)[ \-]+)?"#
        let relation = "(?i:son|daughter|child|children|kids?|mother|mum|mom|father|dad|parents?|brother|sister|husband|wife|partner"
            + "|grandson|granddaughter|grandchild|grandmother|grandfather|grandma|grandad|granddad|nan|nana|gran|aunt|auntie|uncle"
            + "|niece|nephew|cousin|friend|neighbou?r|carer|care worker|social worker|support worker|key worker|case ?worker"
            + "|advocate|landlord|landlady|tenant|lodger|boyfriend|girlfriend|fianc[eé]e?|guardian|stepson|stepdaughter"
            + "|stepfather|stepmother|twins?|baby|toddler|solicitor|gp|doctor|nurse|teacher|headteacher|therapist|colleague"
            + "|adviser|advisor|officer|manager|operative|assessor|inspector|surveyor|receptionist|councillor|caller)"
        let place = #"(?:\s+(?i:at|from)\s+(?i:number|no\.?)\s+\d+[A-Za-z]?|\s+(?i:called|named))?"#
        let pattern = #"\b"# + owner + #"\s+"# + qualifier + relation + place + #",?\s+(?<value>"# + nameWord + #"(?:\s+"# + nameWord + ")?)"
        return PatternDetector(name: "person_relation", type: "PERSON", pattern: try PCRE2Pattern(pattern), needs: [.upper], triggers: relationWords,
                               validate: { text, range in !hasWord(of: functionWords, text, range) && !hasWord(of: jobAndPlaceWords, text, range) })
    }

    /// A job title and the name straight after it: "Team manager Rukhsana Hussain", "housing
    /// officer Dave Cole". Staff acting in a professional capacity are redacted unless the
    /// pipeline's allow-list keeps them.
    public static func roleName() throws(RegexError) -> PatternDetector {
        let role = "(?i:manager|officer|worker|co-?ordinator|director|adviser|advisor|assistant|inspector|investigator|caseworker"
            + "|supervisor|surveyor|operative|engineer|practitioner|consultant|clerk|assessor)"
        let pattern = #"\b"# + role + #",?\s+(?<value>"# + nameWord + #"\s+"# + nameWord + ")"
        return PatternDetector(name: "person_role", type: "PERSON", pattern: try PCRE2Pattern(pattern), needs: [.upper], triggers: roleWords,
                               validate: { text, range in !hasWord(of: functionWords, text, range) && !hasWord(of: jobAndPlaceWords, text, range) })
    }

    /// Capitalised words that follow a title, relation or job title without being a name ("my son
    /// Is ...", "the carer The ...", "Dear Sir Or Madam").
    static let functionWords: Set<[UInt8]> = Set([
        "the", "this", "that", "these", "those", "and", "but", "or", "if", "when", "who", "which", "what", "where", "why", "how",
        "is", "was", "were", "are", "has", "had", "have", "would", "can", "could", "should", "did", "does", "do",
        "i", "he", "she", "they", "we", "you", "it", "his", "her", "their", "our", "my", "your", "its", "him", "them",
        "on", "in", "at", "to", "from", "for", "with", "by", "of", "as", "also", "then", "now", "not", "no", "yes", "so",
        "today", "yesterday", "tomorrow", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "council", "team", "service", "services", "department", "madam", "please", "after", "before", "since", "until",
        "about", "all", "any", "some", "there", "here", "because", "although", "however", "again", "still", "just",
    ].map { Array($0.utf8) })

    /// Words of job titles, council names and places that follow a relation or job title without
    /// being a name ("Assistant Chief Executive", "the officer Town Hall"). Not for titles: Mrs Lane,
    /// Cllr Hall and Mr Street are people.
    static let jobAndPlaceWords: Set<[UInt8]> = Set([
        "chief", "executive", "senior", "deputy", "head", "manager", "officer", "director", "directorate", "assistant",
        "customer", "customers", "finance", "housing", "health", "public", "social", "care", "children", "adult", "adults",
        "young", "people", "regeneration", "environment", "street", "road", "lane", "town", "hall", "office", "centre",
    ].map { Array($0.utf8) })

    /// Whether a word of the span, lowercased, is one of `words`.
    static func hasWord(of words: Set<[UInt8]>, _ text: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        var start = range.lowerBound
        while start < range.upperBound {
            var end = start
            while end < range.upperBound, text[end] != 0x20, text[end] != 0x2D { end += 1 }
            if words.contains(text[start..<end].map(WordTokens.lower)) { return true }
            start = end + 1
        }
        return false
    }
}

/// Layer a: the names a row already holds in its name columns (`complainant_name`, ...), looked for
/// again in the row's free text — full name, first name alone, surname alone, in any case, with
/// initials before a surname (`E. Hirst`) and the possessive (`Hirst's`, whose `'s` is kept).
/// Every span found this way carries the full name it belongs to, so that pseudonymising gives one
/// token per person whichever part of the name the text used.
struct KnownNames {
    /// A word of a known name (lowercased), the full name it belongs to, and whether it is also an
    /// ordinary English word ("Green", "Will"): then only a capitalised use inside a sentence counts,
    /// so that "Green bins are collected" keeps its bins.
    private var words: [(word: [UInt8], person: Int, ordinary: Bool)] = []
    /// Full names, lowercased, spaces collapsed.
    private(set) var people: [[UInt8]] = []

    /// Words of a name that are this short, or titles, say nothing about who it is.
    private static let ignored: Set<[UInt8]> = Set(PersonDetectors.titleWords.map { Array($0.utf8) })

    var isEmpty: Bool { words.isEmpty }

    /// Adds the name in `value` (a name column's field).
    mutating func add(_ value: UnsafeRawBufferPointer) {
        let tokens = WordTokens.cut(value)
        var full: [UInt8] = []
        var kept: [[UInt8]] = []
        for token in tokens {
            let word = value[token.range].map(WordTokens.lower)
            guard word.count >= 2, word.allSatisfy({ $0 >= 0x80 || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x27 || $0 == 0x2D }),
                  !Self.ignored.contains(word) else { continue }
            kept.append(word)
            if !full.isEmpty { full.append(0x20) }
            full += word
        }
        guard !kept.isEmpty else { return }
        let person = people.firstIndex(of: full) ?? {
            people.append(full)
            return people.count - 1
        }()
        for word in kept where !words.contains(where: { $0.word == word && $0.person == person }) {
            words.append((word, person, Gazetteer.shipped.flags(WordTokens.hash(word)).contains(.word)))
        }
    }

    /// The spans of known names in `text` (cut into `tokens`); `people[i]` is the full name behind each (by index).
    func find(in text: UnsafeRawBufferPointer, tokens: UnsafeBufferPointer<WordTokens.Token>, into spans: inout [DetectedSpan], persons: inout [Int]) {
        guard !words.isEmpty else { return }
        for (position, token) in tokens.enumerated() {
            for entry in words where WordTokens.equalLowercased(text, token.range, entry.word) {
                if entry.ordinary && (!Gazetteer.isCapitalised(text, token.range) || Gazetteer.sentenceInitial(text, tokens, position)) { continue }
                var start = token.range.lowerBound
                // Initials just before: "E. Hirst", "E Hirst", "J. R. Hirst".
                var back = position - 1
                while back >= 0 {
                    if tokens[back].range.count == 1, text[tokens[back].range.lowerBound] == UInt8(ascii: "."), back >= 1,
                       Self.isInitial(text, tokens[back - 1].range) {
                        start = tokens[back - 1].range.lowerBound
                        back -= 2
                    } else if Self.isInitial(text, tokens[back].range) {
                        start = tokens[back].range.lowerBound
                        back -= 1
                    } else {
                        break
                    }
                }
                spans.append(DetectedSpan(range: start..<token.range.upperBound, type: "PERSON", detector: "person_known_name"))
                persons.append(entry.person)
                break
            }
        }
    }

    private static func isInitial(_ text: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        range.count == 1 && text[range.lowerBound] >= 0x41 && text[range.lowerBound] <= 0x5A
    }
}

import Foundation

/// Layer d of PERSON: given names and surnames from public lists (`Gazetteer/SOURCES.md`), scored
/// with context so that a name is found without a title or a cue ("and Sadia promised", "Response
/// by Siobhan McDonagh") while the traps are kept: an ordinary English word that is also a name
/// ("Mark my words", "in May", "the Bill") needs a second piece of evidence, places ("Rotherham")
/// and title-case phrases of ordinary words ("Moorgate Street Town Hall", "Young People's
/// Services") are not people.
///
/// A run of capitalised words (with initials, hyphens, `O'` and particles such as `van`) is cut
/// before its first ordinary word, and what is left is a name when
/// - one of its words is a name that is not also an ordinary word or a place ("Sadia", "Hobson"), or
/// - it is two or more words (none an ordinary word alone) starting with a given name or an
///   initial ("Mark Mason", "J Smith", "Dawn Harron"), or
/// - it is one given name that is also an ordinary word, in the middle of a sentence, alone, and
///   not after "the", "a" or "this" ("and Mark promised").
public final class Gazetteer: Sendable {
    /// What the lists say of a word. The last bits mark the small word sets the context rules use,
    /// so that every question about a word is one table lookup.
    struct Flags: OptionSet, Sendable {
        let rawValue: UInt16
        static let given = Flags(rawValue: 1)
        static let surname = Flags(rawValue: 2)
        /// Also an ordinary English word.
        static let word = Flags(rawValue: 4)
        static let place = Flags(rawValue: 8)
        /// A word that is never a name on its own here: months, days, function words.
        static let never = Flags(rawValue: 16)
        static let street = Flags(rawValue: 32)
        static let placeWord = Flags(rawValue: 64)
        static let saint = Flags(rawValue: 128)
        static let title = Flags(rawValue: 256)
        static let greeting = Flags(rawValue: 512)
        static let action = Flags(rawValue: 1024)
        static let particle = Flags(rawValue: 2048)
        static let determiner = Flags(rawValue: 4096)
    }

    private let table: HashedFlags

    /// The gazetteer shipped with Disclose.
    public static let shipped: Gazetteer = {
        guard let folder = Bundle.module.url(forResource: "Gazetteer", withExtension: nil),
              let names = FileManager.default.contents(atPath: folder.appendingPathComponent("names.tsv").path),
              let places = FileManager.default.contents(atPath: folder.appendingPathComponent("places.txt").path)
        else {
            // The files are part of the build; without them redaction must not quietly lose a layer.
            fatalError("the PERSON gazetteer is missing from the build (Sources/Disclose/Redact/Gazetteer)")
        }
        return Gazetteer(names: Array(names), places: Array(places))
    }()

    /// `names`: lines of `name<TAB>flags` (g, s, w); `places`: one place per line; `#` starts a
    /// comment line. Read as bytes: 220,000 lines load in milliseconds rather than a second.
    init(names: [UInt8], places: [UInt8]) {
        var entries: [(UInt64, Flags)] = []
        entries.reserveCapacity(230_000)
        Self.forEachLine(names) { line in
            guard let tab = line.firstIndex(of: 0x09) else { return }
            var flags: Flags = []
            for byte in line[(tab + 1)...] {
                switch byte {
                case UInt8(ascii: "g"): flags.insert(.given)
                case UInt8(ascii: "s"): flags.insert(.surname)
                case UInt8(ascii: "w"): flags.insert(.word)
                default: break
                }
            }
            entries.append((WordTokens.hash(line[..<tab]), flags))
        }
        Self.forEachLine(places) { entries.append((WordTokens.hash($0), .place)) }
        for word in Self.neverNames { entries.append((WordTokens.hash(word.utf8), .never)) }
        for word in PersonDetectors.functionWords { entries.append((WordTokens.hash(word), .never)) }
        for (words, flag) in [(Self.streetWords, Flags.street), (Self.placeWords, .placeWord), (Self.saints, .saint), (PersonDetectors.titleWords, .title),
                              (Self.greetings, .greeting), (Self.actions, .action), (Self.particles, .particle), (Self.determiners, .determiner)] {
            for word in words { entries.append((WordTokens.hash(word.utf8), flag)) }
        }
        table = HashedFlags(entries)
    }

    /// Calls `body` with each line of `bytes` that is not empty or a `#` comment.
    private static func forEachLine(_ bytes: [UInt8], _ body: (ArraySlice<UInt8>) -> Void) {
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            if end > start && bytes[start] != UInt8(ascii: "#") { body(bytes[start..<end]) }
            start = end + 1
        }
    }

    static let neverNames = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                             "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                             "christmas", "easter", "dear", "yours", "regards", "thanks", "thank", "hello", "hi",
                             "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
                             "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"]
    /// Words before a name that say it is one: "Dear Ruby", "Thanks, Will".
    private static let greetings = ["dear", "hi", "hello", "thanks", "regards", "sincerely", "faithfully", "cheers", "love"]

    private static let streetWords = ["street", "road", "lane", "avenue", "drive", "close", "crescent", "terrace", "gardens",
                                                        "grove", "square", "mews", "way", "place", "park", "walk", "row", "court"]
    /// Words after a name that make it the name of a place: "Rose Hill cemetery", "Clifton Park Museum".
    private static let placeWords = streetWords + ["cemetery", "museum", "hospital", "centre", "center", "school", "church",
        "ward", "surgery", "theatre", "library", "station", "college", "academy", "estate", "house", "hall", "tower", "bridge", "valley",
        "hill", "wood", "moor", "common", "green", "fields", "parade", "shopping", "leisure", "primary", "infant", "junior", "nursery",
        "practice", "clinic", "hotel", "pub", "inn", "stadium", "ground", "market", "retail", "business", "industrial"]
    private static let saints = ["st", "saint", "ste"]
    /// Verbs after a lone given name that make it a person: "Hope will chase", "Grace rang".
    private static let actions = ["will", "would", "said", "says", "called", "rang", "phoned", "emailed", "wrote", "told",
        "asked", "agreed", "promised", "visited", "explained", "confirmed", "reported", "and", "has", "had", "was", "is", "to"]
    private static let particles = ["de", "van", "von", "der", "den", "da", "di", "du", "le", "la", "bin", "binti", "al", "el", "ap", "ter", "ten", "dos", "das"]
    private static let determiners = ["the", "a", "an", "this", "that", "these", "those", "our", "your", "its", "every", "each", "no", "any"]

    func flags(_ hash: UInt64) -> Flags { table[hash] }

    /// The flags of a word token; a word with accents is looked up without them too ("Renée", "Łukasz").
    func flags(of token: WordTokens.Token, in text: UnsafeRawBufferPointer) -> Flags {
        let direct = table[token.hash]
        guard direct.isEmpty, text[token.range].contains(where: { $0 >= 0x80 }) else { return direct }
        return table[WordTokens.hash(Self.folded(UnsafeRawBufferPointer(rebasing: text[token.range])).utf8)]
    }

    /// Lowercase ASCII letters for a word with accents: é -> e, ł -> l, ß -> ss.
    static func folded(_ bytes: UnsafeRawBufferPointer) -> String {
        let word = String(decoding: bytes, as: UTF8.self).lowercased()
            .replacingOccurrences(of: "ł", with: "l").replacingOccurrences(of: "ø", with: "o").replacingOccurrences(of: "æ", with: "ae")
            .replacingOccurrences(of: "ß", with: "ss").replacingOccurrences(of: "đ", with: "d")
        return word.folding(options: .diacriticInsensitive, locale: nil)
    }

    /// Appends the names found in `text`, cut into `tokens`.
    func find(in text: UnsafeRawBufferPointer, tokens: UnsafeBufferPointer<WordTokens.Token>, into spans: inout [DetectedSpan]) {
        var index = 0
        while index < tokens.count {
            guard Self.isCapitalised(text, tokens[index].range) else {
                index += 1
                continue
            }
            // Most capitalised words start a sentence ("The", "I", "Please") or are ordinary words:
            // no name starts there, so no run is built (the common case, kept cheap).
            let first = flags(of: tokens[index], in: text)
            let monthName = first.isSuperset(of: [.never, .given]) && index + 1 < tokens.count && Self.spaced(text, tokens[index], tokens[index + 1])
                && Self.isCapitalised(text, tokens[index + 1].range) && Self.couldBeSurname(flags(of: tokens[index + 1], in: text))
            let named = !first.isDisjoint(with: [.given, .surname]) && (!first.contains(.never) || monthName)
            if !named && (first.contains(.never) || first.contains(.word) || first.contains(.place)) && tokens[index].range.count > 1 {
                index += 1
                continue
            }
            // A title is not part of the name ("Miss Hirst": the title layer has it already).
            if first.contains(.title) {
                index += 1
                continue
            }
            // A saint's name is a place or an event ("St Leger", "St Ann's Tower"), not a person.
            if first.contains(.saint) {
                index = max(collectRun(text, tokens, from: index).end, index + 1)
                continue
            }
            let run = collectRun(text, tokens, from: index)
            if let span = judge(text, tokens, run: run.words[...], initials: run.initials[...], start: index) {
                spans.append(DetectedSpan(range: span, type: "PERSON", detector: "person_gazetteer"))
                index = run.words.firstIndex { tokens[$0].range.lowerBound >= span.upperBound }.map { run.words[$0] } ?? run.end
            } else {
                // The run may hold a name after words that are not one ("Assistant Chief Executive Sarah Jones").
                index += 1
            }
        }
    }

    /// The capitalised words (token positions) of the run starting at `start`, whether each is an
    /// initial, and the first token after the run.
    private func collectRun(_ text: UnsafeRawBufferPointer, _ tokens: UnsafeBufferPointer<WordTokens.Token>, from start: Int)
        -> (words: [Int], initials: [Bool], end: Int) {
        var words: [Int] = [], initials: [Bool] = []
        var index = start
        while index < tokens.count {
            let range = tokens[index].range
            guard Self.isCapitalised(text, range) else { break }
            words.append(index)
            let initial = range.count == 1
            initials.append(initial)
            var next = index + 1
            // "J." ; "Smith-Jones" ; "O'Brien" ; "van" between name words.
            if initial, next < tokens.count, Self.isByte(text, tokens[next].range, "."), Self.adjacent(tokens[index], tokens[next]) { next += 1 }
            if next + 1 < tokens.count, Self.adjacent(tokens[next - 1], tokens[next]), Self.adjacent(tokens[next], tokens[next + 1]),
               Self.isByte(text, tokens[next].range, "-") || Self.isByte(text, tokens[next].range, "'"),
               Self.isCapitalised(text, tokens[next + 1].range) {
                index = next + 1
                continue
            }
            guard next < tokens.count, Self.spaced(text, tokens[next - 1], tokens[next]) else { return (words, initials, next) }
            // Particles, one or more, before the next name word: "van der Berg", "de la Cruz", "al-Farsi".
            var after = next
            while after < tokens.count, text[tokens[after].range.lowerBound] >= 0x61, flags(of: tokens[after], in: text).contains(.particle),
                  after + 1 < tokens.count, Self.spaced(text, tokens[after], tokens[after + 1])
                    || (Self.adjacent(tokens[after], tokens[after + 1]) && Self.isByte(text, tokens[after + 1].range, "-")) {
                after += Self.isByte(text, tokens[after + 1].range, "-") ? 2 : 1
            }
            if after > next, after < tokens.count, Self.isCapitalised(text, tokens[after].range) { next = after }
            index = next
        }
        return (words, initials, index)
    }

    /// The span of the run's name, if it is one.
    private func judge(_ text: UnsafeRawBufferPointer, _ tokens: UnsafeBufferPointer<WordTokens.Token>, run: ArraySlice<Int>,
                       initials: ArraySlice<Bool>, start: Int) -> Range<Int>? {
        let base = run.startIndex
        func wordFlags(_ position: Int) -> Flags { initials[position] ? [] : flags(of: tokens[run[position]], in: text) }
        // Cut before the first ordinary word: "Charlotte Steele Service Manager" -> "Charlotte Steele".
        var kept = 0, nameWords = 0
        var strong = false, cut = false
        var allCapitals: Bool?
        for position in run.indices {
            if initials[position] {
                kept += 1
                continue
            }
            let flags = wordFlags(position)
            // A month that is also a given name starts a name when a surname follows ("May Hussain").
            let monthName = position == base && flags.isSuperset(of: [.never, .given]) && position + 1 < run.endIndex
                && !initials[position + 1] && Self.couldBeSurname(wordFlags(position + 1))
            let named = !flags.isDisjoint(with: [.given, .surname]) && (!flags.contains(.never) || monthName)
            if !named && (flags.contains(.word) || flags.contains(.never)) || (flags.contains(.place) && !named) {
                cut = true
                break
            }
            // Capitals: an acronym ("SAR", "IP"), unless the whole run is a name in capitals ("EVIE HIRST").
            if Self.isAllCapitals(text, tokens[run[position]].range) {
                let whole = allCapitals ?? run.allSatisfy { Self.isAllCapitals(text, tokens[$0].range) }
                allCapitals = whole
                if !(named && run.count >= 2 && whole) {
                    cut = true
                    break
                }
            }
            if named && !flags.contains(.word) && !flags.contains(.place) { strong = true }
            kept += 1
            nameWords += 1
        }
        // Trailing initials are not a name ("... and I"), leading ones need a name after them.
        while kept > 0 && initials[base + kept - 1] { kept -= 1 }
        guard kept > 0, nameWords > 0 else { return nil }
        // Leading words that are ordinary words and not given names are not part of the name
        // ("Ring Evie on ..."): a name starts with a given name, an initial or an unknown word.
        var first = base
        while first < base + kept - 1, !initials[first], wordFlags(first).contains(.word), !wordFlags(first).contains(.given) { first += 1 }
        if first > base {
            return judge(text, tokens, run: run[first...], initials: initials[first...], start: run[first])
        }
        let last = base + kept - 1
        let span = tokens[run[base]].range.lowerBound..<tokens[run[last]].range.upperBound
        // A place given whole ("Kiveton Park") is not a person.
        if kept >= 2 && flags(WordTokens.hash(Self.normalisedWords(text, span))).contains(.place) { return nil }
        // "Hope Street", "Victoria Park": a street; "Rose Hill cemetery", "Victoria Terrace": a place.
        if kept >= 2, wordFlags(last).contains(.street) { return nil }
        if last + 1 < run.endIndex, flags(of: tokens[run[last + 1]], in: text).contains(.placeWord) { return nil }
        let after = followingWord(text, tokens, after: run[last]).map { flags(of: tokens[$0], in: text) } ?? []
        if after.contains(.placeWord) { return nil }
        if strong { return span }
        let greeted = afterGreeting(text, tokens, start)
        let insidePhrase = afterCapitalised(text, tokens, start) && !greeted
        let firstFlags = wordFlags(base)
        // Two or more words from a given name or an initial; the last may be a surname no list has ("Dawn Harron").
        if kept >= 2, !insidePhrase, initials[base] || firstFlags.contains(.given), nameWords >= 2 || initials[base] {
            return span
        }
        // One given name that is also a word: inside a sentence, after a greeting, or before a
        // verb of doing or saying ("Hope will chase the contractor", "Harry and I").
        if kept == 1, !cut, run.count == 1, !insidePhrase, firstFlags.contains(.given), !firstFlags.contains(.place),
           greeted || after.contains(.action) || !Self.sentenceInitial(text, tokens, start), !afterDeterminer(text, tokens, start) {
            return span
        }
        return nil
    }

    /// A word that may follow a month as a surname ("May Hussain", not "May Day"): a name or an
    /// unknown word, but not an ordinary word or a place.
    private static func couldBeSurname(_ flags: Flags) -> Bool {
        flags.isDisjoint(with: [.never, .place, .word])
    }

    /// Whether the token at `index` starts a sentence (or the text).
    static func sentenceInitial(_ text: UnsafeRawBufferPointer, _ tokens: UnsafeBufferPointer<WordTokens.Token>, _ index: Int) -> Bool {
        var previous = index - 1
        while previous >= 0, tokens[previous].range.count == 1, "\"'([“‘".utf8.contains(text[tokens[previous].range.lowerBound]) { previous -= 1 }
        guard previous >= 0 else { return true }
        let gap = text[tokens[previous].range.upperBound..<tokens[index].range.lowerBound]
        if gap.contains(0x0A) { return true }
        let range = tokens[previous].range
        return range.count == 1 && ".!?:;•-".utf8.contains(text[range.lowerBound])
    }

    /// Whether the word before (past a comma) is a greeting or sign-off: "Dear Ruby", "Thanks, Will".
    private func afterGreeting(_ text: UnsafeRawBufferPointer, _ tokens: UnsafeBufferPointer<WordTokens.Token>, _ index: Int) -> Bool {
        var previous = index - 1
        if previous >= 0, Self.isByte(text, tokens[previous].range, ",") { previous -= 1 }
        return previous >= 0 && flags(of: tokens[previous], in: text).contains(.greeting)
    }

    /// The position of the word after token `index`, past a possessive `'s` ("Mary's Close" -> "Close").
    private func followingWord(_ text: UnsafeRawBufferPointer, _ tokens: UnsafeBufferPointer<WordTokens.Token>, after index: Int) -> Int? {
        var next = index + 1
        if next + 1 < tokens.count, Self.isByte(text, tokens[next].range, "'"), text[tokens[next + 1].range].elementsEqual([UInt8(ascii: "s")]) {
            next += 2
        }
        guard next < tokens.count, Self.spaced(text, tokens[next - 1], tokens[next]) else { return nil }
        return next
    }

    /// Whether the word before is capitalised too: the run started inside a title-case phrase
    /// ("Town Hall" from "Hall") after words that were not a name.
    private func afterCapitalised(_ text: UnsafeRawBufferPointer, _ tokens: UnsafeBufferPointer<WordTokens.Token>, _ index: Int) -> Bool {
        guard index > 0, Self.isCapitalised(text, tokens[index - 1].range), Self.spaced(text, tokens[index - 1], tokens[index]) else { return false }
        // "From R. Green", "Dear Ruby": a capitalised function word or title does not make a phrase.
        return flags(of: tokens[index - 1], in: text).isDisjoint(with: [.never, .title])
    }

    private func afterDeterminer(_ text: UnsafeRawBufferPointer, _ tokens: UnsafeBufferPointer<WordTokens.Token>, _ index: Int) -> Bool {
        guard index > 0 else { return false }
        return flags(of: tokens[index - 1], in: text).contains(.determiner)
    }

    /// A word starting with a capital letter, in any script that has them.
    static func isCapitalised(_ text: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        let first = text[range.lowerBound]
        if first < 0x80 { return first >= 0x41 && first <= 0x5A }
        // A letter outside ASCII ("Łukasz", "Élodie"): decode the first character.
        let length = min(utf8SequenceLength(first), range.count)
        let scalar = String(decoding: UnsafeRawBufferPointer(rebasing: text[range.lowerBound..<range.lowerBound + length]), as: UTF8.self).unicodeScalars.first
        return scalar?.properties.isUppercase ?? false
    }

    static func isAllCapitals(_ text: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        range.count >= 2 && text[range].allSatisfy { $0 >= 0x41 && $0 <= 0x5A }
    }

    private static func isByte(_ text: UnsafeRawBufferPointer, _ range: Range<Int>, _ character: Unicode.Scalar) -> Bool {
        range.count == 1 && text[range.lowerBound] == UInt8(ascii: character)
    }

    private static func adjacent(_ left: WordTokens.Token, _ right: WordTokens.Token) -> Bool {
        left.range.upperBound == right.range.lowerBound
    }

    /// One space (or tab) between two tokens: a line break or punctuation ends a name.
    private static func spaced(_ text: UnsafeRawBufferPointer, _ left: WordTokens.Token, _ right: WordTokens.Token) -> Bool {
        let gap = left.range.upperBound..<right.range.lowerBound
        return (1...2).contains(gap.count) && text[gap].allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    /// The span's words, lowercased, joined by single spaces.
    private static func normalisedWords(_ text: UnsafeRawBufferPointer, _ span: Range<Int>) -> [UInt8] {
        RedactionOperators.normalised(UnsafeRawBufferPointer(rebasing: text[span]), type: "PERSON")
    }
}

/// 64-bit word hashes and their flags, in an open-addressing table: the hashes are FNV-1a already,
/// so `Dictionary` hashing them again with SipHash would only cost time on every word of every text.
private struct HashedFlags: Sendable {
    private let keys: [UInt64]
    private let values: [UInt16]
    private let mask: Int

    init(_ entries: [(UInt64, Gazetteer.Flags)]) {
        var size = 16
        while size < entries.count * 2 { size *= 2 }
        var keys = [UInt64](repeating: 0, count: size), values = [UInt16](repeating: 0, count: size)
        for (key, flags) in entries {
            var slot = Int(truncatingIfNeeded: key) & (size - 1)
            while values[slot] != 0 && keys[slot] != key { slot = (slot + 1) & (size - 1) }
            keys[slot] = key
            values[slot] |= flags.rawValue
        }
        self.keys = keys
        self.values = values
        mask = size - 1
    }

    subscript(key: UInt64) -> Gazetteer.Flags {
        var slot = Int(truncatingIfNeeded: key) & mask
        while values[slot] != 0 {
            if keys[slot] == key { return Gazetteer.Flags(rawValue: values[slot]) }
            slot = (slot + 1) & mask
        }
        return []
    }
}

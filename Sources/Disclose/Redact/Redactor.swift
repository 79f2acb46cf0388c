/// Finds and replaces personal data in one field's text: runs every detector, drops names the
/// allow-list keeps, merges overlapping spans (one replacement each), and applies each type's
/// operator. Pure and shared by every worker.
public final class Redactor: Sendable {
    /// One replacement made: where in the original field, of what type, by which detector and operator.
    public struct Replacement: Sendable, Equatable {
        public let span: DetectedSpan
        public let op: RedactionOperator
    }

    let detectors: [PatternDetector]
    let operators: RedactionOperators
    private let typeOperators: [String: RedactionOperator]
    private let allowed: [[UInt8]]
    private let denied: KnownNames
    /// Layer d; nil when the config turns it off.
    private let gazetteer: Gazetteer?
    /// What Disclose itself writes in place of personal data (`[PERSON]`, `PERSON-7f3a9c1e`): text
    /// already redacted stays as it is, and a scan of an extract does not count it.
    private let placeholder: PCRE2Pattern

    init(detectors: [PatternDetector], operators: RedactionOperators, typeOperators: [String: RedactionOperator],
         allowNames: [String], denyNames: [String], gazetteer: Gazetteer?) {
        self.detectors = detectors
        self.gazetteer = gazetteer
        self.operators = operators
        self.typeOperators = typeOperators
        allowed = allowNames.map { name in Array(name.utf8).withUnsafeBytes { RedactionOperators.normalised($0, type: "PERSON") } }
        var denied = KnownNames()
        for name in denyNames { Array(name.utf8).withUnsafeBytes { denied.add($0) } }
        self.denied = denied
        // A fixed pattern, known to compile.
        placeholder = try! PCRE2Pattern(#"\[[A-Z_]+\]|\b[A-Z][A-Z_]*-[0-9a-f]{8}\b"#)
    }

    /// The built-in detectors (PERSON layers b and c included) and the config's own, redacting with
    /// the config's operators; `key` is the pseudonym key, if the config pseudonymises.
    convenience init(config: RedactionConfig, key: [UInt8]?) throws(RegexError) {
        let detectors = try BuiltInDetectors.all() + (try PersonDetectors.all()) + config.customDetectors
        self.init(detectors: detectors, operators: RedactionOperators(key: key, ageOn: config.asOf),
                  typeOperators: config.typeOperators, allowNames: config.allowNames, denyNames: config.denyNames,
                  gazetteer: config.gazetteer ? Gazetteer.shipped : nil)
    }

    /// Throws for the first column name in which the detectors find personal data, or which they
    /// could not search (fail closed). A file with no header row has its first case read as the
    /// column names, and a header goes out as it was read (and names a scan's counts).
    func refuseHeaderHoldingPersonalData(_ columns: [String], stage: String) throws(RunError) {
        for (index, name) in columns.enumerated() {
            let found = try? Array(name.utf8).withUnsafeBytes { (text) throws(RegexMatchError) in try spans(in: text, known: KnownNames()) }
            guard let found else { throw .headerLooksLikeData(stage: stage, field: index + 1, type: nil) }
            if let first = found.first { throw .headerLooksLikeData(stage: stage, field: index + 1, type: first.span.type) }
        }
    }

    /// The spans to replace in `text`, merged and in order, each with the full name of the known
    /// person it belongs to (layer a), if any.
    /// `scratch` holds the text's word tokens; a caller redacting many fields passes one to reuse.
    func spans(in text: UnsafeRawBufferPointer, known: KnownNames, scratch: WordTokens.Scratch = WordTokens.Scratch(capacity: 64))
        throws(RegexMatchError) -> [(span: DetectedSpan, identity: [UInt8]?)] {
        let traits = TextTraits(of: text)
        var found: [DetectedSpan] = []
        // Word tokens, cut once for the trigger words of the PERSON cues, known names and the gazetteer.
        let words = traits.kinds.contains(.letter) ? WordTokens.cut(text, into: scratch) : nil
        // By index: iterating by value would copy each detector (and retain what it holds) per field.
        for index in detectors.indices { try detectors[index].detect(in: text, traits: traits, words: words, into: &found) }
        var identities = [[UInt8]?](repeating: nil, count: found.count)
        let deniedStart: Int
        if let tokens = words, !known.isEmpty || !denied.isEmpty || (gazetteer != nil && traits.kinds.contains(.upper)) {
            var persons: [Int] = []
            known.find(in: text, tokens: tokens, into: &found, persons: &persons)
            identities += persons.map { known.people[$0] }
            let gazetteerStart = found.count
            gazetteer?.find(in: text, tokens: tokens, into: &found)
            identities += [[UInt8]?](repeating: nil, count: found.count - gazetteerStart)
            deniedStart = found.count
            persons = []
            denied.find(in: text, tokens: tokens, into: &found, persons: &persons)
            identities += persons.map { _ in nil }
            for index in deniedStart..<found.count { found[index].detector = "person_deny_list" }
        } else {
            deniedStart = found.count
        }

        guard !found.isEmpty else { return [] }
        var redacted: [Range<Int>] = []
        if Self.mayHoldPlaceholder(text) {
            try placeholder.forEachMatch(in: text) { match in
                redacted.append(match.range)
                return true
            }
        }
        var candidates: [(span: DetectedSpan, identity: [UInt8]?)] = []
        for (index, span) in found.enumerated() {
            if span.type == "PERSON", index < deniedStart, !allowed.isEmpty, isAllowed(text, span.range) { continue }
            if redacted.contains(where: { $0.overlaps(span.range) }) { continue }
            candidates.append((span, identities[index]))
        }
        candidates.sort { ($0.span.range.lowerBound, -$0.span.range.count) < ($1.span.range.lowerBound, -$1.span.range.count) }
        return Self.merge(candidates, in: text)
    }

    /// Whether `text` has a `[` or a capital before a hyphen: without either it holds no
    /// `[PERSON]` or `PERSON-7f3a9c1e`, and the placeholder pattern need not run.
    private static func mayHoldPlaceholder(_ text: UnsafeRawBufferPointer) -> Bool {
        var previousCapital = false
        for byte in text {
            if byte == UInt8(ascii: "[") || (previousCapital && byte == UInt8(ascii: "-")) { return true }
            previousCapital = byte >= 0x41 && byte <= 0x5A
        }
        return false
    }

    /// Replaces the spans of `text` into `out`; `replacements` receives what was done, in order.
    func redact(_ text: UnsafeRawBufferPointer, known: KnownNames, into out: inout [UInt8],
                replacements: inout [Replacement], scratch: WordTokens.Scratch = WordTokens.Scratch(capacity: 64)) throws(RedactionFailure) {
        let spans: [(span: DetectedSpan, identity: [UInt8]?)]
        do {
            spans = try self.spans(in: text, known: known, scratch: scratch)
        } catch {
            throw RedactionFailure(rule: "redact.detector", reason: "a detector could not finish (\(error.message))")
        }
        var position = 0
        for (span, identity) in spans {
            let op = typeOperators[span.type] ?? .replace
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: text[position..<span.range.lowerBound]))
            out += try operators.apply(op, type: span.type, value: UnsafeRawBufferPointer(rebasing: text[span.range]), identity: identity)
            replacements.append(Replacement(span: span, op: op))
            position = span.range.upperBound
        }
        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: text[position...]))
    }

    /// Overlapping spans become one, of the longest one's type; PERSON spans with only spaces
    /// between them ("Evie" "Hirst") become one name.
    private static func merge(_ sorted: [(span: DetectedSpan, identity: [UInt8]?)], in text: UnsafeRawBufferPointer) -> [(span: DetectedSpan, identity: [UInt8]?)] {
        var merged: [(span: DetectedSpan, identity: [UInt8]?)] = []
        for candidate in sorted {
            guard var last = merged.last else {
                merged.append(candidate)
                continue
            }
            let joinsName = last.span.type == "PERSON" && candidate.span.type == "PERSON"
                && text[last.span.range.upperBound..<max(last.span.range.upperBound, candidate.span.range.lowerBound)].allSatisfy { $0 == 0x20 }
            guard candidate.span.range.lowerBound < last.span.range.upperBound || joinsName else {
                merged.append(candidate)
                continue
            }
            // A name that runs into a number or an address ("... A. Ava Brocklehurst" after a
            // National Insurance number ending in A) gives way: each keeps its own type and the name
            // keeps only the words past the other span.
            if (last.span.type == "PERSON") != (candidate.span.type == "PERSON"), last.span.range != candidate.span.range {
                let (person, other) = last.span.type == "PERSON" ? (last, candidate) : (candidate, last)
                if let rest = Self.wordsOutside(person.span.range, other.span.range, in: text),
                   person.span.range.lowerBound >= other.span.range.lowerBound || rest.upperBound <= other.span.range.lowerBound {
                    var trimmed = person
                    trimmed.span.range = rest
                    let ordered = trimmed.span.range.lowerBound < other.span.range.lowerBound ? [trimmed, other] : [other, trimmed]
                    merged.removeLast()
                    merged += ordered
                    continue
                }
            }
            let samePerson = last.span.type == "PERSON" && candidate.span.type == "PERSON"
            let longer = candidate.span.range.count > last.span.range.count
            let sameButSurer = candidate.span.range == last.span.range
                && Self.certainty(candidate.span.type, text, candidate.span.range) > Self.certainty(last.span.type, text, last.span.range)
            if (longer || sameButSurer) && !joinsName {
                last.span.type = candidate.span.type
                last.span.detector = candidate.span.detector
                if !samePerson { last.identity = candidate.identity }
            }
            // One name found by two layers (a title and a known name) keeps the known person behind it.
            if samePerson {
                if last.identity == nil { last.identity = candidate.identity } else if let other = candidate.identity, other != last.identity {
                    last.identity = nil
                }
            }
            last.span.range = last.span.range.lowerBound..<max(last.span.range.upperBound, candidate.span.range.upperBound)
            merged[merged.count - 1] = last
        }
        return merged
    }

    /// The part of `range` outside `other`, trimmed to start and end on a letter or digit; nil if
    /// nothing of it is left, or if `other` sits inside it with words on both sides.
    private static func wordsOutside(_ range: Range<Int>, _ other: Range<Int>, in text: UnsafeRawBufferPointer) -> Range<Int>? {
        var lower = range.lowerBound, upper = range.upperBound
        if other.lowerBound <= lower { lower = max(lower, other.upperBound) } else if other.upperBound >= upper { upper = min(upper, other.lowerBound) } else {
            return nil
        }
        func isWordByte(_ byte: UInt8) -> Bool { byte >= 0x80 || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || (byte >= 0x30 && byte <= 0x39) }
        while lower < upper && !isWordByte(text[lower]) { lower += 1 }
        while upper > lower && !isWordByte(text[upper - 1]) { upper -= 1 }
        return lower < upper ? lower..<upper : nil
    }

    /// For one stretch found as two types: a number with a check digit is surer than a phone
    /// number of the same digits ("NHS number 051-866-1288"), unless the words just before say it is
    /// a phone number ("Tel:", "direct line").
    private static func certainty(_ type: String, _ text: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int {
        switch type {
        case "PHONE": CheckDigits.hasCue(phoneCues, in: text, around: range, before: 24, after: 0) ? 3 : 0
        case "NHS_NUMBER", "CARD": 2
        case "NINO", "BANK", "IP_ADDRESS", "DATE_OF_BIRTH": 1
        default: 0
        }
    }

    private static let phoneCues = ["tel", "phone", "mob", "line", "call", "ring", "contact", "number is"].map { Array($0.utf8) }

    /// Whether a PERSON span's words are all words of one allowed name, in order.
    private func isAllowed(_ text: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        let words = RedactionOperators.normalised(UnsafeRawBufferPointer(rebasing: text[range]), type: "PERSON")
        return allowed.contains { name in
            guard !words.isEmpty else { return false }
            // Whole words of the allowed name: equal, or found between spaces/ends.
            guard let found = name.firstRange(of: words) else { return false }
            let before = found.lowerBound == 0 || name[found.lowerBound - 1] == 0x20
            let after = found.upperBound == name.count || name[found.upperBound] == 0x20
            return before && after
        }
    }
}

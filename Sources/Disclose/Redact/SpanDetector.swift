/// A stretch of a field's bytes that holds personal data of one type, and the detector that found it.
public struct DetectedSpan: Sendable, Equatable {
    /// Byte offsets in the field as it was read.
    public var range: Range<Int>
    /// `EMAIL`, `PHONE`, `POSTCODE`, `PERSON`, ... or a user-defined type.
    public var type: String
    /// The detector's name, as the redaction log records it.
    public var detector: String

    public init(range: Range<Int>, type: String, detector: String) {
        self.range = range
        self.type = type
        self.detector = detector
    }
}

/// Finds spans of one type of personal data in a field's bytes (valid UTF-8). Pure: no I/O, safe
/// to share between workers. A match PCRE2 could not finish throws, so that the row fails closed.
public protocol SpanDetector: Sendable {
    var name: String { get }
    var type: String { get }
    /// Appends what it finds in `text`, whose traits (worked out once per field) are `traits`.
    func detect(in text: UnsafeRawBufferPointer, traits: TextTraits, into spans: inout [DetectedSpan]) throws(RegexMatchError)
}

extension SpanDetector {
    /// Everything the detector finds in `text`.
    public func spans(in text: UnsafeRawBufferPointer) throws(RegexMatchError) -> [DetectedSpan] {
        var spans: [DetectedSpan] = []
        try detect(in: text, traits: TextTraits(of: text), into: &spans)
        return spans
    }
}

/// Which bytes a text holds, worked out once per field so that a detector whose pattern cannot match
/// (no `@` for an email, fewer than ten digits for an NHS number) is not run at all.
public struct TextTraits: Sendable {
    public struct Kinds: OptionSet, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        public static let digit = Kinds(rawValue: 1)
        public static let at = Kinds(rawValue: 2)
        public static let upper = Kinds(rawValue: 4)
        public static let colon = Kinds(rawValue: 8)
        /// A letter, of any case.
        public static let letter = Kinds(rawValue: 16)
        /// A digit followed by a dot ("10.0", "01.03"): what an IPv4 address needs.
        public static let digitDot = Kinds(rawValue: 32)
        /// A number (perhaps with a letter or a comma) then spaces then a capital ("12 High",
        /// "8a Elm", "11, St"): what a street address needs.
        public static let numberThenCapital = Kinds(rawValue: 64)
    }

    public let kinds: Kinds
    /// How many ASCII digits the text holds.
    public let digits: Int

    private static let table: [UInt8] = (0...255).map { (byte: Int) -> UInt8 in
        switch byte {
        case 0x30...0x39: Kinds.digit.rawValue
        case 0x40: Kinds.at.rawValue
        case 0x41...0x5A: Kinds.upper.rawValue | Kinds.letter.rawValue
        case 0x61...0x7A: Kinds.letter.rawValue
        case 0x3A: Kinds.colon.rawValue
        // A byte of a multi-byte character: it may be a capital letter (Ł, Ö, ...).
        case 0x80...: Kinds.upper.rawValue | Kinds.letter.rawValue
        default: 0
        }
    }

    /// The traits of every byte of `text`, together.
    public init(of text: UnsafeRawBufferPointer) {
        var bits: UInt8 = 0
        var digits = 0
        Self.table.withUnsafeBufferPointer { table in
            for byte in text {
                let kind = table[Int(byte)]
                bits |= kind
                digits &+= Int(kind & 1)
            }
        }
        kinds = Kinds(rawValue: bits)
        self.digits = digits
    }

    /// Whether `text` has the shapes in `shapes` (`.digitDot`, `.numberThenCapital`): looked at
    /// only for a text that already has what else a detector needs.
    static func hasShapes(_ shapes: Kinds, in text: UnsafeRawBufferPointer) -> Bool {
        var found: Kinds = []
        var previousDigit = false
        // 0: nothing; 1: after digits; 2: after digits and a letter or comma; 3: then spaces.
        var numberState = 0
        for byte in text {
            let digit = byte >= 0x30 && byte <= 0x39
            if previousDigit && byte == UInt8(ascii: ".") { found.insert(.digitDot) }
            previousDigit = digit
            if digit {
                numberState = 1
            } else if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                numberState = numberState >= 1 ? 3 : 0
            } else if numberState == 3 && (byte >= 0x41 && byte <= 0x5A || byte >= 0x80) {
                found.insert(.numberThenCapital)
                numberState = 0
            } else {
                let letter = (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
                numberState = (numberState == 1 || numberState == 2) && (letter || byte == UInt8(ascii: ",")) ? 2 : 0
            }
            if found.isSuperset(of: shapes) { return true }
        }
        return false
    }
}

/// A detector made of one PCRE2 pattern and, where a checksum or rule exists, a validator that
/// rejects a match that only looks right. The span is the group named `value` when the pattern
/// has one (so that a cue such as "sort code" is not itself redacted), else the whole match.
public struct PatternDetector: SpanDetector {
    public let name: String
    public let type: String
    /// The kinds of byte (and shapes) a text must have for the pattern to be able to match.
    public let needs: TextTraits.Kinds
    /// The kinds that are shapes of several bytes, worked out only when the rest is there.
    private static let shapes: TextTraits.Kinds = [.digitDot, .numberThenCapital]
    /// The fewest digits a match holds.
    public let minimumDigits: Int
    /// Words (lowercase ASCII) one of which the text must hold, in any case, for the pattern to
    /// match ("sort" for a sort code, "birth" or "dob" for a date of birth); empty: none needed.
    let cues: [[UInt8]]
    /// Words (any case) one of which must be a word of the text: a cheap test on the text's word
    /// tokens that spares running the pattern ("son", "carer", "officer" for the relation cue).
    let triggers: WordSet?
    let pattern: PCRE2Pattern
    let validate: (@Sendable (UnsafeRawBufferPointer, Range<Int>) -> Bool)?
    private let valueGroup: Int?

    public init(name: String, type: String, pattern: PCRE2Pattern, needs: TextTraits.Kinds = [], minimumDigits: Int = 0,
                cues: [String] = [], triggers: [String]? = nil, validate: (@Sendable (UnsafeRawBufferPointer, Range<Int>) -> Bool)? = nil) {
        self.name = name
        self.triggers = triggers.map(WordSet.init)
        self.type = type
        self.pattern = pattern
        self.needs = needs
        self.minimumDigits = minimumDigits
        self.cues = cues.map { Array($0.lowercased().utf8) }
        self.validate = validate
        valueGroup = pattern.groupNames["value"]
    }

    public func detect(in text: UnsafeRawBufferPointer, traits: TextTraits, into spans: inout [DetectedSpan]) throws(RegexMatchError) {
        if triggers != nil {
            let scratch = WordTokens.Scratch(capacity: text.count)
            try withExtendedLifetime(scratch) { () throws(RegexMatchError) in
                try detect(in: text, traits: traits, words: WordTokens.cut(text, into: scratch), into: &spans)
            }
        } else {
            try detect(in: text, traits: traits, words: nil, into: &spans)
        }
    }

    /// As `detect(in:traits:into:)`, with the text's word tokens already cut (nil: not needed,
    /// the detector has no trigger words).
    func detect(in text: UnsafeRawBufferPointer, traits: TextTraits, words: UnsafeBufferPointer<WordTokens.Token>?,
                into spans: inout [DetectedSpan]) throws(RegexMatchError) {
        guard traits.kinds.isSuperset(of: needs.subtracting(Self.shapes)), traits.digits >= minimumDigits else { return }
        if !needs.isDisjoint(with: Self.shapes) && !TextTraits.hasShapes(needs.intersection(Self.shapes), in: text) { return }
        if let triggers, !(words.map { triggers.containsAny($0) } ?? false) { return }
        if !cues.isEmpty && !CheckDigits.containsAny(cues, in: text) { return }
        try pattern.forEachMatch(in: text) { match in
            let range = valueGroup.flatMap { match.range(ofGroup: $0) } ?? match.range
            if !range.isEmpty, validate?(text, range) ?? true {
                spans.append(DetectedSpan(range: range, type: type, detector: name))
            }
            return true
        }
    }
}

/// A few words, by the hash `WordTokens` gives a word token (FNV-1a of its lowercased bytes), in an
/// open-addressing table: asking whether any word of a text is one of them costs one probe a word.
struct WordSet: Sendable {
    private let slots: [UInt64]
    private let mask: Int

    init(_ words: [String]) {
        var size = 16
        while size < words.count * 4 { size *= 2 }
        var slots = [UInt64](repeating: 0, count: size)
        for word in words {
            let hash = WordTokens.hash(word.utf8)
            var slot = Int(truncatingIfNeeded: hash) & (size - 1)
            while slots[slot] != 0 && slots[slot] != hash { slot = (slot + 1) & (size - 1) }
            slots[slot] = hash
        }
        self.slots = slots
        mask = size - 1
    }

    func containsAny(_ tokens: UnsafeBufferPointer<WordTokens.Token>) -> Bool {
        for token in tokens {
            var slot = Int(truncatingIfNeeded: token.hash) & mask
            while slots[slot] != 0 {
                if slots[slot] == token.hash { return true }
                slot = (slot + 1) & mask
            }
        }
        return false
    }
}

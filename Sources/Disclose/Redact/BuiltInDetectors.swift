/// The detectors that ship with Disclose, one per kind of contact detail or identifier in DOMAIN.md.
/// Each is a PCRE2 pattern (compiled once, JIT) with the text traits it needs and, where a
/// checksum or rule exists, a validator. PERSON has detectors of its own (`PersonDetectors`).
public enum BuiltInDetectors {
    /// Every built-in detector except PERSON, in the order their spans win ties.
    public static func all() throws(RegexError) -> [PatternDetector] {
        [try email(), try phone(), try postcode(), try nationalInsurance(), try nhsNumber(), try card(),
         try sortCode(), try accountNumber(), try bankDetails(), try ipV4(), try ipV6(), try dateOfBirth(), try address()]
    }

    /// Every type the built-in detectors (PERSON included) report.
    public static let types = ["EMAIL", "PHONE", "POSTCODE", "ADDRESS", "NINO", "NHS_NUMBER", "DATE_OF_BIRTH", "CARD", "BANK", "IP_ADDRESS", "PERSON"]

    /// `name@example.org`, also with the OCR damage seen in scanned letters: a space beside the
    /// `@`, a comma for a dot (`name@council.gov,uk`).
    static func email() throws(RegexError) -> PatternDetector {
        PatternDetector(
            name: "email", type: "EMAIL",
            pattern: try PCRE2Pattern(#"(?<![\w.%+'-])[\w.%+'-]+ ?@ ?[\w-]+(?:(?:\.|,(?=[a-z]))[\w-]+)*(?:\.|,(?=[a-z]))[a-z]{2,}(?![\w-])"#, caseInsensitive: true),
            needs: [.at])
    }

    /// UK numbers in every common layout (`01709 822477`, `(01709) 822765`, `0113-496-0947`,
    /// `07700 900123`, `+44 (0)7700 900123`, `0800 731 9256`) with an extension, and `+CC`
    /// international numbers; checked against the UK numbering plan.
    static func phone() throws(RegexError) -> PatternDetector {
        let digit = #"(?:[ .\-]{0,2}\)?[ .\-]?\(?\d)"#
        let uk = #"(?:(?:\+|00) ?44 ?(?:\(0\) ?)?|\(?0)"# + digit + "{9,10}"
        let international = #"\+(?!44)[1-9]"# + digit + "{6,13}"
        let pattern = #"(?<![\d+])(?:"# + uk + "|" + international + #")(?!\d)(?: ?(?:ext\.?|extension|x) ?\d{1,5}(?!\d))?"#
        return PatternDetector(name: "phone", type: "PHONE", pattern: try PCRE2Pattern(pattern, caseInsensitive: true),
                               needs: [.digit], minimumDigits: 7, validate: CheckDigits.isPhoneNumber)
    }

    /// Every UK postcode format (A9 9AA, A99 9AA, AA9 9AA, AA99 9AA, A9A 9AA, AA9A 9AA, GIR 0AA),
    /// any case, with or without the space.
    static func postcode() throws(RegexError) -> PatternDetector {
        let outward = "[A-PR-UWYZ](?:[0-9][A-HJKPSTUW]|[0-9]{1,2}|[A-HK-Y][0-9][ABEHMNPRVWXY]|[A-HK-Y][0-9]{1,2})"
        let pattern = #"(?<![\w])(?:GIR ?0AA|"# + outward + #" {0,2}[0-9][ABD-HJLNP-UW-Z]{2})(?![\w])"#
        return PatternDetector(name: "postcode", type: "POSTCODE", pattern: try PCRE2Pattern(pattern, caseInsensitive: true),
                               needs: [.digit, .letter], minimumDigits: 1)
    }

    /// National Insurance numbers with a prefix HMRC allocates (not D, F, I, Q, U or V first; not
    /// D, F, I, O, Q, U or V second; not BG, GB, KN, NK, NT, TN or ZZ), spaced or not.
    static func nationalInsurance() throws(RegexError) -> PatternDetector {
        let pattern = #"(?<![\w-])(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]?(?![\w])"#
        return PatternDetector(name: "nino", type: "NINO", pattern: try PCRE2Pattern(pattern, caseInsensitive: true),
                               needs: [.digit, .letter], minimumDigits: 6)
    }

    /// NHS numbers: ten digits (3-3-4, spaced, hyphenated or not) with a valid mod-11 check digit.
    static func nhsNumber() throws(RegexError) -> PatternDetector {
        PatternDetector(name: "nhs_number", type: "NHS_NUMBER", pattern: try PCRE2Pattern(#"(?<![\d])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\d])"#),
                        needs: [.digit], minimumDigits: 10, validate: { CheckDigits.isNHSNumber(CheckDigits.digits($0, $1)) })
    }

    /// Payment card numbers: 13 to 19 digits starting 2-6 (the card networks' ranges), in groups
    /// separated by spaces or hyphens, passing the Luhn check.
    static func card() throws(RegexError) -> PatternDetector {
        PatternDetector(name: "card", type: "CARD", pattern: try PCRE2Pattern(#"(?<![\d])[2-6](?:[ -]{0,2}\d){12,18}(?![\d])"#),
                        needs: [.digit], minimumDigits: 13, validate: { CheckDigits.isCardNumber(CheckDigits.digits($0, $1)) })
    }

    /// A sort code after the words "sort code" (the words are kept).
    static func sortCode() throws(RegexError) -> PatternDetector {
        PatternDetector(name: "sort_code", type: "BANK",
                        pattern: try PCRE2Pattern(#"\bsort[ -]?code\b[\s:.-]*(?<value>\d{2}[ -]?\d{2}[ -]?\d{2})(?!\d)"#, caseInsensitive: true),
                        needs: [.digit, .letter], minimumDigits: 6, triggers: ["sort", "sortcode"])
    }

    /// An account number (7 or 8 digits) after "account number", "account no", "a/c" (the words are kept).
    static func accountNumber() throws(RegexError) -> PatternDetector {
        let pattern = #"\b(?:bank\s+)?(?:account|acc|a/c)\.?\s*(?:number|no\.?|num)?(?:\s+is)?[\s:.#-]*(?<value>\d{7,8})(?!\d)"#
        return PatternDetector(name: "account_number", type: "BANK", pattern: try PCRE2Pattern(pattern, caseInsensitive: true),
                               needs: [.digit, .letter], minimumDigits: 7, cues: ["acc", "a/c"])
    }

    /// A sort code followed by an account number with no words: `20-45-77 41234567`.
    static func bankDetails() throws(RegexError) -> PatternDetector {
        PatternDetector(name: "sort_code_and_account", type: "BANK",
                        pattern: try PCRE2Pattern(#"(?<![\d])\d{2}-\d{2}-\d{2}[ ,/]{1,3}\d{7,8}(?!\d)"#), needs: [.digit], minimumDigits: 13)
    }

    /// IPv4, also with zero-padded octets (`010.001.002.003`) and before a port (`10.0.0.5:8080`).
    static func ipV4() throws(RegexError) -> PatternDetector {
        PatternDetector(name: "ipv4", type: "IP_ADDRESS",
                        pattern: try PCRE2Pattern(#"(?<![\d.])(?:"# + ipV4Octet + #"\.){3}"# + ipV4Octet + #"(?!\d|\.\d)"#),
                        needs: [.digit, .digitDot], minimumDigits: 4)
    }

    private static let ipV4Octet = #"(?:25[0-5]|2[0-4]\d|[01]?\d?\d)"#

    /// IPv6: full, `::`-compressed (also leading `::1`), with an IPv4 tail (`::ffff:192.0.2.128`)
    /// and a zone (`fe80::1%eth0`).
    static func ipV6() throws(RegexError) -> PatternDetector {
        let group = "[0-9a-f]{1,4}"
        let ipv4 = #"(?:"# + ipV4Octet + #"\.){3}"# + ipV4Octet
        // The IPv4-tail forms first: PCRE2 takes the first alternative that matches.
        let forms = [
            "(?:(?:" + group + ":){1,5}:|::(?:ffff(?::0{1,4})?:)?)" + ipv4,
            "(?:" + group + ":){7}" + group,
            "(?:" + group + ":){1,6}:(?:" + group + ":){0,5}" + group,
            "::(?:" + group + ":){0,6}" + group,
        ]
        let pattern = #"(?<![\w:.])(?:"# + forms.joined(separator: "|") + #")(?:%[0-9a-z]+)?(?![\w:]|\.\d)"#
        return PatternDetector(name: "ipv6", type: "IP_ADDRESS", pattern: try PCRE2Pattern(pattern, caseInsensitive: true), needs: [.colon])
    }

    /// A date in a birth context: "DOB", "D.O.B.", "date of birth", "born", "birthday" up to 40
    /// bytes before it, or "aged" within 40 bytes either side. Dates with no such cue (received,
    /// responded, met) are case data, not personal data, and are kept.
    static func dateOfBirth() throws(RegexError) -> PatternDetector {
        let month = "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?"
        let date = #"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2}|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?"# + month
            + #",?\s+\d{4}|"# + month + #"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})"#
        let cues = ["dob", "d.o.b", "date of birth", "born", "birthday", "birth date", "date-of-birth"].map { Array($0.utf8) }
        let aged = [Array("aged".utf8)]
        return PatternDetector(
            name: "date_of_birth", type: "DATE_OF_BIRTH",
            pattern: try PCRE2Pattern(#"(?<![\d/.-])"# + date + #"(?![\d/])"#, caseInsensitive: true), needs: [.digit, .letter],
            minimumDigits: 4, triggers: ["dob", "d", "birth", "born", "birthday", "birthdate", "aged", "date"],
            validate: { text, range in
                CheckDigits.hasCue(cues, in: text, around: range, before: 40, after: 0)
                    || CheckDigits.hasCue(aged, in: text, around: range, before: 40, after: 40)
            })
    }

    /// A street address: a house number (after a flat or a named building, optionally) and one to
    /// three capitalised words ending in a street type, or a flat number and a named building
    /// (`Flat 11, St Ann's Tower, Moorgate Road`); then up to two comma-separated localities.
    /// A building or street named with no number ("Moorgate Street Town Hall") is not an address
    /// of a person and is kept.
    static func address() throws(RegexError) -> PatternDetector {
        let word = #"[\p{Lu}][\w'’-]*"#
        let flat = #"(?i:flat|apartment|apt|unit|room)\s+\d+[A-Za-z]?,?\s+"#
        let buildingType = "(?i:house|court|lodge|mansions|buildings?|cottages?|farm|tower|heights|point|place)"
        let building = #"(?:"# + word + #"\s+){1,3}"# + buildingType
        let streetType = "(?i:street|st|road|rd|lane|ln|avenue|ave|drive|dr|close|court|ct|crescent|cres|way|place|pl|grove|gardens|gdns"
            + "|terrace|walk|row|hill|park|view|square|sq|mews|rise|green|croft|parade|fold|gate|bank|vale|wynd|brae|chase|meadows?|approach|mount|yard)"
        // A street named by its type ("Church Lane"), or one word with a northern street ending ("Wellgate", "Hollowgate").
        let street = #"(?:(?:"# + word + #"\s+){1,3}"# + streetType + #"\b\.?|\p{Lu}\p{Ll}+(?:gate|side|field|moor|dale|holme|thorpe)\b)"#
        // Localities are words of letters: a postcode after the address is the postcode detector's.
        let place = #"\p{Lu}[\p{L}'’\-]*\b"#
        let locality = #"(?:,\s*"# + place + #"(?:\s+"# + place + "){0,2}){0,2}"
        // The house number is not the end of a longer number ("0121 531 0354 Victoria Park").
        let numbered = "(?:" + flat + ")?(?:" + building + #",?\s+)?(?<!\d[ .\-])\d{1,4}[A-Za-z]?,?\s+"# + street
        // A flat in a named building, with or without the street: "Flat 3, Beeversleigh, Greasbrough Road".
        let flatInBuilding = flat + #"(?:(?:(?:"# + word + #"\s+){0,2}"# + word + #",?\s+)?"# + street + "|" + building + #"(?:,?\s+"# + street + ")?)"
        let pattern = #"(?<![\w])(?:"# + numbered + "|" + flatInBuilding + ")" + locality
        return PatternDetector(name: "address", type: "ADDRESS", pattern: try PCRE2Pattern(pattern), needs: [.digit, .upper, .numberThenCapital], minimumDigits: 1)
    }
}

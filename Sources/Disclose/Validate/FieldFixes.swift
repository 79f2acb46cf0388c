/// The normalisations a rules file can declare, on a field's bytes. Each returns nil when it leaves
/// the value as it is (so that only real changes are counted), and never guesses: a value it cannot
/// read is left for the schema checks to report.
enum FieldFixes {
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    static func apply(_ kind: ValidationRules.Fix.Kind, map: [String: String], to value: [UInt8]) -> [UInt8]? {
        let fixed: [UInt8]?
        switch kind {
        case .trim: fixed = trimmed(value)
        case .collapseWhitespace: fixed = collapsed(value)
        case .caseFold: fixed = Array(folded(String(decoding: value, as: UTF8.self)).utf8)
        case .synonyms: fixed = map[folded(String(decoding: value, as: UTF8.self))].map { Array($0.utf8) }
        case .ukDate: fixed = isoDate(value)
        case .postcode: fixed = postcode(value)
        case .boolean: fixed = boolean(value)
        }
        guard let fixed, fixed != value else { return nil }
        return fixed
    }

    static func trimmed(_ value: [UInt8]) -> [UInt8] {
        guard let first = value.firstIndex(where: { !isSpace($0) }), let last = value.lastIndex(where: { !isSpace($0) }) else { return [] }
        return Array(value[first...last])
    }

    /// Runs of spaces, tabs and line breaks inside the value become one space; the ends are trimmed.
    static func collapsed(_ value: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(value.count)
        var pendingSpace = false
        for byte in value {
            if isSpace(byte) {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(0x20) }
                pendingSpace = false
                out.append(byte)
            }
        }
        return out
    }

    /// A vocabulary word as the vocabularies write it: lower case (A-Z only), trimmed, and each run of
    /// spaces, hyphens and underscores one `_` ("Part Upheld" -> "part_upheld").
    static func folded(_ text: String) -> String {
        var out: [UInt8] = []
        var pendingSeparator = false
        for byte in text.utf8 {
            if isSpace(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") {
                pendingSeparator = !out.isEmpty
            } else {
                if pendingSeparator { out.append(UInt8(ascii: "_")) }
                pendingSeparator = false
                out.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Any UK layout `UKDateParser` reads, as yyyy-mm-dd.
    static func isoDate(_ value: [UInt8]) -> [UInt8]? {
        let parsed = value.withUnsafeBytes { UKDateParser.parse(bytes: $0) }
        guard case let .date(dayNumber) = parsed else { return nil }
        return Array(CivilDate(dayNumber: dayNumber).iso.utf8)
    }

    /// A UK postcode in upper case with one space before the inward code ("s65 1aa" -> "S65 1AA");
    /// nil when the letters and digits do not have a postcode's shape.
    static func postcode(_ value: [UInt8]) -> [UInt8]? {
        let compact = value.filter { !isSpace($0) }.map { $0 >= 0x61 && $0 <= 0x7A ? $0 & ~0x20 : $0 }
        guard (5...7).contains(compact.count) else { return nil }
        let isLetter = { (byte: UInt8) in byte >= 0x41 && byte <= 0x5A }
        let isDigit = { (byte: UInt8) in byte >= 0x30 && byte <= 0x39 }
        let inward = compact.suffix(3), outward = compact.prefix(compact.count - 3)
        guard isDigit(inward[inward.startIndex]), inward.dropFirst().allSatisfy(isLetter),
              isLetter(outward[0]), outward.allSatisfy({ isLetter($0) || isDigit($0) }), outward.contains(where: isDigit)
        else { return nil }
        return Array(outward) + [0x20] + Array(inward)
    }

    /// yes/no variants as `yes` or `no`.
    static func boolean(_ value: [UInt8]) -> [UInt8]? {
        switch folded(String(decoding: value, as: UTF8.self)) {
        case "yes", "y", "true", "t", "1": Array("yes".utf8)
        case "no", "n", "false", "f", "0": Array("no".utf8)
        default: nil
        }
    }
}

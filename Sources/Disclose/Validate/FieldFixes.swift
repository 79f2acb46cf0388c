/// The normalisations a rules file can declare, on a field's bytes. Each leaves the value as it is
/// when there is nothing to do (so that only real changes are counted), and never guesses: a value
/// it cannot read is left for the schema checks to report. Written on bytes, without allocating,
/// because every fix runs on every row.
enum FieldFixes {
    /// What a fix did to a value.
    enum Result: Equatable {
        case unchanged
        /// The value is this part of the input (trimming).
        case part(Range<Int>)
        /// The value is the first `count` bytes written to the output.
        case written(Int)
    }

    /// The most bytes `kind` can write for an input of `count` bytes.
    static func outputCapacity(_ kind: ValidationRules.Fix.Kind, inputCount count: Int, longestSynonym: Int) -> Int {
        let room = outputRoom(kind, longestSynonym: longestSynonym)
        return room.fixed + room.perInputByte * count
    }

    /// The most bytes `kind` can write, as a fixed part plus so many per input byte (worked out
    /// once per fix, so that the hot path multiplies instead of switching on the kind).
    static func outputRoom(_ kind: ValidationRules.Fix.Kind, longestSynonym: Int) -> (fixed: Int, perInputByte: Int) {
        switch kind {
        case .trim: (0, 0)
        case .collapseWhitespace, .caseFold: (0, 1)
        case .synonyms: (longestSynonym, 0)
        case .ukDate: (10, 0)
        case .postcode: (8, 0)
        case .boolean: (3, 0)
        }
    }

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// Whether trim leaves `value` as it is: no space, tab or line break at either end.
    @inline(__always)
    static func trimLeavesAsIs(_ value: UnsafeRawBufferPointer) -> Bool {
        value.isEmpty || !isSpace(value[0]) && !isSpace(value[value.count - 1])
    }

    static func apply(_ kind: ValidationRules.Fix.Kind, synonyms: ValidationRules.SynonymTable?,
                      to value: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer) -> Result {
        switch kind {
        case .trim: return trim(value)
        case .collapseWhitespace: return collapse(value, output)
        case .caseFold: return fold(value, output)
        case .synonyms: return synonyms.map { synonym(value, $0, output) } ?? .unchanged
        case .ukDate: return isoDate(value, output)
        case .postcode: return postcode(value, output)
        case .boolean: return boolean(value, output)
        }
    }

    static func trim(_ value: UnsafeRawBufferPointer) -> Result {
        var start = 0, end = value.count
        while start < end && isSpace(value[start]) { start += 1 }
        while end > start && isSpace(value[end - 1]) { end -= 1 }
        return start == 0 && end == value.count ? .unchanged : .part(start..<end)
    }

    /// Runs of spaces, tabs and line breaks inside the value become one space; the ends are trimmed.
    static func collapse(_ value: UnsafeRawBufferPointer, _ output: UnsafeMutableRawBufferPointer) -> Result {
        guard !collapseLeavesAsIs(value) else { return .unchanged }
        return .written(joinWords(value, into: output, separatedBy: isSpace, joiner: 0x20, lowercase: false))
    }

    /// Whether collapse leaves `value` as it is: no space, tab or line break at either end, and
    /// none inside that is not a lone space between two other bytes.
    static func collapseLeavesAsIs(_ value: UnsafeRawBufferPointer) -> Bool {
        // Sixteen pairs of neighbouring bytes at a time first: a value with no byte below a space
        // (tabs, line breaks, other controls) and no two spaces side by side needs nothing once
        // its ends are not spaces; one that has either is checked byte by byte.
        let count = value.count
        guard count > 0 else { return true }
        guard trimLeavesAsIs(value) else { return false }
        if count > 16 && !hasControlOrDoubleSpace(value) { return true }
        let last = count - 1
        for index in 0...last {
            let byte = value[index]
            if byte <= 0x20 && isSpace(byte) && (byte != 0x20 || index == 0 || index == last || isSpace(value[index + 1])) {
                return false
            }
        }
        return true
    }

    /// Whether a value of more than 16 bytes has a byte below a space before its last byte, or two
    /// spaces side by side: each pair of neighbouring bytes, sixteen pairs a load (the last load
    /// overlaps the one before). (The last byte is trim's to judge; a pair whose bytes OR to a
    /// space is two spaces, or holds a byte below a space that the other test finds.)
    @inline(__always)
    private static func hasControlOrDoubleSpace(_ value: UnsafeRawBufferPointer) -> Bool {
        let base = value.baseAddress!, lastStart = value.count - 17
        let space = SIMD16<UInt8>(repeating: 0x20)
        var start = 0
        while true {
            let at = min(start, lastStart)
            let here = base.loadUnaligned(fromByteOffset: at, as: SIMD16<UInt8>.self)
            let next = base.loadUnaligned(fromByteOffset: at + 1, as: SIMD16<UInt8>.self)
            let found = here .< space .| ((here | next) .== space)
            // Read as two words: the mask's reductions are not inlined, its lanes are 0 or all ones.
            let lanes = unsafeBitCast(found, to: (UInt64, UInt64).self)
            if lanes.0 | lanes.1 != 0 { return true }
            if at == lastStart { return false }
            start += 16
        }
    }

    /// Writes `value` into `output` with each run of separator bytes made one `joiner` between
    /// words (none at the ends), A-Z lowercased when asked; returns the length written.
    @inline(__always)
    private static func joinWords(_ value: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer,
                                  separatedBy isSeparator: (UInt8) -> Bool, joiner: UInt8, lowercase: Bool) -> Int {
        var count = 0, pendingSeparator = false
        for byte in value {
            if isSeparator(byte) {
                pendingSeparator = count > 0
            } else {
                if pendingSeparator { output[count] = joiner; count += 1 }
                pendingSeparator = false
                output[count] = lowercase && byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                count += 1
            }
        }
        return count
    }

    @inline(__always)
    private static func isSeparator(_ byte: UInt8) -> Bool { isSpace(byte) || byte == 0x2D || byte == 0x5F }

    /// Per byte, for `fold`: 1 if folding changes it (A-Z, spaces, hyphen), 2 for `_`, else 0.
    private static let foldClasses: [UInt8] = (0...255).map { byte in
        (0x41...0x5A).contains(byte) || [0x20, 0x09, 0x0A, 0x0D, 0x2D].contains(byte) ? 1 : byte == 0x5F ? 2 : 0
    }

    /// A vocabulary word as the vocabularies write it: lower case (A-Z only), trimmed, and each run of
    /// spaces, hyphens and underscores one `_` ("Part Upheld" -> "part_upheld").
    /// With `checkOnly`, says only whether folding would change the value (`.written(0)` if so).
    static func fold(_ value: UnsafeRawBufferPointer, _ output: UnsafeMutableRawBufferPointer, checkOnly: Bool = false) -> Result {
        var needed = false
        foldClasses.withUnsafeBufferPointer { classes in
            for index in value.indices where classes[Int(value[index])] != 0 {
                // 1: always changes; 2: an underscore, which changes at an end or doubled.
                if classes[Int(value[index])] == 1 || index == 0 || index == value.count - 1 || value[index + 1] == 0x5F {
                    needed = true
                    break
                }
            }
        }
        guard needed else { return .unchanged }
        return checkOnly ? .written(0) : .written(foldedCount(value, into: output))
    }

    /// Writes the folded form of `value` into `output` (room for `value.count` bytes); its length.
    private static func foldedCount(_ value: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Int {
        joinWords(value, into: output, separatedBy: isSeparator, joiner: 0x5F, lowercase: true)
    }

    /// The canonical value for a variant: the value is folded and looked up among the folded variants.
    static func synonym(_ value: UnsafeRawBufferPointer, _ synonyms: ValidationRules.SynonymTable,
                        _ output: UnsafeMutableRawBufferPointer) -> Result {
        guard value.count <= 64 else { return .unchanged }
        func lookUp(_ folded: UnsafeRawBufferPointer) -> Result {
            guard let match = synonyms.entries.first(where: { $0.variant.equals(folded) }), !match.value.equals(value) else {
                return .unchanged
            }
            match.value.withUnsafeBytes { output.copyMemory(from: $0) }
            return .written(match.value.count)
        }
        // A value already folded (after case_fold, nearly all) is looked up as it is.
        if fold(value, UnsafeMutableRawBufferPointer(start: nil, count: 0), checkOnly: true) == .unchanged { return lookUp(value) }
        return withUnsafeTemporaryAllocation(byteCount: 64, alignment: 1) { buffer in
            lookUp(UnsafeRawBufferPointer(rebasing: buffer[0..<foldedCount(value, into: buffer)]))
        }
    }

    /// Writes the ten bytes of a checked `dd/mm/yyyy` date as `yyyy-mm-dd` (its digits moved).
    @inline(__always)
    static func writeISO(ofUKDate value: UnsafeRawBufferPointer, to target: UnsafeMutableRawPointer) {
        target.storeBytes(of: value.loadUnaligned(fromByteOffset: 6, as: UInt32.self), as: UInt32.self)
        target.storeBytes(of: 0x2D, toByteOffset: 4, as: UInt8.self)
        target.storeBytes(of: value.loadUnaligned(fromByteOffset: 3, as: UInt16.self), toByteOffset: 5, as: UInt16.self)
        target.storeBytes(of: 0x2D, toByteOffset: 7, as: UInt8.self)
        target.storeBytes(of: value.loadUnaligned(fromByteOffset: 0, as: UInt16.self), toByteOffset: 8, as: UInt16.self)
    }

    /// Any UK layout `UKDateParser` reads, as yyyy-mm-dd.
    static func isoDate(_ value: UnsafeRawBufferPointer, _ output: UnsafeMutableRawBufferPointer) -> Result {
        if value.count == 10 && value[4] == 0x2D && value[7] == 0x2D { return .unchanged }
        // dd/mm/yyyy, the layout nearly every export uses: the digits move, once the date is checked.
        if UKDateParser.hasSlashedLayout(value) {
            guard UKDateParser.slashedDigits(value) != nil else { return .unchanged }
            writeISO(ofUKDate: value, to: output.baseAddress!)
            return .written(10)
        }
        guard case let .date(dayNumber) = UKDateParser.parse(bytes: value) else { return .unchanged }
        let date = CivilDate(dayNumber: dayNumber)
        guard (0...9999).contains(date.year) else { return .unchanged }
        func digits(_ number: Int, _ width: Int, at offset: Int) {
            var rest = number
            for place in stride(from: offset + width - 1, through: offset, by: -1) {
                output[place] = UInt8(0x30 + rest % 10)
                rest /= 10
            }
        }
        digits(date.year, 4, at: 0)
        output[4] = 0x2D
        digits(date.month, 2, at: 5)
        output[7] = 0x2D
        digits(date.day, 2, at: 8)
        return .written(10)
    }

    /// A UK postcode in upper case with one space before the inward code ("s65 1aa" -> "S65 1AA");
    /// unchanged when the letters and digits do not have a postcode's shape.
    static func postcode(_ value: UnsafeRawBufferPointer, _ output: UnsafeMutableRawBufferPointer) -> Result {
        if isWrittenAsPostcode(value) { return .unchanged }
        var compact: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0)
        var count = 0
        let shaped: Bool = withUnsafeMutableBytes(of: &compact) { compact in
            for byte in value where !isSpace(byte) {
                guard count < 7 else { return false }
                compact[count] = byte >= 0x61 && byte <= 0x7A ? byte & ~0x20 : byte
                count += 1
            }
            guard count >= 5 else { return false }
            let isLetter = { (byte: UInt8) in byte >= 0x41 && byte <= 0x5A }
            let isDigit = { (byte: UInt8) in byte >= 0x30 && byte <= 0x39 }
            let outward = count - 3
            guard isDigit(compact[outward]), isLetter(compact[outward + 1]), isLetter(compact[outward + 2]), isLetter(compact[0]) else { return false }
            var hasDigit = false
            for index in 0..<outward {
                guard isLetter(compact[index]) || isDigit(compact[index]) else { return false }
                hasDigit = hasDigit || isDigit(compact[index])
            }
            guard hasDigit else { return false }
            for index in 0..<outward { output[index] = compact[index] }
            output[outward] = 0x20
            for index in outward..<count { output[index + 1] = compact[index] }
            return true
        }
        guard shaped, !UnsafeRawBufferPointer(rebasing: output[0...count]).equals(value) else { return .unchanged }
        return .written(count + 1)
    }

    /// Whether `value` is a postcode written as the fix writes one (`S60 6YU`: upper case, one
    /// space before the inward code), which the fix leaves as it is: the usual postcode, decided
    /// without taking it apart.
    @inline(__always)
    private static func isWrittenAsPostcode(_ value: UnsafeRawBufferPointer) -> Bool {
        let count = value.count
        guard count >= 6 && count <= 8 && value[count - 4] == 0x20 else { return false }
        let isLetter = { (byte: UInt8) in byte >= 0x41 && byte <= 0x5A }
        let isDigit = { (byte: UInt8) in byte >= 0x30 && byte <= 0x39 }
        guard isDigit(value[count - 3]) && isLetter(value[count - 2]) && isLetter(value[count - 1]) && isLetter(value[0]) else { return false }
        var hasDigit = false
        for index in 1..<(count - 4) {
            let byte = value[index]
            guard isLetter(byte) || isDigit(byte) else { return false }
            hasDigit = hasDigit || isDigit(byte)
        }
        return hasDigit
    }

    private static let yes = Array("yes".utf8), no = Array("no".utf8)
    private static let yesWords = ["yes", "y", "true", "t", "1"].map { Array($0.utf8) }
    private static let noWords = ["no", "n", "false", "f", "0"].map { Array($0.utf8) }

    /// yes/no variants as `yes` or `no`.
    static func boolean(_ value: UnsafeRawBufferPointer, _ output: UnsafeMutableRawBufferPointer) -> Result {
        guard value.count <= 8, !yes.equals(value), !no.equals(value) else { return .unchanged }
        return withUnsafeTemporaryAllocation(byteCount: 8, alignment: 1) { buffer in
            let folded = UnsafeRawBufferPointer(rebasing: buffer[0..<foldedCount(value, into: buffer)])
            let answer = yesWords.contains { $0.equals(folded) } ? yes : noWords.contains { $0.equals(folded) } ? no : nil
            guard let answer else { return .unchanged }
            answer.withUnsafeBytes { output.copyMemory(from: $0) }
            return .written(answer.count)
        }
    }

    // MARK: On arrays and strings (configuration and tests)

    /// `text` folded as `fold` folds a value.
    static func folded(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var output = [UInt8](repeating: 0, count: bytes.count)
        let count = bytes.withUnsafeBytes { input in output.withUnsafeMutableBytes { foldedCount(input, into: $0) } }
        return String(decoding: output[0..<count], as: UTF8.self)
    }

    /// `value` after `fix`, or nil when the fix leaves it as it is.
    static func apply(_ fix: ValidationRules.Fix, to value: [UInt8]) -> [UInt8]? {
        var output = [UInt8](repeating: 0, count: max(outputCapacity(fix.kind, inputCount: value.count, longestSynonym: fix.synonyms.longest), 1))
        let result = value.withUnsafeBytes { input in output.withUnsafeMutableBytes { apply(fix.kind, synonyms: fix.synonyms, to: input, output: $0) } }
        switch result {
        case .unchanged: return nil
        case let .part(range): return Array(value[range])
        case let .written(count): return Array(output[0..<count])
        }
    }
}

/// Reads the dates UK case exports hold: `dd/mm/yyyy`, `d/m/yy`, `yyyy-mm-dd` and `12 March 2019`
/// (or `12 Mar 2019`). Day-first only: `03/12/2019` is 3 December, and `12/31/2019` is not a date
/// (the US order is never guessed). Two-digit years are 2000-2069 or 1970-1999.
public enum UKDateParser {
    private static let months = ["january", "february", "march", "april", "may", "june", "july", "august",
                                 "september", "october", "november", "december"]

    /// The date in `text` (spaces around it ignored), or nil if it is not a date in these forms.
    public static func parse(_ text: Substring) -> CivilDate? {
        var copy = String(text)
        return copy.withUTF8 { bytes in
            if case let .date(dayNumber) = parse(bytes: UnsafeRawBufferPointer(bytes)) { return CivilDate(dayNumber: dayNumber) }
            return nil
        }
    }

    /// `12 March 2019` or `12 Mar 2019` (the forms with a month name), already trimmed.
    private static func parseWithMonthName(_ trimmed: Substring) -> CivilDate? {
        let words = trimmed.split(separator: " ")
        guard words.count == 3, let day = Int(words[0]), words[2].count == 4, let year = Int(words[2]) else { return nil }
        let name = words[1].lowercased()
        guard name.count >= 3, let month = months.firstIndex(where: { $0 == name || ($0.hasPrefix(name) && name.count == 3) }) else {
            return nil
        }
        return CivilDate(year: year, month: month + 1, day: day)
    }

    public static func parse(_ text: String) -> CivilDate? { parse(text[...]) }

    /// What a field holds, read from its bytes: nothing, a date, or something that is not a date.
    enum FieldDate {
        case empty
        case date(dayNumber: Int)
        case invalid
    }

    /// Reads a field's bytes. The numeric forms are read without building a `String` (the hot
    /// path); a month name goes through `parseWithMonthName`.
    static func parse(bytes: UnsafeRawBufferPointer) -> FieldDate {
        if bytes.count == 10, let day = tenByteDate(bytes) { return .date(dayNumber: day) }
        let trimmed = bytes.trimmingSpaces
        if trimmed.isEmpty { return .empty }
        var numbers = (0, 0, 0), digits = (0, 0, 0), part = 0, separator: UInt8 = 0
        for byte in trimmed {
            if byte >= 0x30 && byte <= 0x39 {
                let digit = Int(byte - 0x30)
                switch part {
                case 0: numbers.0 = numbers.0 * 10 + digit; digits.0 += 1
                case 1: numbers.1 = numbers.1 * 10 + digit; digits.1 += 1
                default: numbers.2 = numbers.2 * 10 + digit; digits.2 += 1
                }
            } else if (byte == 0x2F || byte == 0x2D) && part < 2 && (separator == 0 || separator == byte) {
                separator = byte
                part += 1
            } else {
                // Letters: only the month-name form can be a date.
                let text = String(decoding: trimmed, as: UTF8.self)
                return parseWithMonthName(text[...]).map { .date(dayNumber: $0.dayNumber) } ?? .invalid
            }
        }
        guard part == 2 else { return .invalid }
        let date: CivilDate?
        if separator == 0x2F {
            guard (1...2).contains(digits.0), (1...2).contains(digits.1), digits.2 == 4 || digits.2 == 2 else { return .invalid }
            let year = digits.2 == 2 ? numbers.2 + (numbers.2 < 70 ? 2000 : 1900) : numbers.2
            date = CivilDate(year: year, month: numbers.1, day: numbers.0)
        } else {
            guard digits.0 == 4, digits.1 == 2, digits.2 == 2 else { return .invalid }
            date = CivilDate(year: numbers.0, month: numbers.1, day: numbers.2)
        }
        return date.map { .date(dayNumber: $0.dayNumber) } ?? .invalid
    }
}

extension UKDateParser {
    /// `dd/mm/yyyy` or `yyyy-mm-dd` exactly (the layouts nearly every field holds) as a day number;
    /// nil for anything else, which the general reader then decides.
    @inline(__always)
    private static func tenByteDate(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard hasSlashedLayout(bytes) else { return isoDayNumber(bytes) }
        guard let date = slashedDigits(bytes) else { return nil }
        return CivilDate.dayNumber(year: date.year, month: date.month, day: date.day)
    }

    /// Whether a value is laid out as `dd/mm/yyyy`: ten bytes, slashes in their places (its digits
    /// are for `slashedDigits` to read).
    @inline(__always)
    static func hasSlashedLayout(_ value: UnsafeRawBufferPointer) -> Bool {
        value.count == 10 && value[2] == 0x2F && value[5] == 0x2F
    }

    /// The date of a value laid out as `dd/mm/yyyy`; nil unless its eight digits make a real date.
    @inline(__always)
    static func slashedDigits(_ value: UnsafeRawBufferPointer) -> (year: Int, month: Int, day: Int)? {
        fixedDigits(value, year: 6, month: 3, day: 0)
    }

    /// `yyyy-mm-dd` exactly, as a day number, read from the bytes; nil for anything else.
    static func isoDayNumber(_ value: UnsafeRawBufferPointer) -> Int? {
        guard value.count == 10, value[4] == 0x2D, value[7] == 0x2D,
              let date = fixedDigits(value, year: 0, month: 5, day: 8) else { return nil }
        return CivilDate.dayNumber(year: date.year, month: date.month, day: date.day)
    }

    /// A date written in fixed places: four digits of year at `year`, two of month at `month` and
    /// two of day at `day`; nil unless all eight are digits and make a real date. For the layouts
    /// read on hot paths (`yyyy-mm-dd` and `dd/mm/yyyy`). The eight digits are gathered into one
    /// word and checked and read together, a byte each.
    @inline(__always)
    static func fixedDigits(_ value: UnsafeRawBufferPointer, year: Int, month: Int, day: Int) -> (year: Int, month: Int, day: Int)? {
        let word = UInt64(UInt32(littleEndian: value.loadUnaligned(fromByteOffset: year, as: UInt32.self)))
            | UInt64(UInt16(littleEndian: value.loadUnaligned(fromByteOffset: month, as: UInt16.self))) << 32
            | UInt64(UInt16(littleEndian: value.loadUnaligned(fromByteOffset: day, as: UInt16.self))) << 48
        // Each byte less '0': one below '0' borrows and sets its top bit; one above '9' sets it once 0x76 is added.
        let digits = word &- 0x3030_3030_3030_3030
        guard (digits | (digits &+ 0x7676_7676_7676_7676)) & 0x8080_8080_8080_8080 == 0 else { return nil }
        // Neighbouring digits made two-digit numbers, in bytes 0, 2, 4 and 6.
        let pairs = (digits &* 10 &+ digits >> 8) & 0x00FF_00FF_00FF_00FF
        let date = (year: Int(pairs & 0xFF) * 100 + Int(pairs >> 16 & 0xFF), month: Int(pairs >> 32 & 0xFF), day: Int(pairs >> 48 & 0xFF))
        guard date.month >= 1, date.month <= 12, date.day >= 1, date.day <= CivilDate.daysIn(month: date.month, year: date.year) else { return nil }
        return date
    }

    /// The day number of a field holding a date in any layout `parse` reads; nil otherwise.
    static func dayNumber(bytes: UnsafeRawBufferPointer) -> Int? {
        if case let .date(day) = parse(bytes: bytes) { return day }
        return nil
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result.removeFirst() }
        while let last = result.last, last == " " || last == "\t" { result.removeLast() }
        return result
    }
}

/// Reads the dates UK case exports hold: `dd/mm/yyyy`, `d/m/yy`, `yyyy-mm-dd` and `12 March 2019`
/// (or `12 Mar 2019`). Day-first only: `03/12/2019` is 3 December, and `12/31/2019` is not a date
/// (the US order is never guessed). Two-digit years are 2000-2069 or 1970-1999.
public enum UKDateParser {
    private static let months = ["january", "february", "march", "april", "may", "june", "july", "august",
                                 "september", "october", "november", "december"]

    /// The date in `text` (spaces around it ignored), or nil if it is not a date in these forms.
    public static func parse(_ text: Substring) -> CivilDate? {
        let trimmed = text.trimmingSpaces
        if trimmed.contains("/") {
            let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 3, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count),
                  parts[2].count == 4 || parts[2].count == 2,
                  let day = Int(parts[0]), let month = Int(parts[1]), var year = Int(parts[2]) else { return nil }
            if parts[2].count == 2 { year += year < 70 ? 2000 : 1900 }
            return CivilDate(year: year, month: month, day: day)
        }
        if trimmed.contains("-") { return CivilDate(iso: String(trimmed)) }
        let words = trimmed.split(separator: " ")
        guard words.count == 3, let day = Int(words[0]), words[2].count == 4, let year = Int(words[2]) else { return nil }
        let name = words[1].lowercased()
        guard name.count >= 3, let month = months.firstIndex(where: { $0 == name || ($0.hasPrefix(name) && name.count == 3) }) else {
            return nil
        }
        return CivilDate(year: year, month: month + 1, day: day)
    }

    public static func parse(_ text: String) -> CivilDate? { parse(text[...]) }
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

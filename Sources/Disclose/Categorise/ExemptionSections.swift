/// Reads the exemptions an FOI log records ("S.40(2), s43 (2)", "section 21", "Reg 12(5)(e)") as
/// section numbers in one spelling: `s40(2);s43(2)`, `reg 12(5)(e)`.
enum ExemptionSections {
    private static let section = try! PCRE2Pattern(
        #"^\s*(?:(?<s>s|sec|section)\.?\s*(?<sn>\d+[A-Z]?)|(?<r>r|reg|regulation)\.?\s*(?<rn>\d+))(?<sub>(?:\s*\(\s*[0-9a-z]+\s*\))*)\s*$"#,
        caseInsensitive: true)

    /// The exemptions in canonical form, in the order given, or nil if a piece is not an
    /// exemption reference (it is reported, never guessed).
    static func parse(_ text: String) -> String? {
        var sections: [String] = []
        for piece in text.split(whereSeparator: { $0 == ";" || $0 == "," }) where !piece.allSatisfy({ $0 == " " }) {
            let bytes = Array(piece.utf8)
            var found: String?
            try? bytes.withUnsafeBytes { raw in
                try section.forEachMatch(in: raw) { match in
                    let sub = match.range(ofGroup: "sub").map { String(decoding: bytes[$0], as: UTF8.self) } ?? ""
                    let parts = sub.lowercased().filter { $0 != " " }
                    if let number = match.range(ofGroup: "sn") {
                        found = "s" + String(decoding: bytes[number], as: UTF8.self).uppercased() + parts
                    } else if let number = match.range(ofGroup: "rn") {
                        found = "reg " + String(decoding: bytes[number], as: UTF8.self) + parts
                    }
                    return false
                }
            }
            guard let found else { return nil }
            sections.append(found)
        }
        return sections.joined(separator: ";")
    }
}

import Yams

/// How a published table is protected: which counts are too small to show, whether zeros are,
/// and what is shown in a suppressed cell's place. The presets name the guidance they follow, and
/// every published table's JSON says which was used.
public struct DisclosurePolicy: Sendable, Equatable {
    /// The preset's name, or `custom`.
    public let name: String
    /// Where the rule comes from, for the table's metadata.
    public let source: String
    /// Counts from 1 to `threshold − 1` are suppressed.
    public let threshold: Int
    public let suppressZeros: Bool
    /// Shown in place of a suppressed count or percentage.
    public let symbol: String
    /// When set, every count shown is rounded to the nearest multiple (halves up), totals too,
    /// each on its own; percentages are then worked out from the shown counts.
    public let roundingBase: Int?

    public init(name: String, source: String, threshold: Int, suppressZeros: Bool = false, symbol: String = "[c]", roundingBase: Int? = nil) {
        self.name = name
        self.source = source
        self.threshold = threshold
        self.suppressZeros = suppressZeros
        self.symbol = symbol
        self.roundingBase = roundingBase
    }

    /// The presets, by name.
    public static let presets: [String: DisclosurePolicy] = [
        "gss": DisclosurePolicy(name: "gss", source: "Government Statistical Service disclosure control guidance: counts of 1 and 2 suppressed", threshold: 3),
        "ukhsa": DisclosurePolicy(name: "ukhsa", source: "UK Health Security Agency small numbers guidance: counts under 5 suppressed", threshold: 5),
        "nhsd": DisclosurePolicy(name: "nhsd", source: "NHS Digital small numbers rule: counts of 1 to 7 suppressed, other counts rounded to the nearest 5",
                                 threshold: 8, roundingBase: 5),
        "tre": DisclosurePolicy(name: "tre", source: "Trusted research environment output checking: counts under 10 suppressed", threshold: 10),
    ]

    /// Without a policy in the tables file: counts under 5 suppressed (the `ukhsa` preset).
    public static let standard = presets["ukhsa"]!

    /// Reads `disclosure: {policy: NAME, threshold: N, suppress_zeros: BOOL, symbol: TEXT}`; each
    /// key is optional and overrides the preset's value (a threshold alone makes a custom policy).
    static func read(_ node: Node, base: DisclosurePolicy, problems: inout YAMLProblems) -> DisclosurePolicy {
        guard node.mapping != nil else {
            problems.report(node, "disclosure is {policy: \(presets.keys.sorted().joined(separator: " | ")), threshold: N, suppress_zeros: true|false, round_to: N, symbol: text}")
            return base
        }
        var policy = base
        if let name = node["policy"]?.scalarText {
            if let preset = presets[name] { policy = preset } else {
                problems.report(node["policy"], "unknown disclosure policy '\(name)' (known: \(presets.keys.sorted().joined(separator: ", ")))")
            }
        }
        var threshold = policy.threshold
        if let value = node["threshold"] {
            if let number = value.int, number >= 1 { threshold = number } else { problems.report(value, "threshold is a whole number of at least 1") }
        }
        var zeros = policy.suppressZeros
        if let value = node["suppress_zeros"] {
            if let flag = value.bool { zeros = flag } else { problems.report(value, "suppress_zeros is true or false") }
        }
        var base = policy.roundingBase
        if let value = node["round_to"] {
            if let number = value.int, number >= 2 { base = number } else { problems.report(value, "round_to is a whole number of at least 2") }
        }
        let symbol = node["symbol"]?.scalarText ?? policy.symbol
        let custom = threshold != policy.threshold || zeros != policy.suppressZeros || base != policy.roundingBase
        let rule = "counts under \(threshold) suppressed\(zeros ? ", and zeros" : "")\(base.map { ", the rest rounded to the nearest \($0)" } ?? "")"
        return DisclosurePolicy(name: custom ? "custom" : policy.name, source: custom ? "this tables file: \(rule)" : policy.source,
                                threshold: threshold, suppressZeros: zeros, symbol: symbol, roundingBase: base)
    }
}

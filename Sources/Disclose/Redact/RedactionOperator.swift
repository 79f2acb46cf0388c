import Crypto
import Foundation

/// What is done with personal data once found, per type or per column.
public enum RedactionOperator: Sendable, Equatable {
    /// `[PERSON]`, `[PHONE]`, ...
    case replace
    /// Every letter and digit but the last `keepLast` becomes `*`; separators stay.
    case mask(keepLast: Int)
    /// A stable token (`PERSON-7f3a9c1e`): HMAC-SHA256 of the normalised value with a secret key,
    /// so the same person is the same token across rows, files and runs with the same key.
    case pseudonymise
    /// Postcode -> outward code; date of birth -> age band on a date.
    case generalise
    /// Emptied.
    case drop
    /// Left as it is.
    case keep

    public var name: String {
        switch self {
        case .replace: "replace"
        case .mask: "mask"
        case .pseudonymise: "pseudonymise"
        case .generalise: "generalise"
        case .drop: "drop"
        case .keep: "keep"
        }
    }

    /// The types `generalise` knows how to generalise.
    static let generalisable: Set<String> = ["POSTCODE", "DATE_OF_BIRTH"]
}

/// Why a value could not be redacted; the row is quarantined with it (never the value).
struct RedactionFailure: Error {
    let rule: String
    let reason: String
}

/// Applies operators to spans. Holds the pseudonym key (never written anywhere) and the date age
/// bands are worked out on.
struct RedactionOperators: Sendable {
    /// HMAC-SHA256 already keyed with the pseudonym key: each pseudonym copies it (a value) and
    /// adds the value, rather than keying a new one. Never changed after init, so sharing it
    /// between workers is safe; swift-crypto does not mark it `Sendable`.
    private nonisolated(unsafe) let keyed: HMAC<SHA256>?
    let ageOn: CivilDate?

    init(key: [UInt8]?, ageOn: CivilDate?) {
        keyed = key.map { HMAC<SHA256>(key: SymmetricKey(data: $0)) }
        self.ageOn = ageOn
    }

    /// The bytes that stand in for `value`, a span of type `type`; `identity` (a known person's
    /// full name) is what a pseudonym is made from when the span is only part of that name.
    func apply(_ op: RedactionOperator, type: String, value: UnsafeRawBufferPointer, identity: [UInt8]? = nil) throws(RedactionFailure) -> [UInt8] {
        switch op {
        case .keep:
            return Array(value)
        case .drop:
            return []
        case .replace:
            var out: [UInt8] = [UInt8(ascii: "[")]
            out += type.utf8
            out.append(UInt8(ascii: "]"))
            return out
        case let .mask(keepLast):
            var out = Array(value)
            var kept = 0
            for index in out.indices.reversed() where Self.isAlphanumeric(out[index]) {
                if kept < keepLast { kept += 1 } else { out[index] = UInt8(ascii: "*") }
            }
            return out
        case .pseudonymise:
            guard var hmac = keyed else { throw RedactionFailure(rule: "redact.pseudonymise", reason: "no pseudonym key") }
            hmac.update(data: identity ?? Self.normalised(value, type: type))
            let code = hmac.finalize()
            var out = Array(type.utf8)
            out.append(UInt8(ascii: "-"))
            for byte in code.prefix(4) {
                out.append(Self.hexDigits[Int(byte >> 4)])
                out.append(Self.hexDigits[Int(byte & 0x0F)])
            }
            return out
        case .generalise:
            return try generalise(type: type, value: value)
        }
    }

    private func generalise(type: String, value: UnsafeRawBufferPointer) throws(RedactionFailure) -> [UInt8] {
        switch type {
        case "POSTCODE":
            // The outward code: all but the inward code's three characters.
            let compact = value.filter { $0 != 0x20 }.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
            guard compact.count >= 5 else { throw RedactionFailure(rule: "redact.generalise", reason: "not a full postcode, so no outward code to keep") }
            return Array(compact.dropLast(3))
        case "DATE_OF_BIRTH":
            guard let ageOn else { throw RedactionFailure(rule: "redact.generalise", reason: "no as_of date to work out an age band on") }
            guard case let .date(dayNumber) = UKDateParser.parse(bytes: value), dayNumber <= ageOn.dayNumber else {
                throw RedactionFailure(rule: "redact.generalise", reason: "the date of birth could not be read as a date up to as_of")
            }
            return Array(AgeBand.label(years: Self.age(born: CivilDate(dayNumber: dayNumber), on: ageOn)).utf8)
        default:
            throw RedactionFailure(rule: "redact.generalise", reason: "\(type) cannot be generalised")
        }
    }

    /// Whole years between two dates.
    static func age(born: CivilDate, on day: CivilDate) -> Int {
        var years = day.year - born.year
        if (day.month, day.day) < (born.month, born.day) { years -= 1 }
        return years
    }

    /// What a pseudonym is made from: the value in one canonical form, so that `07700 900123` and
    /// `07700-900-123`, or `Evie Hirst` and `EVIE  HIRST`, give one token.
    static func normalised(_ value: UnsafeRawBufferPointer, type: String) -> [UInt8] {
        switch type {
        case "PHONE", "NHS_NUMBER", "CARD", "BANK":
            return value.filter { $0 >= 0x30 && $0 <= 0x39 }
        case "POSTCODE", "NINO":
            return value.filter { $0 != 0x20 }.map(WordTokens.lower)
        default:
            var out: [UInt8] = []
            var space = false
            for byte in value {
                if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                    space = !out.isEmpty
                } else {
                    if space { out.append(0x20) }
                    space = false
                    out.append(WordTokens.lower(byte))
                }
            }
            return out
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A) || byte >= 0x80
    }
}

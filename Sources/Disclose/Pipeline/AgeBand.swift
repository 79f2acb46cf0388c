/// The age bands of the canonical `age_band` column (Pipelines/schemas/complaints.json) and of the
/// equality-monitoring tables: one definition, so that a date of birth generalised by the redact
/// stage lands in the same bands as the ages the data already holds.
enum AgeBand {
    /// The band for an age in whole years: `0-15`, `16-24`, `25-34`, ... `65-74`, `75+`.
    static func label(years: Int) -> String {
        switch years {
        case ..<16: "0-15"
        case 16...24: "16-24"
        case 25...34: "25-34"
        case 35...44: "35-44"
        case 45...54: "45-54"
        case 55...64: "55-64"
        case 65...74: "65-74"
        default: "75+"
        }
    }
}

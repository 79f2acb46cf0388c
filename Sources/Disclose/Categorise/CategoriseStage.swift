/// Adds the derived columns of DOMAIN.md that every timeliness KPI depends on: due dates, days
/// taken, within timescale, overdue as of a date, completion buckets and the financial year,
/// counted the way the law and each procedure count them (`Pipelines/timescales.yaml`).
public struct CategoriseStage: Stage {
    public static let kind = "categorise"
    public static let options: [OptionSpec] = [
        OptionSpec("config", .file, required: true, help: "the categorise config: dataset, timescales, as_of, buckets"),
        OptionSpec("as_of", .string, help: "the date open cases are judged overdue on (yyyy-mm-dd); overrides the config"),
    ]

    public let config: CategoriseConfig

    public init(options: StageOptions) throws(StageConfigurationError) {
        guard let path = options.file("config") else { throw StageConfigurationError(option: "config", "config is required") }
        var config: CategoriseConfig
        do {
            config = try CategoriseConfig.load(path: path)
        } catch {
            throw StageConfigurationError(option: "config", error.problems.map(\.description).joined(separator: "; "))
        }
        if let text = options.string("as_of") {
            guard let date = CivilDate(iso: text) else { throw StageConfigurationError(option: "as_of", "as_of must be a date yyyy-mm-dd") }
            config.asOf = date
        }
        self.init(config: config)
    }

    public init(config: CategoriseConfig) {
        self.config = config
    }

    public func bind(columns: [String]) throws(RunError) -> any BoundStage {
        let derived = Self.derivedColumns(config.dataset)
        for required in ["received_date"] + (config.dataset == .complaints ? ["procedure"] : ["response_date"])
        where !columns.contains(required) {
            throw .missingColumn(stage: Self.kind, column: required, available: columns)
        }
        let output = columns + derived.filter { !columns.contains($0) }
        return BoundCategorise(config: config, inputColumns: columns, columns: output)
    }

    /// The columns the stage adds, in order (a column already in the input is filled in place).
    public static func derivedColumns(_ dataset: CaseDataset) -> [String] {
        switch dataset {
        case .complaints:
            (1...3).flatMap { stage in
                ["due_date", "extended_due_date", "working_days", "within_timescale", "overdue", "completion_bucket"].map { "stage\(stage)_\($0)" }
            } + ["financial_year"]
        case .foi:
            ["due_date", "extended_due_date", "days_taken", "within_timescale", "overdue", "financial_year", "exemption_sections"]
        case .sar:
            ["due_date", "extended_due_date", "days_taken", "within_timescale", "overdue", "financial_year", "regime"]
        }
    }
}

/// Why a row could not be categorised; becomes a quarantine reason (never holds a value).
struct CategoriseProblem: Error {
    let rule: String
    let column: String
    let reason: String
}

/// The categorise stage fixed to its input columns.
struct BoundCategorise: BoundStage {
    let config: CategoriseConfig
    let inputColumns: [String]
    let columns: [String]
    private let index: [String: Int]

    init(config: CategoriseConfig, inputColumns: [String], columns: [String]) {
        self.config = config
        self.inputColumns = inputColumns
        self.columns = columns
        index = Dictionary(uniqueKeysWithValues: inputColumns.enumerated().map { ($1, $0) })
    }

    func process(_ batch: RecordBatch) -> RecordBatch {
        var out = RecordBatch(columnCount: columns.count, expectedBytes: batch.byteCount + batch.count * 200, expectedRows: batch.count)
        out.quarantined = batch.quarantined
        out.blankLines = batch.blankLines
        for row in 0..<batch.count {
            let record = Record(batch: batch, row: row, index: index)
            do {
                let derived = try derive(record)
                for column in columns {
                    if let value = derived[column] {
                        out.appendField(Array(value.utf8))
                    } else {
                        batch.withField(row: row, column: index[column]!) { out.appendField($0) }
                    }
                }
                out.endRow(rowNumber: batch.rowNumbers[row])
            } catch {
                out.quarantined.append(QuarantinedRow(
                    row: batch.rowNumbers[row], rule: error.rule, column: error.column, reason: error.reason,
                    fields: (0..<inputColumns.count).map { batch.field(row: row, column: $0) }))
            }
        }
        return out
    }

    private func derive(_ record: Record) throws(CategoriseProblem) -> [String: String] {
        switch config.dataset {
        case .complaints: try complaint(record)
        case .foi: try request(record, kind: "foi")
        case .sar: try request(record, kind: "sar")
        }
    }

    private func complaint(_ record: Record) throws(CategoriseProblem) -> [String: String] {
        let received = try record.date("received_date")
        var values: [String: String] = ["financial_year": received?.financialYear ?? ""]
        let procedure = record.text("procedure")
        for stage in 1...3 {
            let prefix = "stage\(stage)_"
            for name in ["due_date", "extended_due_date", "working_days", "within_timescale", "overdue", "completion_bucket"] {
                values[prefix + name] = ""
            }
            let start = try record.date(prefix + "start_date") ?? (stage == 1 ? received : nil)
            guard let start else { continue }
            guard let timescale = config.timescales.stage(stage, of: procedure) else {
                throw CategoriseProblem(rule: "categorise.procedure", column: "procedure",
                                        reason: "no stage \(stage) timescale for this procedure in the timescales file")
            }
            let extended = try record.flag(prefix + "extended")
            let response = try record.date(prefix + "response_date")
            try calendarCall(prefix + "start_date") { () throws(CalendarError) in
                let due = try timescale.dueDate(from: start)
                let extendedDue = try timescale.extendedDueDate(from: start)
                values[prefix + "due_date"] = due.iso
                values[prefix + "extended_due_date"] = extendedDue?.iso ?? ""
                if let response {
                    let days = try config.timescales.councilCalendar.workingDays(after: start, through: response)
                    values[prefix + "working_days"] = String(days)
                    values[prefix + "within_timescale"] = try timescale.isWithin(start: start, end: response, extended: extended) ? "yes" : "no"
                    values[prefix + "overdue"] = "no"
                    values[prefix + "completion_bucket"] = CategoriseConfig.bucket(days, bounds: config.stageBuckets[stage] ?? config.buckets)
                } else {
                    values[prefix + "overdue"] = config.asOf > ((extended ? extendedDue : nil) ?? due) ? "yes" : "no"
                }
            }
        }
        return values
    }

    private func request(_ record: Record, kind: String) throws(CategoriseProblem) -> [String: String] {
        var values: [String: String] = [:]
        for name in CategoriseStage.derivedColumns(config.dataset) { values[name] = "" }
        if kind == "foi" {
            guard let sections = ExemptionSections.parse(record.text("exemptions")) else {
                throw CategoriseProblem(rule: "categorise.exemption", column: "exemptions",
                                        reason: "not a list of exemption references like s40(2);s43(2) or reg 12(5)(e)")
            }
            values["exemption_sections"] = sections
        }
        guard let received = try record.date("received_date") else { return values }
        values["financial_year"] = received.financialYear
        let requestKind = kind == "foi" && record.text("regime").lowercased() == "eir" ? "eir" : kind
        guard let (regime, timescale) = config.timescales.request(requestKind, received: received) else {
            throw CategoriseProblem(rule: "categorise.timescale", column: "received_date",
                                    reason: "no \(requestKind) timescale covers this date in the timescales file")
        }
        if kind == "sar" { values["regime"] = regime }
        let start = try record.date("clock_start_date") ?? received
        let paused = try record.number("paused_days")
        let extended = try record.flag(kind == "foi" ? "pit_extended" : "extended")
        let response = try record.date("response_date")
        try calendarCall("received_date") { () throws(CalendarError) in
            let due = try timescale.dueDate(from: start, pausedDays: paused)
            let extendedDue = try timescale.extendedDueDate(from: start, pausedDays: paused)
            values["due_date"] = due.iso
            values["extended_due_date"] = extendedDue?.iso ?? ""
            if let response {
                values["days_taken"] = String(try timescale.daysTaken(from: start, to: response))
                values["within_timescale"] = try timescale.isWithin(start: start, end: response, extended: extended, pausedDays: paused) ? "yes" : "no"
                values["overdue"] = "no"
            } else {
                values["overdue"] = config.asOf > ((extended ? extendedDue : nil) ?? due) ? "yes" : "no"
            }
        }
        return values
    }

    /// Runs calendar arithmetic, turning a date outside the calendar into a row problem.
    private func calendarCall(_ column: String, _ body: () throws(CalendarError) -> Void) throws(CategoriseProblem) {
        do {
            try body()
        } catch {
            throw CategoriseProblem(rule: "categorise.calendar", column: column,
                                    reason: "a date of this case is outside the bank-holiday calendar")
        }
    }
}

/// One row's fields by column name, read as the stage needs them.
private struct Record {
    let batch: RecordBatch
    let row: Int
    let index: [String: Int]

    /// The field's text, or "" if the input has no such column.
    func text(_ column: String) -> String {
        guard let position = index[column] else { return "" }
        return batch.string(row: row, column: position)
    }

    /// The field as a date; nil when empty or absent.
    func date(_ column: String) throws(CategoriseProblem) -> CivilDate? {
        let value = text(column)
        guard !value.allSatisfy({ $0 == " " }) else { return nil }
        guard let date = UKDateParser.parse(value) else {
            throw CategoriseProblem(rule: "categorise.date", column: column,
                                    reason: "not a date (dd/mm/yyyy, d/m/yy, yyyy-mm-dd or 12 March 2019)")
        }
        return date
    }

    /// A yes/no field; empty or absent is no.
    func flag(_ column: String) throws(CategoriseProblem) -> Bool {
        switch text(column).trimmingCharactersInSpaces.lowercased() {
        case "yes", "y", "true": return true
        case "no", "n", "false", "": return false
        default: throw CategoriseProblem(rule: "categorise.boolean", column: column, reason: "not yes or no")
        }
    }

    /// A whole number of days; empty or absent is 0.
    func number(_ column: String) throws(CategoriseProblem) -> Int {
        let value = text(column).trimmingCharactersInSpaces
        if value.isEmpty { return 0 }
        guard let number = Int(value), number >= 0 else {
            throw CategoriseProblem(rule: "categorise.number", column: column, reason: "not a whole number of days")
        }
        return number
    }
}

private extension String {
    var trimmingCharactersInSpaces: String { String(self[...].trimmingSpaces) }
}

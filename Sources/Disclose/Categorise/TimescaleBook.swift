import Yams

/// The time limits of `Pipelines/timescales.yaml`: each complaint procedure's stages on the
/// council's calendar, and each kind of request (FOI, EIR, SAR regimes) on the calendar it names.
public struct TimescaleBook: Sendable {
    /// A request's limit, with the received dates it applies to (a SAR regime changes by date).
    public struct RequestLimit: Sendable {
        public let name: String
        public let timescale: Timescale
        public let from: CivilDate?
        public let until: CivilDate?

        func applies(to received: CivilDate) -> Bool {
            (from.map { received >= $0 } ?? true) && (until.map { received <= $0 } ?? true)
        }
    }

    public let councilCalendar: WorkingDayCalendar
    public let allUKCalendar: WorkingDayCalendar
    private let procedures: [String: [Int: Timescale]]
    private let requests: [RequestLimit]

    /// The limit for stage `stage` of complaint procedure `procedure`, if the book has one.
    public func stage(_ stage: Int, of procedure: String) -> Timescale? {
        procedures[procedure]?[stage]
    }

    /// Procedures the book knows.
    public var procedureNames: [String] { procedures.keys.sorted() }

    /// The limit for a request of `kind` (`foi`, `eir`, `sar`) received on `received`: the entry
    /// named `kind` or `kind_<regime>` whose date range holds the date. Returns the regime too
    /// (`uk_gdpr`, `dpa1998`; the kind itself for an entry with no suffix).
    public func request(_ kind: String, received: CivilDate) -> (regime: String, timescale: Timescale)? {
        for limit in requests where limit.name == kind || limit.name.hasPrefix(kind + "_") {
            guard limit.applies(to: received) else { continue }
            let regime = limit.name == kind ? kind : String(limit.name.dropFirst(kind.count + 1))
            return (regime, limit.timescale)
        }
        return nil
    }

    /// Reads and checks a timescales file; every problem is reported with its line.
    public static func load(path: String) throws(PipelineError) -> TimescaleBook {
        let file = try YAMLProblems.readMapping(path: path, what: "timescales file", expected: "calendar, procedures, requests")
        let (root, top, directory) = (file.root, file.top, file.directory)
        var reader = Reader(problems: file.problems)
        guard let calendarNode = top["calendar"], let calendars = reader.calendars(calendarNode, directory: directory) else {
            if top["calendar"] == nil { reader.problems.report(root, "missing 'calendar' (file, division, closures)") }
            throw PipelineError(problems: reader.problems.list)
        }
        var procedures: [String: [Int: Timescale]] = [:]
        var requests: [RequestLimit] = []
        for (key, value) in top {
            switch key.scalarText {
            case "calendar":
                continue
            case "procedures":
                for (name, stagesNode) in value.pairs {
                    guard let procedure = name.scalarText, let stages = stagesNode.mapping else {
                        reader.problems.report(name, "a procedure maps stage numbers to limits")
                        continue
                    }
                    for (stageKey, spec) in stages {
                        guard let number = stageKey.scalarText.flatMap(Int.init), (1...3).contains(number) else {
                            reader.problems.report(stageKey, "stage must be 1, 2 or 3")
                            continue
                        }
                        if let limit = reader.limit(spec, name: "\(procedure) stage \(number)", calendars: calendars, allowDates: false) {
                            procedures[procedure, default: [:]][number] = limit.timescale
                        }
                    }
                }
            case "requests":
                for (name, spec) in value.pairs {
                    guard let kind = name.scalarText else { continue }
                    if let limit = reader.limit(spec, name: kind, calendars: calendars, allowDates: true) { requests.append(limit) }
                }
            default:
                reader.problems.report(key, "unknown key '\(key.scalarText ?? "?")' (expected calendar, procedures, requests)")
            }
        }
        guard reader.problems.isEmpty else { throw PipelineError(problems: reader.problems.list) }
        return TimescaleBook(councilCalendar: calendars.council, allUKCalendar: calendars.allUK,
                             procedures: procedures, requests: requests)
    }

    private struct Reader {
        var problems: YAMLProblems

        mutating func calendars(_ node: Node, directory: String) -> (council: WorkingDayCalendar, allUK: WorkingDayCalendar)? {
            guard let file = node["file"]?.scalarText else {
                problems.report(node, "calendar needs 'file' (a bank-holidays.json)")
                return nil
            }
            let path = resolvedPath(file, relativeTo: directory)
            let division = node["division"]?.scalarText ?? "england-and-wales"
            var closures: [CivilDate] = []
            for item in node["closures"]?.items ?? [] {
                guard let date = item.scalarText.flatMap(CivilDate.init(iso:)) else {
                    problems.report(item, "a closure day must be a date yyyy-mm-dd")
                    continue
                }
                closures.append(date)
            }
            do {
                let holidays = try BankHolidayFile(path: path)
                return (try WorkingDayCalendar(holidays: holidays, divisions: [division], closures: closures),
                        try WorkingDayCalendar(holidays: holidays, divisions: holidays.dates.keys.sorted(), closures: closures))
            } catch {
                problems.report(node, "calendar: \(error)")
                return nil
            }
        }

        mutating func limit(_ node: Node, name: String, calendars: (council: WorkingDayCalendar, allUK: WorkingDayCalendar),
                            allowDates: Bool) -> RequestLimit? {
            let before = problems.list.count
            let allowed: Set<String> = allowDates
                ? ["limit", "unit", "extended_limit", "calendar", "counts_start_day", "from", "until"]
                : ["limit", "unit", "extended_limit", "calendar", "counts_start_day"]
            for (key, _) in node.pairs where !allowed.contains(key.scalarText ?? "") {
                problems.report(key, "\(name): unknown key '\(key.scalarText ?? "?")' (expected \(allowed.sorted().joined(separator: ", ")))")
            }
            let limit = node["limit"]?.int
            let unit = node["unit"]?.scalarText.flatMap(TimeUnit.init(rawValue:))
            if limit == nil || limit! < 1 { problems.report(node, "\(name): 'limit' must be a whole number of at least 1") }
            if unit == nil { problems.report(node, "\(name): 'unit' must be working_days, calendar_days or calendar_months") }
            let extended = node["extended_limit"]?.int
            let calendarName = node["calendar"]?.scalarText ?? "council"
            if !["council", "all_uk"].contains(calendarName) { problems.report(node["calendar"], "\(name): calendar must be council or all_uk") }
            var dates: [CivilDate?] = []
            for key in ["from", "until"] {
                guard let dateNode = node[key] else { dates.append(nil); continue }
                let date = dateNode.scalarText.flatMap(CivilDate.init(iso:))
                if date == nil { problems.report(dateNode, "\(name): '\(key)' must be a date yyyy-mm-dd") }
                dates.append(date)
            }
            guard problems.list.count == before, let limit, let unit else { return nil }
            let timescale = Timescale(name: name, limit: limit, unit: unit, extendedLimit: extended,
                                      countsStartDay: node["counts_start_day"]?.bool ?? false,
                                      calendar: calendarName == "all_uk" ? calendars.allUK : calendars.council)
            return RequestLimit(name: name, timescale: timescale, from: dates[0], until: dates[1])
        }
    }
}

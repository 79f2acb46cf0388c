import Foundation
import Yams

/// The datasets the categorise stage knows, with the columns it reads.
public enum CaseDataset: String, Sendable, CaseIterable {
    case complaints
    case foi
    case sar
}

/// What the categorise stage is told by its config file (paths relative to that file):
///
/// ```yaml
/// dataset: complaints              # complaints | foi | sar
/// timescales: ../timescales.yaml
/// as_of: 2017-03-31                # for overdue; default: today; --as-of overrides
/// buckets: [10, 20, 30]            # completion-time bucket bounds, in working days
/// stage_buckets: {2: [25, 65]}     # per complaint stage, where different
/// categories: ../categories/2024.yaml   # complaints: category rules (optional)
/// topics: ../categories/foi-topics-2024.yaml   # foi: topic rules, same format (optional)
/// recompute_categories: false      # true: replace categories (topics) already in the data
/// ```
public struct CategoriseConfig: Sendable {
    public let dataset: CaseDataset
    public let timescales: TimescaleBook
    public var asOf: CivilDate
    /// Upper bounds of the completion buckets: [10, 20, 30] gives 0-10, 11-20, 21-30, >30.
    public let buckets: [Int]
    public let stageBuckets: [Int: [Int]]
    /// Complaints: the rules that fill `category`, `category_rule` and `service_type`; FOI: the
    /// rules that fill `topic` and `topic_rule` (the `topics` key).
    public let categories: CategoryRules?
    /// Replace a category (topic) already in the data (otherwise it is kept, and checked against the list).
    public let recomputeCategories: Bool

    public init(dataset: CaseDataset, timescales: TimescaleBook, asOf: CivilDate, buckets: [Int] = [10, 20, 30],
                stageBuckets: [Int: [Int]] = [:], categories: CategoryRules? = nil, recomputeCategories: Bool = false) {
        self.dataset = dataset
        self.timescales = timescales
        self.asOf = asOf
        self.buckets = buckets
        self.stageBuckets = stageBuckets
        self.categories = categories
        self.recomputeCategories = recomputeCategories
    }

    /// Reads and checks a config file; every problem is reported with its line.
    public static func load(path: String) throws(PipelineError) -> CategoriseConfig {
        let file = try YAMLProblems.readMapping(
            path: path, what: "categorise config", expected: Self.keys)
        let (root, top, directory) = (file.root, file.top, file.directory)
        var problems = file.problems
        var dataset: CaseDataset?
        var timescales: TimescaleBook?
        var asOf = CivilDate.today
        var buckets = [10, 20, 30]
        var stageBuckets: [Int: [Int]] = [:]
        var categories: CategoryRules?
        var recompute = false
        for (key, value) in top {
            switch key.scalarText {
            case "dataset":
                dataset = value.scalarText.flatMap(CaseDataset.init(rawValue:))
                if dataset == nil { problems.report(value, "dataset must be one of complaints, foi, sar") }
            case "timescales":
                timescales = problems.loadReferenced(value, directory: directory, what: "timescales") { (path) throws(PipelineError) in
                    try TimescaleBook.load(path: path)
                }
            case "as_of":
                if let date = value.scalarText.flatMap(CivilDate.init(iso:)) { asOf = date } else {
                    problems.report(value, "as_of must be a date yyyy-mm-dd")
                }
            case "buckets":
                if let bounds = Self.bounds(value) { buckets = bounds } else {
                    problems.report(value, "buckets must be a rising list of whole numbers, e.g. [10, 20, 30]")
                }
            case "stage_buckets":
                for (stage, list) in value.pairs {
                    if let number = stage.scalarText.flatMap(Int.init), (1...3).contains(number), let bounds = Self.bounds(list) {
                        stageBuckets[number] = bounds
                    } else {
                        problems.report(stage, "stage_buckets maps a stage (1-3) to a rising list of whole numbers")
                    }
                }
            case "categories", "topics":
                categories = problems.loadReferenced(value, directory: directory, what: "categories") { (path) throws(PipelineError) in
                    try CategoryRules.load(path: path)
                }
            case "recompute_categories":
                if value.scalar != nil, let flag = value.bool { recompute = flag } else {
                    problems.report(value, "recompute_categories must be true or false")
                }
            default:
                problems.report(key, "unknown key '\(key.scalarText ?? "?")' (expected \(Self.keys))")
            }
        }
        if top["dataset"] == nil { problems.report(root, "missing 'dataset' (complaints, foi or sar)") }
        if top["timescales"] == nil { problems.report(root, "missing 'timescales' (a timescales.yaml)") }
        if let node = top["categories"], dataset != nil && dataset != .complaints { problems.report(node, "categories apply to the complaints dataset") }
        if let node = top["topics"], dataset != nil && dataset != .foi { problems.report(node, "topics apply to the foi dataset") }
        guard problems.isEmpty, let dataset, let timescales else { throw PipelineError(problems: problems.list) }
        return CategoriseConfig(dataset: dataset, timescales: timescales, asOf: asOf, buckets: buckets, stageBuckets: stageBuckets,
                                categories: categories, recomputeCategories: recompute)
    }

    private static let keys = "dataset, timescales, as_of, buckets, stage_buckets, categories, topics, recompute_categories"

    private static func bounds(_ node: Node) -> [Int]? {
        guard let items = node.sequence, !items.isEmpty else { return nil }
        let numbers = items.compactMap { $0.scalarText.flatMap(Int.init) }
        guard numbers.count == items.count, zip(numbers, numbers.dropFirst()).allSatisfy({ $0 < $1 }), numbers[0] >= 0 else { return nil }
        return numbers
    }

    /// The bucket label for `days`: with bounds [10, 20, 30], 0-10, 11-20, 21-30 or >30. Every
    /// label says exactly which days it holds.
    public static func bucket(_ days: Int, bounds: [Int]) -> String {
        var lower = 0
        for bound in bounds {
            if days <= bound { return "\(lower)-\(bound)" }
            lower = bound + 1
        }
        return ">\(bounds[bounds.count - 1])"
    }
}

extension CivilDate {
    /// Today's date in UTC.
    static var today: CivilDate {
        CivilDate(dayNumber: Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
    }
}

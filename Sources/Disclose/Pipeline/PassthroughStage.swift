/// Passes every record through unchanged: the smallest pipeline, and the baseline for benchmarks.
public struct PassthroughStage: Stage, BoundStage {
    public static let kind = "passthrough"
    public static let options: [OptionSpec] = []

    public let columns: [String]

    public init(options: StageOptions) {
        columns = []
    }

    private init(columns: [String]) {
        self.columns = columns
    }

    public func bind(columns: [String]) -> any BoundStage { PassthroughStage(columns: columns) }

    public func process(_ batch: RecordBatch) -> RecordBatch { batch }
    public var readsColumnsKeptApart: Bool { true }
}

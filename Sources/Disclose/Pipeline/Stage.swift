/// A pipeline stage as configured from its options, before it has seen the data. Adding a stage
/// is one new file with a type conforming to `Stage` and one line in `StageRegistry.standard`.
public protocol Stage: Sendable {
    /// The `kind:` that names this stage in a pipeline file.
    static var kind: String { get }
    /// The options the stage takes; `disclose check` holds pipeline files to these.
    static var options: [OptionSpec] { get }

    /// Builds the stage from options that already have the declared types. Throws for a problem
    /// with the options as a whole (for example two options that exclude each other).
    init(options: StageOptions) throws(StageConfigurationError)

    /// Fixes the stage to the columns it will receive; returns the stage that processes batches.
    func bind(columns: [String]) throws(RunError) -> any BoundStage
}

/// A stage bound to its input columns: processes batches on any worker, in any order.
public protocol BoundStage: Sendable {
    /// The columns of the batches this stage returns.
    var columns: [String] { get }
    /// Processes one batch. A row that cannot be processed goes into `quarantined` with its reason;
    /// a throw abandons the whole run. The batch is the stage's own, so that it can change rows in
    /// place rather than copy them.
    func process(_ batch: consuming RecordBatch) throws -> RecordBatch
    /// Called instead of `process` for a batch that an earlier stage failed on, so that a stage
    /// that takes batches in input order does not wait for it.
    func skip(sequence: Int)
    /// What the stage has to say once every batch is through (files for the output directory).
    func finish() -> StageReport?
    /// The side outputs the stage writes (`RecordBatch.sideOutput` names), created at the start of a
    /// run so that one with nothing to say still exists.
    var sideOutputs: [String] { get }
    /// Whether the stage reads batches only through the accessors that also read columns an
    /// earlier stage kept apart (`withField`, `withFields`, `withAllFieldStorage`; see
    /// `RecordBatch(adding:to:)`). For the others the runner puts those columns into the arena first.
    var readsColumnsKeptApart: Bool { get }
}

extension BoundStage {
    public func skip(sequence: Int) {}
    public func finish() -> StageReport? { nil }
    public var sideOutputs: [String] { [] }
    public var readsColumnsKeptApart: Bool { false }
}

/// What a stage reports at the end of a run: files it writes beside the extract (by name), and
/// whether the data passed its gate.
public struct StageReport: Sendable, Equatable {
    public let stage: String
    public let files: [String: [UInt8]]
    /// Counts for `run.json`, two levels deep (the redact stage: type -> column -> spans replaced).
    public let counts: [String: [String: Int]]
    /// State that reports of several runs (shards) can be merged from; written only when asked
    /// (`--emit-partial`), never into the output directory.
    public let partial: [UInt8]?

    public init(stage: String, files: [String: [UInt8]], counts: [String: [String: Int]] = [:], partial: [UInt8]? = nil) {
        self.stage = stage
        self.files = files
        self.counts = counts
        self.partial = partial
    }
}

/// A problem with a stage's options that only the stage can see.
public struct StageConfigurationError: Error, Equatable {
    /// The option at fault, or nil for the stage as a whole.
    public let option: String?
    public let message: String

    public init(option: String?, _ message: String) {
        self.option = option
        self.message = message
    }
}

/// Maps each `kind:` to its stage type.
public struct StageRegistry: Sendable {
    public private(set) var stages: [String: any Stage.Type] = [:]

    public init(_ types: [any Stage.Type]) {
        for type in types { register(type) }
    }

    public mutating func register(_ type: any Stage.Type) {
        stages[type.kind] = type
    }

    /// The stages that ship with Disclose.
    public static let standard = StageRegistry([
        PassthroughStage.self,
        SelectStage.self,
        CategoriseStage.self,
        ValidateStage.self,
        RedactStage.self,
        AggregateStage.self,
    ])
}

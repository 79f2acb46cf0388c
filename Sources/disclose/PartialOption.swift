import ArgumentParser
import Disclose

/// `--emit-partial FILE`, as `run` and `aggregate` take it: the aggregate stage's unsuppressed
/// counts, for `disclose merge`.
struct PartialOption: ParsableArguments {
    @Option(help: "Write the aggregate stage's unsuppressed counts here, for disclose merge (sensitive: never publish it).")
    var emitPartial: String?

    /// Writes the partial when asked; a usage error when the run had no aggregate stage.
    func write(_ reports: [StageReport]) throws {
        guard let emitPartial else { return }
        guard let partial = reports.first(where: { $0.stage == AggregateStage.kind })?.partial else {
            throw ValidationError("--emit-partial needs a pipeline with an aggregate stage")
        }
        let file = try OutputStream(file: emitPartial)
        try file.write(partial)
        try file.commit()
    }
}

import ArgumentParser
import Disclose

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a pipeline file without data.",
        discussion: """
            Reports every problem with its line: unknown stage kind, unknown or missing option, wrong \
            type, missing referenced file, bad regex. Exit status 0 if the file is sound, 2 if not.
            """
    )

    @Argument(help: "The pipeline file (YAML).")
    var pipeline: String

    func run() throws {
        let loaded = try Pipeline.load(path: pipeline)
        let kinds = loaded.stages.map { type(of: $0).kind }.joined(separator: " -> ")
        print("\(pipeline): ok: \(loaded.name): \(loaded.inputFormat.rawValue) -> \(kinds) -> \(loaded.extractFormat.rawValue)")
    }
}

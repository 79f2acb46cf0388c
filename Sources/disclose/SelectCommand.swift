import ArgumentParser
import Disclose

struct SelectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "select",
        abstract: "Keep, drop and rename columns (records on stdin, records on stdout).",
        discussion: "Example: disclose select --drop complainant_name,complainant_email < cases.csv > out.csv"
    )

    @Option(help: "Columns to keep, comma-separated, in output order.")
    var keep: String?

    @Option(help: "Columns to remove, comma-separated.")
    var drop: String?

    @Option(help: "Remove every column whose name matches this PCRE2 pattern.")
    var dropMatching: String?

    @Option(help: "Renames, comma-separated OLD=NEW pairs.")
    var rename: String?

    @OptionGroup var stream: ChainedStreamOptions

    func run() throws {
        var renames: [StringPair] = []
        for pair in (rename ?? "").split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ValidationError("--rename takes OLD=NEW pairs, comma-separated")
            }
            renames.append(StringPair(parts[0], parts[1]))
        }
        var options: [String: OptionValue] = [:]
        if let keep { options["keep"] = .stringList(Self.list(keep)) }
        if let drop { options["drop"] = .stringList(Self.list(drop)) }
        if let dropMatching {
            do {
                options["drop_matching"] = .regex(try PCRE2Pattern(dropMatching))
            } catch {
                throw ValidationError("--drop-matching: \(error)")
            }
        }
        if !renames.isEmpty { options["rename"] = .stringMap(renames) }
        let stage = try SelectStage.fromCommandLine(options)
        try stream.run(stage: stage, command: "select")
    }

    private static func list(_ text: String) -> [String] {
        text.split(separator: ",").map(String.init)
    }
}

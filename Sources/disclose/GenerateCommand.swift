import ArgumentParser
import Disclose

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a realistic synthetic dataset (no real person in it) to stdout.",
        discussion: "Example: disclose generate complaints --rows 250 --seed 2024 > Fixtures/complaints-sample.csv"
    )

    @Argument(help: "Which dataset: complaints, foi or sar.")
    var dataset: SyntheticDataset

    @Option(help: "Number of rows.")
    var rows: Int = 200

    @Option(help: "Seed: the same seed gives the same bytes.")
    var seed: UInt64 = 1

    func validate() throws {
        guard rows >= 0 else { throw ValidationError("--rows must be 0 or more") }
    }

    func run() throws {
        let out = OutputStream.standardOutput()
        try SyntheticDataGenerator(dataset: dataset, seed: seed).write(rows: rows, to: out)
        try out.commit()
    }
}

extension SyntheticDataset: ExpressibleByArgument {}

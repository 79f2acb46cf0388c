import Foundation
import Testing
@testable import Disclose

/// A stage that only tests register: it declares the option kinds the shipped stages do not use yet.
struct ReferenceStage: Stage {
    static let kind = "reference"
    static let options: [OptionSpec] = [
        OptionSpec("schema", .file, required: true, help: "a file"),
        OptionSpec("limit", .integer, help: "a number"),
        OptionSpec("strict", .boolean, help: "a flag"),
        OptionSpec("mode", .choice(["fast", "careful"]), help: "a choice"),
    ]

    init(options: StageOptions) {}

    func bind(columns: [String]) -> any BoundStage { PassthroughStage(options: StageOptions()).bind(columns: columns) }
}

struct PipelineFileTests {
    private var registry: StageRegistry {
        var registry = StageRegistry.standard
        registry.register(ReferenceStage.self)
        return registry
    }

    private func problems(_ yaml: String, files: [String] = []) -> [String] {
        let directory = temporaryDirectory()
        for file in files { try! Data().write(to: directory.appendingPathComponent(file)) }
        let path = directory.appendingPathComponent("pipeline.yaml").path
        try! yaml.write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try Pipeline.load(path: path, registry: registry)
            return []
        } catch {
            return error.problems.map {
                "\($0.line.map(String.init) ?? "-"): \($0.message.replacingOccurrences(of: directory.path, with: "DIR"))"
            }
        }
    }

    @Test func aSoundPipelineLoadsWithItsStagesInOrder() throws {
        let path = repositoryRoot.appendingPathComponent("Pipelines/complaints.yaml").path
        let pipeline = try Pipeline.load(path: path)
        #expect(pipeline.name == "complaints")
        #expect(pipeline.stages.map { type(of: $0).kind } == ["validate", "redact", "categorise", "aggregate", "select"])
        #expect(pipeline.digest?.count == 64)
    }

    @Test func everyProblemIsReportedWithItsLine() {
        let yaml = """
            name: broken
            input:
              format: xml
            stages:
              - kind: passthrough
                verbose: true
              - kind: redactt
              - kind: select
                keep: complainant_name
              - kind: select
                drop_matching: "(unclosed"
              - kind: reference
                limit: ten
              - kind: reference
                schema: schemas/missing.json
                mode: slow
            extras: 1
            """
        #expect(problems(yaml) == [
            "3: format must be one of csv, jsonl",
            "6: stage 1 (passthrough): unknown option 'verbose' (this stage takes no options)",
            "7: stage 2: unknown stage kind 'redactt' (known: aggregate, categorise, passthrough, redact, reference, select, validate)",
            "9: stage 3 (select): option 'keep' must be a list of strings",
            "11: stage 4 (select): option 'drop_matching': bad regex at offset 9: missing closing parenthesis",
            "13: stage 5 (reference): option 'limit' must be a whole number",
            "12: stage 5 (reference): missing option 'schema' (a path to an existing file)",
            "15: stage 6 (reference): option 'schema': file 'schemas/missing.json' not found (looked in DIR/schemas/missing.json)",
            "16: stage 6 (reference): option 'mode' must be one of fast, careful",
            "17: unknown top-level key 'extras' (expected name, input, stages, outputs)",
        ])
    }

    @Test func aReferencedFileIsFoundRelativeToThePipelineFile() {
        #expect(problems("stages:\n  - kind: reference\n    schema: schema.json\n", files: ["schema.json"]) == [])
    }

    @Test func stageLevelRulesPointAtTheOption() {
        #expect(problems("stages:\n  - kind: select\n    keep: [a]\n    drop: [b]\n") == [
            "3: stage 1 (select): use either keep or drop/drop_matching, not both",
        ])
        #expect(problems("stages:\n  - kind: select\n") == [
            "2: stage 1 (select): select needs at least one of keep, drop, drop_matching, rename",
        ])
    }

    @Test func yamlSyntaxErrorsAndMissingStagesHaveLines() {
        #expect(problems("name: x\nstages:\n  - kind: passthrough\n   bad: [\n") .first?.hasPrefix("4: not valid YAML") == true)
        #expect(problems("name: x\n") == ["1: missing 'stages': a pipeline needs at least one stage"])
        #expect(problems("stages: []\n") == ["1: stages must be a non-empty list, e.g. [{kind: passthrough}]"])
        #expect(problems("stages:\n  - passthrough\n") == ["2: stage 1 must be a mapping with a kind"])
    }
}

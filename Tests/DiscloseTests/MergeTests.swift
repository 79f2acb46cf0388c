import Foundation
import Testing
@testable import Disclose

/// Shards counted apart and merged give the tables of one run over all their input, byte for byte.
struct MergeTests {
    @Test func fourShardsMergeIntoExactlyTheTablesOfOneRun() throws {
        let directory = temporaryDirectory()
        let lines = try String(contentsOfFile: fixture("complaints-sample.csv"), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let header = lines[0], rows = lines.dropFirst().filter { !$0.isEmpty }
        // The whole sample through the complaints pipeline, with its partial.
        let whole = directory.appendingPathComponent("whole")
        let single = try disclose(["run", "Pipelines/complaints.yaml", "--input", "Fixtures/complaints-sample.csv", "--output", whole.path,
                                   "--emit-partial", directory.appendingPathComponent("whole.partial.json").path])
        #expect(single.status == 0, "\(single.stderr)")
        // Four shards of unequal size, each its own run.
        var partials: [String] = []
        for (index, range) in [0..<40, 40..<130, 130..<131, 131..<rows.count].enumerated() {
            let shard = directory.appendingPathComponent("shard\(index).csv")
            try ([header] + rows[rows.startIndex + range.lowerBound ..< rows.startIndex + range.upperBound]).joined(separator: "\n").appending("\n")
                .write(to: shard, atomically: true, encoding: .utf8)
            let partial = directory.appendingPathComponent("shard\(index).partial.json").path
            let run = try disclose(["run", "Pipelines/complaints.yaml", "--input", shard.path, "--output", directory.appendingPathComponent("out\(index)").path,
                                    "--emit-partial", partial])
            #expect(run.status == 0, "\(run.stderr)")
            partials.append(partial)
        }
        let merged = directory.appendingPathComponent("merged")
        let merge = try disclose(["merge"] + partials + ["--config", "Pipelines/tables/complaints.yaml", "--output", merged.path])
        #expect(merge.status == 0, "\(merge.stderr)")
        let tables = try FileManager.default.contentsOfDirectory(atPath: whole.appendingPathComponent("aggregates").path).sorted()
        #expect(tables.count == 2 * (try AggregateConfig.load(path: repositoryRoot.appendingPathComponent("Pipelines/tables/complaints.yaml").path)).tables.count + 1)
        for table in tables {
            let one = try Data(contentsOf: whole.appendingPathComponent("aggregates/\(table)"))
            let shards = try Data(contentsOf: merged.appendingPathComponent("aggregates/\(table)"))
            #expect(one == shards, "\(table) differs")
        }
        #expect(try Data(contentsOf: whole.appendingPathComponent("report.html")) == (try Data(contentsOf: merged.appendingPathComponent("report.html"))))
        // A shard's own published tables are not the whole's: its small counts differ.
        let shardTable = try Data(contentsOf: directory.appendingPathComponent("out2/aggregates/sex.csv"))
        #expect(shardTable != (try Data(contentsOf: whole.appendingPathComponent("aggregates/sex.csv"))))
        // The partial says it is sensitive.
        let partial = try String(contentsOfFile: partials[0], encoding: .utf8)
        #expect(partial.contains("Never publish this file"))
    }

    @Test func partialsOfOtherTablesAreRefused() throws {
        let directory = temporaryDirectory()
        let partial = directory.appendingPathComponent("sar.partial.json").path
        let run = try disclose(["aggregate", "--config", "Pipelines/tables/complaint-parts.yaml", "--reference", "complaints=Fixtures/east-riding/complaints.csv",
                                "--output", directory.path, "--emit-partial", partial, "--input", "Fixtures/east-riding/complaint-parts.csv"])
        #expect(run.status == 0, "\(run.stderr)")
        let merge = try disclose(["merge", partial, "--config", "Pipelines/tables/complaints.yaml", "--output", directory.path])
        #expect(merge.status == 2)
        #expect(merge.stderr.contains("are not the tables file's"))
        let noAggregate = try disclose(["run", "Pipelines/passthrough.yaml", "--input", "Fixtures/complaints-sample.csv", "--output", directory.path,
                                        "--emit-partial", partial])
        #expect(noAggregate.status == 2)
        #expect(noAggregate.stderr.contains("--emit-partial needs a pipeline with an aggregate stage"))
    }
}

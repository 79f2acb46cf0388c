import ArgumentParser
import Disclose
import Foundation
import Logging

@main
struct DiscloseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disclose",
        abstract: "Redact, categorise and aggregate case data before it is disclosed or published.",
        discussion: """
            Exit status: 0 success; 1 data failed a quality gate (--max-error-rate); \
            2 usage or pipeline error; 3 input/output error.
            """,
        version: discloseVersion,
        subcommands: [
            RunCommand.self, CheckCommand.self, ValidateCommand.self, RedactCommand.self, CategoriseCommand.self, AggregateCommand.self, MergeCommand.self, ScanCommand.self, EvalRedactionCommand.self,
            SelectCommand.self, GenerateCommand.self,
        ]
    )

    /// Parses and runs, mapping every failure to DESIGN.md's exit statuses (the argument parser's own
    /// usage errors would otherwise exit 64).
    static func main() {
        keepLargeBlocksInTheHeap()
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as any ExitStatusError {
            FileHandle.standardError.write(Data("disclose: \(error)\n".utf8))
            Foundation.exit(error.exitStatus.rawValue)
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(ExitStatus.usage.rawValue)
        }
    }
}

/// Every batch allocates buffers of about a megabyte. By default glibc serves those with fresh
/// `mmap` pages and returns them on free, so the kernel zeroes a megabyte per buffer (a sixth of
/// a passthrough run's time). Raising the thresholds keeps freed blocks for reuse; memory stays
/// bounded because the runner bounds the batches in flight.
private func keepLargeBlocksInTheHeap() {
    #if os(Linux)
    let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3  // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD in <malloc.h>
    _ = glibcMallopt(mmapThreshold, 64 << 20)
    _ = glibcMallopt(trimThreshold, 128 << 20)
    #endif
}

#if os(Linux)
/// glibc's `int mallopt(int, int)`; the Glibc module does not import <malloc.h>.
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif

/// Options every command that reads records shares.
struct RecordStreamOptions: ParsableArguments {
    @Option(help: "Number of worker threads (default: the number of active processors).")
    var workers: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: ArgumentHelp("Approximate bytes of input per batch.", visibility: .hidden))
    var batchBytes: Int = 1 << 19

    func validate() throws {
        guard workers >= 1 else { throw ValidationError("--workers must be at least 1") }
        guard batchBytes >= 1 else { throw ValidationError("--batch-bytes must be at least 1") }
    }

    func settings(progress: Bool) -> RunSettings {
        RunSettings(workers: workers, batchBytes: batchBytes, progress: progress)
    }
}

extension RecordFormat: ExpressibleByArgument {}

/// Column names given as one comma-separated option (`--name-columns a, b`), spaces around each trimmed.
func columnList(_ text: String) -> [String] {
    text.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
}

/// Whether stderr is a terminal (the progress line is only drawn then).
var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

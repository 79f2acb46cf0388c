import Foundation
@testable import Disclose

/// The repository's root folder (tests read Fixtures/ and Pipelines/ from it).
let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func fixture(_ path: String) -> String { repositoryRoot.appendingPathComponent("Fixtures/\(path)").path }

/// A fresh temporary directory for one test.
func temporaryDirectory() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("disclose-tests-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Writes `bytes` to a temporary file and returns its path.
func temporaryFile(_ bytes: [UInt8], name: String = "input.csv") -> String {
    let url = temporaryDirectory().appendingPathComponent(name)
    try! Data(bytes).write(to: url)
    return url.path
}

/// Everything a reader and parser made of an input: the header, each record in input order (kept
/// or quarantined) with its fields as text, and the quarantined rows.
struct ReadResult {
    var columns: [String]
    var records: [(row: Int, fields: [String])] = []
    var quarantined: [QuarantinedRow] = []
    var blankLines = 0
}

/// What `runToFiles` made: the extract and quarantine files (in a fresh temporary directory) and
/// the run's counts.
struct FileRun {
    let extractPath: String
    let quarantinePath: String
    let counts: RunCounts
    /// The folder the run wrote into (side outputs such as redaction-log.jsonl are there too).
    let directory: URL
}

/// Runs `pipeline` over `input` through the real runner, writing the extract and the quarantine
/// file (always, header-only when nothing is set aside) into a fresh temporary directory.
func runToFiles(_ pipeline: Pipeline, input: String, workers: Int = 2, batchBytes: Int = 1 << 20) throws -> FileRun {
    let directory = temporaryDirectory()
    let extractPath = directory.appendingPathComponent("extract.csv").path
    let quarantinePath = directory.appendingPathComponent("quarantine.csv").path
    let destinations = RunDestinations(
        extract: try OutputStream(file: extractPath), alwaysWriteQuarantine: true,
        openSideOutput: { (name) throws(OutputError) in try OutputStream(file: directory.appendingPathComponent(name).path) }
    ) { () throws(OutputError) in
        try OutputStream(file: quarantinePath)
    }
    let counts = try PipelineRunner.run(pipeline, input: input, to: destinations, settings: RunSettings(workers: workers, batchBytes: batchBytes))
    return FileRun(extractPath: extractPath, quarantinePath: quarantinePath, counts: counts, directory: directory)
}

func read(_ path: String, format: RecordFormat = .csv, batchBytes: Int = 1 << 20) throws -> ReadResult {
    let source = try ByteSource(path: path)
    let (reader, parser) = try format.openReader(source, batchBytes: batchBytes)
    var result = ReadResult(columns: reader.columns)
    while let chunk = try reader.nextChunk() {
        let batch = parser.parse(chunk)
        for row in 0..<batch.count { result.records.append((batch.rowNumbers[row], batch.strings(row: row))) }
        for row in batch.quarantined {
            result.records.append((row.row, row.fields.map { String(decoding: $0, as: UTF8.self) }))
            result.quarantined.append(row)
        }
        result.blankLines += batch.blankLines
    }
    result.records.sort { $0.row < $1.row }
    return result
}

/// The pseudonym key the shipped pipelines read (`pseudonym_key: {env: DISCLOSE_PSEUDONYM_KEY}`)
/// and the test value given to it.
let testKeyVariable = "DISCLOSE_PSEUDONYM_KEY"
let testKey = "test-key-0123456789abcdef"

/// Runs the built `disclose` executable; returns its exit status, stdout and stderr.
@discardableResult
func disclose(_ arguments: [String], stdin: Data? = nil, in directory: URL? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("disclose")
    if !FileManager.default.fileExists(atPath: process.executableURL!.path) {
        process.executableURL = repositoryRoot.appendingPathComponent(".build/debug/disclose")
    }
    process.arguments = arguments
    process.currentDirectoryURL = directory ?? repositoryRoot
    var environment = ProcessInfo.processInfo.environment
    environment[testKeyVariable] = environment[testKeyVariable] ?? testKey
    process.environment = environment
    let output = Pipe(), errors = Pipe(), input = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = input
    try process.run()
    let outData = OutputCollector(output.fileHandleForReading)
    let errData = OutputCollector(errors.fileHandleForReading)
    if let stdin { input.fileHandleForWriting.write(stdin) }
    try input.fileHandleForWriting.close()
    process.waitUntilExit()
    return (process.terminationStatus, outData.text(), errData.text())
}

/// Reads a pipe on a background thread so a large output cannot block the child process.
final class OutputCollector: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func text() -> String {
        done.wait()
        return String(decoding: data, as: UTF8.self)
    }
}

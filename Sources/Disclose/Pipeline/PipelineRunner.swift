import Dispatch
import Foundation
import Synchronization

/// Where a run writes.
public struct RunDestinations {
    /// The redacted extract (a file committed at the end, or standard output).
    public let extract: OutputStream
    /// Opens the quarantine file; called at the first quarantined row, or at the end when
    /// `alwaysWriteQuarantine` is set (then a header-only file says that nothing was set aside).
    public let openQuarantine: () throws(OutputError) -> OutputStream
    public let alwaysWriteQuarantine: Bool
    /// Opens the file for a stage's side output by its name (e.g. `redaction-log.jsonl`), at the
    /// start of the run; nil: side outputs are not kept.
    public let openSideOutput: ((String) throws(OutputError) -> OutputStream)?

    public init(extract: OutputStream, alwaysWriteQuarantine: Bool,
                openSideOutput: ((String) throws(OutputError) -> OutputStream)? = nil,
                openQuarantine: @escaping () throws(OutputError) -> OutputStream) {
        self.extract = extract
        self.alwaysWriteQuarantine = alwaysWriteQuarantine
        self.openSideOutput = openSideOutput
        self.openQuarantine = openQuarantine
    }
}

/// How a run is carried out; none of these change the bytes it writes.
public struct RunSettings: Sendable {
    /// Worker threads processing batches (default: active processors).
    public var workers: Int
    /// Approximate size of the input cut for each batch.
    public var batchBytes: Int
    /// Print a progress line on stderr.
    public var progress: Bool

    public init(workers: Int = ProcessInfo.processInfo.activeProcessorCount, batchBytes: Int = 1 << 19, progress: Bool = false) {
        self.workers = max(1, workers)
        self.batchBytes = max(1, batchBytes)
        self.progress = progress
    }
}

/// What a run did: the counts `run.json` reports and the invariant holds.
public struct RunCounts: Sendable, Equatable {
    public var rowsIn = 0
    public var rowsOut = 0
    public var rowsQuarantined = 0
    public var blankLinesSkipped = 0
    public var quarantinedByRule: [String: Int] = [:]
    public var bytesIn = 0
    public var bytesOut = 0
    public var batches = 0
    /// What stages reported at the end (e.g. the validate stage's quality report).
    public var stageReports: [StageReport] = []
}

/// Runs a pipeline over one input. One reader cuts the input into chunks of whole records; up to
/// `workers` chunks are parsed, processed by every stage and encoded at once on Dispatch; one
/// writer puts the encoded chunks out in input order. At most `2 × workers + 2` chunks are in flight,
/// so memory stays flat whatever the input's size, and the output is the same for any worker count.
public enum PipelineRunner {
    public static func run(
        _ pipeline: Pipeline, input path: String?, to destinations: RunDestinations, settings: RunSettings
    ) throws -> RunCounts {
        let source = try ByteSource(path: path)
        let (reader, parser) = try pipeline.inputFormat.openReader(source, batchBytes: settings.batchBytes)
        let inputColumns = try mapColumns(reader.columns, pipeline.columnMapping)
        var columns = inputColumns
        var boundStages: [any BoundStage] = []
        var layouts: [[String]] = [inputColumns]
        for stage in pipeline.stages {
            let bound = try stage.bind(columns: columns)
            boundStages.append(bound)
            columns = bound.columns
            layouts.append(columns)
        }
        let work = ChunkWork(
            parser: parser, stages: boundStages, encoder: pipeline.extractFormat.encoder, columns: columns,
            quarantine: QuarantineLayout(inputColumns: inputColumns, layouts: layouts))
        let writer = OrderedWriter(destinations: destinations, quarantineEncoder: QuarantineEncoder(columns: inputColumns),
                                   progress: settings.progress ? ProgressLine() : nil)
        var header: [UInt8] = []
        pipeline.extractFormat.encoder.encodeHeader(columns, into: &header)
        try writer.writeHeader(header, sideOutputs: boundStages.flatMap(\.sideOutputs))

        try dispatch(reader: reader, work: work, writer: writer, workers: settings.workers)

        // Nothing lost: checked before any output takes its final name.
        var counts = try writer.finishWriting()
        guard counts.rowsIn == counts.rowsOut + counts.rowsQuarantined else {
            throw RunError.rowsUnaccounted(rowsIn: counts.rowsIn, rowsOut: counts.rowsOut, quarantined: counts.rowsQuarantined)
        }
        counts.stageReports = boundStages.compactMap { $0.finish() }
        try writer.commit()
        counts.bytesIn = reader.bytesRead
        return counts
    }

    private static func dispatch(reader: any RecordChunkReader, work: ChunkWork, writer: OrderedWriter, workers: Int) throws {
        let queue = DispatchQueue(label: "disclose.workers", attributes: .concurrent)
        let workerSlots = DispatchSemaphore(value: workers)
        let inFlight = DispatchSemaphore(value: 2 * workers + 2)
        let group = DispatchGroup()
        var readFailure: InputError?
        while writer.failure == nil {
            inFlight.wait()
            let chunk: RawChunk?
            do {
                chunk = try reader.nextChunk()
            } catch {
                readFailure = error
                inFlight.signal()
                break
            }
            guard let chunk else {
                inFlight.signal()
                break
            }
            workerSlots.wait()
            queue.async(group: group) {
                let processed = work.process(chunk)
                workerSlots.signal()
                writer.deliver(processed) { inFlight.signal() }
            }
        }
        group.wait()
        writer.drain()
        if let readFailure { throw readFailure }
        if let failure = writer.failure { throw failure }
    }

    /// Applies the pipeline's `input.columns` mapping to the header.
    static func mapColumns(_ columns: [String], _ mapping: [StringPair]) throws(RunError) -> [String] {
        var mapped = columns
        for pair in mapping {
            guard let index = mapped.firstIndex(of: pair.key) else {
                throw .missingColumn(stage: "input.columns", column: pair.key, available: columns)
            }
            mapped[index] = pair.value
        }
        var seen = Set<String>()
        for name in mapped where !seen.insert(name).inserted {
            throw .duplicateColumn(stage: "input.columns", column: name)
        }
        return mapped
    }
}

/// A chunk after a worker is done with it: encoded bytes ready to write, and its counts.
struct ProcessedChunk: Sendable {
    let sequence: Int
    /// Bytes of input the chunk held (for the progress line).
    var inputBytes = 0
    var extract: [UInt8] = []
    var quarantine: [UInt8] = []
    var rowsIn = 0
    var rowsOut = 0
    var blankLines = 0
    var quarantinedByRule: [String: Int] = [:]
    /// Stages' side outputs (e.g. the redaction log), by file name, in row order.
    var sideOutput: [String: [UInt8]] = [:]
    var failure: RunError?
}

/// Everything a worker does to a chunk: parse, each stage in order, encode.
struct ChunkWork: Sendable {
    let parser: any ChunkParser
    let stages: [any BoundStage]
    let encoder: any RecordEncoder
    let columns: [String]
    let quarantine: QuarantineLayout

    func process(_ chunk: RawChunk) -> ProcessedChunk {
        var result = ProcessedChunk(sequence: chunk.sequence, inputBytes: chunk.bytes.count)
        var batch = parser.parse(chunk)
        batch.sequence = chunk.sequence
        result.rowsIn = batch.rowsAccountedFor
        result.blankLines = batch.blankLines
        var quarantined = batch.quarantined.map { (layout: 0, row: $0) }
        batch.quarantined = []
        for (index, stage) in stages.enumerated() {
            let rowsBefore = batch.count
            do {
                // The stage is given the batch's only reference, so that it changes rows in place, not a copy.
                // Columns an earlier stage kept apart go into the arena first for a stage that reads it whole.
                if !stage.readsColumnsKeptApart { batch.settleAddedColumns() }
                var input = RecordBatch(columnCount: batch.columnCount)
                swap(&input, &batch)
                batch = try stage.process(consume input)
                batch.sequence = chunk.sequence
            } catch {
                result.failure = .stageFailed(stage: "stage \(index + 1)", reason: "\(error)")
                for later in stages[(index + 1)...] { later.skip(sequence: chunk.sequence) }
                return result
            }
            guard batch.rowsAccountedFor == rowsBefore else {
                result.failure = .stageFailed(stage: "stage \(index + 1)", reason: "returned \(batch.rowsAccountedFor) rows for \(rowsBefore)")
                return result
            }
            quarantined += batch.quarantined.map { (layout: index + 1, row: $0) }
            batch.quarantined = []
            for (name, bytes) in batch.sideOutput { result.sideOutput[name, default: []] += bytes }
            batch.sideOutput = [:]
        }
        quarantined.sort { $0.row.row < $1.row.row }
        result.rowsOut = batch.count
        for entry in quarantined { result.quarantinedByRule[entry.row.rule, default: 0] += 1 }
        encoder.encodeRows(of: batch, columns: columns, into: &result.extract)
        quarantine.encode(quarantined, into: &result.quarantine)
        return result
    }
}

/// Puts rows set aside by any stage into the input's column layout for `quarantine.csv`: a stage
/// sees the columns earlier stages left, so its fields are matched to the input's by name.
struct QuarantineLayout: Sendable {
    private let encoder: QuarantineEncoder
    /// For each layout (0 = input, k = after stage k): input column index -> index in that layout.
    private let positions: [[Int?]]

    init(inputColumns: [String], layouts: [[String]]) {
        encoder = QuarantineEncoder(columns: inputColumns)
        positions = layouts.map { layout in inputColumns.map { layout.firstIndex(of: $0) } }
    }

    func encode(_ rows: [(layout: Int, row: QuarantinedRow)], into out: inout [UInt8]) {
        let placed = rows.map { entry -> QuarantinedRow in
            guard entry.layout > 0 else { return entry.row }
            let fields = positions[entry.layout].map { $0.flatMap { entry.row.fields.indices.contains($0) ? entry.row.fields[$0] : nil } ?? [] }
            return QuarantinedRow(row: entry.row.row, rule: entry.row.rule, column: entry.row.column,
                                  reason: entry.row.reason, fields: fields, unplaced: entry.row.unplaced)
        }
        encoder.encode(placed, into: &out)
    }
}

/// Receives processed chunks in any order and writes them in input order on one serial queue.
final class OrderedWriter: Sendable {
    private struct Pending {
        var next = 0
        var waiting: [Int: (ProcessedChunk, @Sendable () -> Void)] = [:]
    }

    private let pending = Mutex(Pending())
    private let queue = DispatchQueue(label: "disclose.writer")
    private let output: WriterOutput
    private let failureState = Mutex<(any Error)?>(nil)

    init(destinations: RunDestinations, quarantineEncoder: QuarantineEncoder, progress: ProgressLine?) {
        output = WriterOutput(destinations: destinations, quarantineEncoder: quarantineEncoder, progress: progress)
    }

    /// The first write or stage failure, if any; the reader stops reading when it is set.
    var failure: (any Error)? { failureState.withLock { $0 } }

    /// Writes the extract's header and opens the side outputs the stages declared.
    func writeHeader(_ header: [UInt8], sideOutputs: [String]) throws(OutputError) {
        try output.extract.write(header)
        try output.openSideOutputs(sideOutputs)
    }

    /// Hands over a processed chunk; `written` is called once it is written (or skipped after a failure).
    func deliver(_ chunk: ProcessedChunk, written: @escaping @Sendable () -> Void) {
        pending.withLock { state in
            state.waiting[chunk.sequence] = (chunk, written)
            while let (ready, done) = state.waiting.removeValue(forKey: state.next) {
                state.next += 1
                // Enqueued while holding the lock, so the serial queue sees chunks in order.
                queue.async { [output] in
                    defer { done() }
                    guard self.failure == nil else { return }
                    if let failure = ready.failure {
                        self.fail(failure)
                        return
                    }
                    do {
                        try output.write(ready)
                    } catch {
                        self.fail(error)
                    }
                }
            }
        }
    }

    /// Waits until every chunk handed over has been written.
    func drain() {
        queue.sync {}
    }

    /// Waits for every chunk and flushes the outputs (still under temporary names); returns the counts.
    func finishWriting() throws -> RunCounts {
        drain()
        if let failure { throw failure }
        return try queue.sync { () throws(OutputError) -> RunCounts in try output.finishWriting() }
    }

    /// Gives the outputs their final names.
    func commit() throws {
        // An untyped closure: Swift 6.3's compiler crashes on a typed-throws Void closure here.
        try queue.sync { try output.commit() }
    }

    private func fail(_ error: any Error) {
        failureState.withLock { if $0 == nil { $0 = error } }
    }
}

/// The writer's files and tallies. Touched only on the writer's serial queue, which is what makes
/// the unchecked Sendable sound.
private final class WriterOutput: @unchecked Sendable {
    let extract: OutputStream
    private let openQuarantine: () throws(OutputError) -> OutputStream
    private let alwaysWriteQuarantine: Bool
    private let quarantineEncoder: QuarantineEncoder
    private var quarantine: OutputStream?
    private let openSideOutput: ((String) throws(OutputError) -> OutputStream)?
    private var sideOutputs: [String: OutputStream] = [:]
    private var counts = RunCounts()
    private var inputBytesWritten = 0
    private let progress: ProgressLine?

    init(destinations: RunDestinations, quarantineEncoder: QuarantineEncoder, progress: ProgressLine?) {
        extract = destinations.extract
        openQuarantine = destinations.openQuarantine
        alwaysWriteQuarantine = destinations.alwaysWriteQuarantine
        openSideOutput = destinations.openSideOutput
        self.quarantineEncoder = quarantineEncoder
        self.progress = progress
    }

    func openSideOutputs(_ names: [String]) throws(OutputError) {
        guard let openSideOutput else { return }
        for name in names where sideOutputs[name] == nil { sideOutputs[name] = try openSideOutput(name) }
    }

    func write(_ chunk: ProcessedChunk) throws(OutputError) {
        try extract.write(chunk.extract)
        if !chunk.quarantine.isEmpty {
            try quarantineStream().write(chunk.quarantine)
        }
        for (name, bytes) in chunk.sideOutput where !bytes.isEmpty {
            try sideOutputs[name]?.write(bytes)
        }
        counts.rowsIn += chunk.rowsIn
        counts.rowsOut += chunk.rowsOut
        counts.blankLinesSkipped += chunk.blankLines
        counts.batches += 1
        inputBytesWritten += chunk.inputBytes
        for (rule, count) in chunk.quarantinedByRule {
            counts.rowsQuarantined += count
            counts.quarantinedByRule[rule, default: 0] += count
        }
        progress?.update(rows: counts.rowsIn, inputBytes: inputBytesWritten)
    }

    func finishWriting() throws(OutputError) -> RunCounts {
        if alwaysWriteQuarantine { _ = try quarantineStream() }
        try extract.flush()
        try quarantine?.flush()
        for stream in sideOutputs.values { try stream.flush() }
        progress?.clear()
        counts.bytesOut = extract.bytesWritten
        return counts
    }

    func commit() throws(OutputError) {
        try extract.commit()
        try quarantine?.commit()
        for stream in sideOutputs.values { try stream.commit() }
    }

    private func quarantineStream() throws(OutputError) -> OutputStream {
        if let quarantine { return quarantine }
        let stream = try openQuarantine()
        var header: [UInt8] = []
        quarantineEncoder.encodeHeader(into: &header)
        try stream.write(header)
        quarantine = stream
        return stream
    }
}

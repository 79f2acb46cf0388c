/// The record formats Disclose reads and writes.
public enum RecordFormat: String, Sendable, CaseIterable {
    case csv
    case jsonl
}

/// Cuts an input stream into chunks of whole records, in order, on the reader's thread.
protocol RecordChunkReader: AnyObject {
    /// The input's column names, as read (before any mapping).
    var columns: [String] { get }
    var source: ByteSource { get }
    func nextChunk() throws(InputError) -> RawChunk?
}

extension RecordChunkReader {
    /// How the input is named in messages.
    var name: String { source.name }
    var bytesRead: Int { source.bytesRead }
}

/// Turns a chunk into a batch of records; runs on any worker.
protocol ChunkParser: Sendable {
    func parse(_ chunk: RawChunk) -> RecordBatch
}

extension RecordFormat {
    /// Opens `source` in this format: reads the header (CSV) or first line (JSON Lines).
    func openReader(_ source: ByteSource, batchBytes: Int) throws(InputError) -> (reader: any RecordChunkReader, parser: any ChunkParser) {
        switch self {
        case .csv:
            let reader = try CSVReader(source: source, batchBytes: batchBytes)
            return (reader, CSVChunkParser(columns: reader.columns))
        case .jsonl:
            let reader = try JSONLinesReader(source: source, batchBytes: batchBytes)
            return (reader, JSONLinesChunkParser(columns: reader.columns))
        }
    }

    /// The encoder that writes records in this format.
    var encoder: any RecordEncoder {
        switch self {
        case .csv: CSVEncoder()
        case .jsonl: JSONLinesEncoder()
        }
    }
}

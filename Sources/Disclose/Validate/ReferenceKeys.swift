/// The values of one column of a reference file (CSV): the keys a `reference` rule looks values
/// up in, taken from the rows whose columns hold the values a filter gives. Values are compared
/// with spaces and tabs trimmed.
enum ReferenceKeys {
    static func load(path: String, key: String, filter: [(column: String, values: [String])]) throws(PipelineError) -> Set<[UInt8]> {
        func problem(_ message: String) -> PipelineError {
            PipelineError(problems: [PipelineProblem(file: path, line: nil, message: message)])
        }
        let reader: any RecordChunkReader, parser: any ChunkParser
        do {
            (reader, parser) = try RecordFormat.csv.openReader(try ByteSource(path: path), batchBytes: 1 << 20)
        } catch {
            throw problem("cannot read the reference file: \(error)")
        }
        guard let keyPosition = reader.columns.firstIndex(of: key) else { throw problem("no column '\(key)' in the reference file") }
        var tests: [(position: Int, values: [[UInt8]])] = []
        for (column, values) in filter {
            guard let position = reader.columns.firstIndex(of: column) else { throw problem("no column '\(column)' in the reference file") }
            tests.append((position, values.map { Array($0.utf8) }))
        }
        var keys = Set<[UInt8]>()
        do {
            while let chunk = try reader.nextChunk() {
                let batch = parser.parse(chunk)
                for row in 0..<batch.count {
                    let kept = tests.allSatisfy { test in
                        batch.withField(row: row, column: test.position) { value in test.values.contains { $0.equals(value.trimmingSpaces) } }
                    }
                    if kept { keys.insert(batch.withField(row: row, column: keyPosition) { Array($0.trimmingSpaces) }) }
                }
            }
        } catch {
            throw problem("cannot read the reference file: \(error)")
        }
        return keys
    }
}

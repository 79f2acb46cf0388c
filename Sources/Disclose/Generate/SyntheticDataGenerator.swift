/// The datasets `disclose generate` can write.
public enum SyntheticDataset: String, Sendable, CaseIterable {
    case complaints
    case foi
    case sar
}

/// Writes a realistic synthetic dataset as CSV, deterministic for a seed, so that pipelines can be
/// tested in CI, demonstrated and benchmarked without real personal data.
public struct SyntheticDataGenerator {
    public let dataset: SyntheticDataset
    public let seed: UInt64

    public init(dataset: SyntheticDataset, seed: UInt64) {
        self.dataset = dataset
        self.seed = seed
    }

    public var columns: [String] {
        switch dataset {
        case .complaints: SyntheticComplaints.columns
        case .foi: SyntheticRequests.foiColumns
        case .sar: SyntheticRequests.sarColumns
        }
    }

    public func write(rows: Int, to out: OutputStream) throws(OutputError) {
        let encoder = CSVEncoder()
        var buffer: [UInt8] = []
        encoder.encodeHeader(columns, into: &buffer)
        var complaints = SyntheticComplaints(random: SeededRandom(seed: seed))
        var requests = SyntheticRequests(random: SeededRandom(seed: seed))
        for index in 0..<rows {
            let row: [String] = switch dataset {
            case .complaints: complaints.row(index: index)
            case .foi: requests.foiRow(index: index)
            case .sar: requests.sarRow(index: index)
            }
            encoder.encodeRow(row.map { Array($0.utf8) }, into: &buffer)
            if buffer.count >= 1 << 20 {
                try out.write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try out.write(buffer)
    }
}

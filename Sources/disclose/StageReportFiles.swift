import Disclose

/// Writes the files stages reported at the end of a run (e.g. quality.json and quality.md) into a
/// directory, each under a temporary name until it is complete.
enum StageReportFiles {
    static func write(_ reports: [StageReport], into directory: String) throws {
        for report in reports {
            for (name, bytes) in report.files.sorted(by: { $0.key < $1.key }) {
                let file = try OutputStream(file: "\(directory)/\(name)")
                try file.write(bytes)
                try file.commit()
            }
        }
    }
}

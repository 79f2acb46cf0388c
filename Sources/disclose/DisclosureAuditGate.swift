import ArgumentParser
import Disclose
import Logging

/// Exits with status 1 when a published table's audit found a suppressed count that could be
/// narrowed down below its threshold (after the outputs are written, so they can be looked at).
enum DisclosureAuditGate {
    static func enforce(_ counts: RunCounts) throws {
        try enforce(counts.stageReports)
    }

    static func enforce(_ reports: [StageReport]) throws {
        let failed = AggregateStage.failedAudits(reports)
        guard !failed.isEmpty else { return }
        Logger(label: "disclose").error("disclosure audit failed: a suppressed count can be narrowed down in \(failed.joined(separator: ", "))")
        throw ExitCode(ExitStatus.qualityGate.rawValue)
    }
}

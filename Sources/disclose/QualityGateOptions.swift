import ArgumentParser
import Disclose
import Logging

/// `--max-error-rate`, shared by `run` and `validate`: the gate a team runs in CI.
struct QualityGateOptions: ParsableArguments {
    @Option(help: "Exit with status 1 when the share of quarantined rows exceeds this (0 to 1).")
    var maxErrorRate: Double?

    func validate() throws {
        if let maxErrorRate, !(0...1).contains(maxErrorRate) {
            throw ValidationError("--max-error-rate must be between 0 and 1")
        }
    }

    /// The gate for a run's counts (nil without --max-error-rate).
    func gate(_ counts: RunCounts) -> RunReport.QualityGate? {
        maxErrorRate.map { RunReport.QualityGate(maxErrorRate: $0, counts: counts) }
    }

    /// Exits with status 1, saying why, when the run's rows failed the gate.
    func enforce(_ counts: RunCounts) throws {
        guard let gate = gate(counts), !gate.passed else { return }
        Logger(label: "disclose").error(
            "quality gate failed: \(counts.rowsQuarantined) of \(counts.rowsIn) rows quarantined, more than --max-error-rate \(gate.maxErrorRate)")
        throw ExitCode(ExitStatus.qualityGate.rawValue)
    }
}

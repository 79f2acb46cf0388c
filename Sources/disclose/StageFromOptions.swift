import ArgumentParser
import Disclose

extension Stage {
    /// The stage a chained command's options configure; a problem with them is a usage error.
    static func fromCommandLine(_ options: [String: OptionValue]) throws -> Self {
        do {
            return try Self(options: StageOptions(options))
        } catch {
            throw ValidationError(error.message)
        }
    }
}

import Dispatch

/// A file load started on another thread, so that start-up reads two files at once; `value()`
/// waits for it and gives what the load returned or threw, as if it had been called there.
final class BackgroundLoad<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchGroup()
    /// Written once on the loading thread before `done` is left; read only after waiting on it.
    private var result: Result<Value, PipelineError>?

    init(_ load: @escaping @Sendable () throws(PipelineError) -> Value) {
        done.enter()
        DispatchQueue.global().async {
            do throws(PipelineError) {
                self.result = .success(try load())
            } catch {
                self.result = .failure(error)
            }
            self.done.leave()
        }
    }

    func value() throws(PipelineError) -> Value {
        done.wait()
        return try result!.get()
    }
}

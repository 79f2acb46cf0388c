import Synchronization

/// A value made the first time a thread asks for it, once, and shared from then on: for tables
/// that cost milliseconds to build and that a run may never need (the category rules' keyword
/// automaton, when every case already has its category). After the first, an ask costs one
/// atomic load.
final class BuiltOnFirstUse<Value: Sendable>: Sendable {
    private let make: @Sendable () -> Value
    private let ready = Atomic<Bool>(false)
    private let building = Mutex(())
    /// Written once, under `building`, before `ready` is set; read under `building` or after
    /// `ready` is seen set.
    private nonisolated(unsafe) var built: Value?

    init(_ make: @escaping @Sendable () -> Value) {
        self.make = make
    }

    var value: Value {
        if ready.load(ordering: .acquiring) { return built! }
        return building.withLock { _ in
            if let built { return built }
            let value = make()
            built = value
            ready.store(true, ordering: .releasing)
            return value
        }
    }
}

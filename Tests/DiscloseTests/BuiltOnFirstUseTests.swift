import Dispatch
import Foundation
import Synchronization
import Testing
@testable import Disclose

struct BuiltOnFirstUseTests {
    final class Made: Sendable {
        let serial: Int
        init(serial: Int) { self.serial = serial }
    }

    @Test func isMadeOnceWhenManyThreadsAskAtOnceAndNotBeforeTheFirstAsk() {
        let makes = Atomic<Int>(0)
        // Slow to make, so that other threads ask while the first is making it.
        let shared = BuiltOnFirstUse {
            usleep(20_000)
            return Made(serial: makes.add(1, ordering: .relaxed).newValue)
        }
        #expect(makes.load(ordering: .relaxed) == 0)
        let seen = Mutex<[ObjectIdentifier]>([])
        DispatchQueue.concurrentPerform(iterations: 64) { _ in
            let value = shared.value
            seen.withLock { $0.append(ObjectIdentifier(value)) }
        }
        #expect(makes.load(ordering: .relaxed) == 1)
        #expect(Set(seen.withLock { $0 }).count == 1)
        #expect(shared.value.serial == 1)
    }
}

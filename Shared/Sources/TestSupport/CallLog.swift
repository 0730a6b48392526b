// A thread-safe list of names, for tests that check which handler ran (CLI dispatch tests: each
// declared command must run its own handler and no other). Handlers are `@Sendable`, so the log
// they append to is a locked reference.

import Foundation

public final class CallLog: @unchecked Sendable {
    private let lock = NSLock()
    private var names: [String] = []

    public init() {}

    public func add(_ name: String) {
        lock.lock()
        names.append(name)
        lock.unlock()
    }

    public var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return names
    }
}

import Foundation

/// A flag that is claimed once: `stop()` methods that may be called twice do their work the first time.
public final class OnceFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var claimed = false

    public init() {}

    /// True the first time only.
    public func claim() -> Bool {
        lock.withLock {
            defer { claimed = true }
            return !claimed
        }
    }
}

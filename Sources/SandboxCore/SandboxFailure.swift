import Foundation
import VMCtlSupport

/// A response used as an error, so handlers can `throw` their way out.
public struct SandboxFailure: Error {
    public var status: Int
    public var message: String
    /// `{"message": …}` (`Reply.error`), as VictoriaMetrics Cloud and the admin API answer; other emulators
    /// render `status` and `message` their own way.
    public var response: SandboxResponse { Reply.error(status, message) }
    public init(_ status: Int, _ message: String) {
        self.status = status
        self.message = message
    }
}

import Foundation
import VMCtlSupport

/// A response used as an error, so handlers can `throw` their way out.
struct SandboxFailure: Error {
    var status: Int
    var message: String
    /// The vmcloud-shaped answer; other emulators render `status` and `message` their own way.
    var response: SandboxResponse { Reply.error(status, message) }
    init(_ status: Int, _ message: String) {
        self.status = status
        self.message = message
    }
}

import Foundation
import VMCtlSupport

/// What an answer means when the server lacks an endpoint that is not published everywhere.
public struct MissingEndpoint: Sendable {
    public var error: VMCtlError
    /// The statuses that say so: 404 and 405, or only 405 where a 404 may also mean a missing resource.
    public var statuses: Set<Int>

    public init(_ error: VMCtlError, statuses: Set<Int> = [404, 405]) {
        self.error = error
        self.statuses = statuses
    }
}

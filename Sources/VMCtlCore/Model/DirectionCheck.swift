import VMCtlSupport
/// What `token check` found for one direction the token grants.
public struct DirectionCheck: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        case ok(status: Int)
        /// 401 or 403: the endpoint refuses the token.
        case refused(status: Int)
        /// Any other answer: the token may be fine, the request was not.
        case failed(status: Int, message: String)
        case unreachable(String)
    }

    public var purpose: ClientExample.Purpose
    public var url: String
    public var outcome: Outcome

    public init(_ purpose: ClientExample.Purpose, url: String, outcome: Outcome) {
        self.purpose = purpose
        self.url = url
        self.outcome = outcome
    }
}

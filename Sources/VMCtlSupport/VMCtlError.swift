/// The one error type of vmctl. Every failure below the entry point is thrown as a `VMCtlError`,
/// and `VMCtl` (`start`, `run`) is the one place that turns it into an `Error: ...` line and an exit code.
public struct VMCtlError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong, in the terms of docs/contract.md, exit codes.
    public enum Kind: String, Sendable, CaseIterable {
        case failure = "failure"
        case usage = "usage"
        case config = "config"
        case auth = "auth"
        case notFound = "not_found"
        case conflict = "conflict"
        case network = "network"
        case interrupted = "interrupted"

        /// The process exit code docs/contract.md (exit codes) assigns to this kind.
        public var exitCode: Int32 {
            switch self {
            case .failure: return 1
            case .usage: return 2
            case .config: return 3
            case .auth: return 4
            case .notFound: return 5
            case .conflict: return 6
            case .network: return 7
            case .interrupted: return 130
            }
        }
    }

    public var kind: Kind
    /// One line, sentence case, no trailing period.
    public var message: String
    /// At most one further line that says what to do next.
    public var hint: String?
    /// The HTTP status a denial (403) came with, for callers that tell a denial from a refused key (401).
    public var httpStatus: Int?

    public init(_ kind: Kind, _ message: String, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.hint = hint
    }

    public var exitCode: Int32 { kind.exitCode }
    public var description: String { message }

    public static func usage(_ message: String, hint: String? = nil) -> VMCtlError { .init(.usage, message, hint: hint) }
    public static func config(_ message: String, hint: String? = nil) -> VMCtlError { .init(.config, message, hint: hint) }
    public static func failure(_ message: String, hint: String? = nil) -> VMCtlError { .init(.failure, message, hint: hint) }
    public static func notFound(_ message: String, hint: String? = nil) -> VMCtlError { .init(.notFound, message, hint: hint) }
    public static func conflict(_ message: String, hint: String? = nil) -> VMCtlError { .init(.conflict, message, hint: hint) }
    public static func auth(_ message: String, hint: String? = nil) -> VMCtlError { .init(.auth, message, hint: hint) }
    public static func network(_ message: String, hint: String? = nil) -> VMCtlError { .init(.network, message, hint: hint) }
}

extension VMCtlError {
    /// `error` as vmctl reports it: itself when it is a `VMCtlError`, else an unexpected failure, still said
    /// cleanly. (Transport errors are already network errors with their hint by then.)
    public static func from(_ error: Error) -> VMCtlError {
        if let error = error as? VMCtlError { return error }
        return .failure("unexpected failure: \(error)")
    }
}

import VMCtlSupport
/// Everything a command returns: what to print on stdout, what to say on stderr, and failures that
/// did not stop it (a delete that went on after one ID failed).
public struct CommandResult: Sendable {
    public var presentation: Presentation?
    public var warnings: [String]
    public var notes: [String]
    /// Failures that did not stop the command; the first decides the exit code.
    public var failures: [VMCtlError]

    public init(_ presentation: Presentation? = nil, warnings: [String] = [], notes: [String] = [], failures: [VMCtlError] = []) {
        self.presentation = presentation
        self.warnings = warnings
        self.notes = notes
        self.failures = failures
    }
}

import VMCtlSupport
/// A leaf command: its declaration, a pure parse into typed options, and a run that returns values.
public protocol RunnableCommand: Sendable {
    /// The command's one declaration: name, flags, arguments, help, examples.
    static var spec: CommandSpec { get }
    /// Builds the typed options from parsed argv. No I/O; bad input is a usage error.
    init(_ parsed: ParsedCommand) throws
    /// Does the work and returns what to print.
    func run(_ context: CommandContext) async throws -> CommandResult
}

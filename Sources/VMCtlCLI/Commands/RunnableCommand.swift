import VMCtlCore
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

/// A command that talks to a product's server: it names the capability it needs, and runs with the backend
/// as that capability sees it. The command tree reads the same capability, so which products run the
/// command, what help says and what is refused all follow from it.
public protocol ProductCommand: RunnableCommand {
    associatedtype Backend
    static var capability: Capability<Backend> { get }
    /// What must be refused before the profile is even read (a delete that cannot ask for confirmation).
    func preflight(_ context: CommandContext) throws
    func run(_ context: CommandContext, _ backend: Backend) async throws -> CommandResult
}

extension ProductCommand {
    static var capabilityID: CapabilityID { capability.id }

    public func preflight(_ context: CommandContext) throws {}

    public func run(_ context: CommandContext) async throws -> CommandResult {
        try preflight(context)
        return try await run(context, try context.backend(Self.capability))
    }
}

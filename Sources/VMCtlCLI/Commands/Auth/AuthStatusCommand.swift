import VMCtlCore
import VMCtlSupport
/// `vmctl auth status`
struct AuthStatusCommand: ProductCommand {
    static let spec = CommandSpec(
        name: "status",
        summary: "show the profile, product, URL and key source in use, and whether the server accepts the key",
        discussion: """
        Makes one cheap read (a list) with the key. Exits 0 when the server accepts it, 4 when it refuses it,
        3 when there is no key to try.
        """,
        examples: [
            Example("Which key is in use, and does it work?", "vmctl auth status"),
            Example("The same for another profile, for a script", "vmctl auth status --profile staging --format json"),
        ],
        runner: AuthStatusCommand.self)

    static var capability: Capability<any ProductBackend> { .server }

    init(_ parsed: ParsedCommand) throws {}

    /// Where the key came from is said too, so the connection is made here, with it.
    func run(_ context: CommandContext) async throws -> CommandResult {
        let (backend, secret) = try context.connect(Self.capability)
        return try await show(context, backend, secret)
    }

    func run(_ context: CommandContext, _ backend: any ProductBackend) async throws -> CommandResult {
        try await run(context)
    }

    private func show(_ context: CommandContext, _ backend: any ProductBackend, _ secret: CommandContext.KeyInUse) async throws -> CommandResult {
        let (name, choice) = try context.activeProfileName()
        let profile = try context.activeProfile()
        let from = secret.choice.describe(profile: profile.name)
        var rows = [
            TableView.Detail("Profile", "\(name) (chosen by \(choice == .fallback ? "fallback name" : choice.rawValue))"),
            TableView.Detail("Product", "\(profile.product.rawValue) (\(profile.descriptor.displayName))"),
            TableView.Detail("URL", profile.effectiveURL ?? "-"),
            TableView.Detail("API key", "\(ProfileView.mask(secret.value)) from \(from)"),
        ]
        var json: [JSONMember] = [
            JSONMember("profile", .string(name)), JSONMember("profile_chosen_by", .string(choice.rawValue)),
            JSONMember("product", .string(profile.product.rawValue)), JSONMember("url", .optional(profile.effectiveURL)),
            JSONMember("api_key_source", .string(from)), JSONMember("api_key_masked", .string(ProfileView.mask(secret.value))),
        ]
        do {
            let seen = try await backend.checkAccess()
            rows.append(TableView.Detail("Server", "accepts the key (\(seen))"))
            json += [JSONMember("accepted", .bool(true)), JSONMember("detail", .string(seen))]
            return CommandResult(Presentation(json: .object(json), table: .details(rows)))
        } catch let error as VMCtlError where error.kind == .auth {
            rows.append(TableView.Detail("Server", "refuses the key (see below)"))
            json += [JSONMember("accepted", .bool(false)), JSONMember("detail", .string(error.message))]
            return CommandResult(Presentation(json: .object(json), table: .details(rows)), failures: [error])
        }
    }
}

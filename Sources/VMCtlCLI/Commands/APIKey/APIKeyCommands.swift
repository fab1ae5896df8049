import VMCtlCore
import VMCtlSupport
/// `vmctl apikey …`
enum APIKeyCommands {
    static let group = CommandSpec(
        name: "apikey",
        summary: "create, list and delete VictoriaMetrics Cloud management API keys",
        discussion: """
        API keys authenticate vmctl and other tools to the management API (access tokens are for data).
        Whether these commands work depends on the server: VictoriaMetrics Cloud documents API keys but
        manages them in its console and has published no endpoint for them. vmctl speaks the provisional
        one in its docs (the sandbox has it); a server without it gets a clear "not offered" (exit 5) that
        points to the console.
        """,
        subcommands: [APIKeyCreateCommand.spec, APIKeyListCommand.spec, APIKeyDeleteCommand.spec])
}


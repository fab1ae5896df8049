/// `vmctl apikey …`
enum APIKeyCommands {
    static let group = CommandSpec(
        name: "apikey",
        summary: "create, list and delete VictoriaMetrics Cloud management API keys",
        discussion: """
        API keys authenticate vmctl and other tools to the management API (access tokens are for data).
        VictoriaMetrics Cloud documents API keys but has not published their endpoint yet; vmctl uses the
        provisional one described in its docs until it does.
        """,
        subcommands: [APIKeyCreateCommand.spec, APIKeyListCommand.spec, APIKeyDeleteCommand.spec])
}


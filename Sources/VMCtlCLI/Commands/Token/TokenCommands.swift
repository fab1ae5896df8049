import VMCtlCore
import VMCtlSupport
/// `vmctl token …`
enum TokenCommands {
    static let group = CommandSpec(
        name: "token",
        summary: "create, list, inspect and remove access tokens",
        discussion: """
        Access tokens are what agents and dashboards use to read and write data. On VictoriaMetrics Cloud
        a token belongs to one deployment and covers one tenant or all of them ('*'); on InfluxDB 3 it
        grants read and/or write on databases of the cluster ('*' for all of them).
        """,
        subcommands: [TokenCreateCommand.spec, TokenListCommand.spec, TokenGetCommand.spec, TokenRevealCommand.spec,
                      TokenUpdateCommand.spec, TokenDeleteCommand.spec, TokenRotateCommand.spec,
                      TokenExamplesCommand.spec, TokenCheckCommand.spec])
}

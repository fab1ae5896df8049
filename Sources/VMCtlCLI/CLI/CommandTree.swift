import VMCtlCore
import VMCtlSupport
/// The one declaration of vmctl's commands. Parsing, help, suggestions, completions and the docs all
/// read this tree; each leaf's own declaration lives beside its code (`TokenCreateCommand.spec`).
public enum CommandTree {
    /// The tree for the products registered: what the parser, help and the generators walk.
    public static func root(for products: ProductRegistry) -> CommandSpec { declared.resolved(for: products) }

    /// The tree as declared, before the flags that depend on the products are filled in.
    static let declared = CommandSpec(
        name: "vmctl",
        summary: "manage access tokens and the things they live in on hosted time-series databases",
        discussion: """
        vmctl creates, lists and revokes access tokens on VictoriaMetrics Cloud, InfluxDB 3 Cloud
        Dedicated/Clustered and InfluxDB 2, and manages what they live in: deployments, API keys, rule files
        and the catalog on VictoriaMetrics Cloud, databases on InfluxDB 3, buckets on InfluxDB 2. Each
        connection profile in the config file names the product it talks to.
        """,
        subcommands: [
            ProfileCommands.group,
            TokenCommands.group,
            AuthCommands.group,
            DeploymentCommands.group,
            APIKeyCommands.group,
            RuleCommands.group,
            DatabaseCommands.group,
            TableCommands.group,
            CatalogCommands.tier,
            CatalogCommands.region,
            CatalogCommands.provider,
            CompletionCommand.spec,
            VersionCommand.spec,
            helpSpec,
            CompleteCandidatesCommand.spec,
            GenerateCommand.spec,
        ])

    /// `vmctl help <command...>`: handled by the parser, which shows the help of the named command.
    static let helpSpec = CommandSpec(
        name: "help",
        summary: "show help for a command",
        arguments: [ArgumentSpec("COMMAND", "the command words, e.g. token create", arity: .zeroOrMore, completion: .command)],
        examples: [Example("Help for token create", "vmctl help token create")])
}

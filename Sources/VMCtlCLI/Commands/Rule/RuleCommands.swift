import VMCtlCore
import VMCtlSupport
/// `vmctl rule …`
enum RuleCommands {
    static let group = CommandSpec(
        name: "rule",
        summary: "manage the alerting and recording rule files of a deployment",
        discussion: """
        Rule files are Prometheus-format YAML, at most 20MB each, at most 100 rules across the files of a
        deployment. vmctl stores them as they are.
        """,
        subcommands: [RuleListCommand.spec, RuleGetCommand.spec, RuleUploadCommand.spec, RuleDeleteCommand.spec])
}

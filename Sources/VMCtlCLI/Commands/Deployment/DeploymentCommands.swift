import VMCtlCore
import VMCtlSupport
/// `vmctl deployment …`
enum DeploymentCommands {
    static let group = CommandSpec(
        name: "deployment",
        summary: "create, inspect, change and delete VictoriaMetrics Cloud deployments",
        subcommands: [DeploymentListCommand.spec, DeploymentGetCommand.spec, DeploymentCreateCommand.spec,
                      DeploymentUpdateCommand.spec, DeploymentDeleteCommand.spec, DeploymentWaitCommand.spec])
}

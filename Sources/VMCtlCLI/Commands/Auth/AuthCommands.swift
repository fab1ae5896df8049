import VMCtlCore
import VMCtlSupport
/// `vmctl auth …`
enum AuthCommands {
    static let group = CommandSpec(
        name: "auth",
        summary: "check the API key vmctl would use",
        subcommands: [AuthStatusCommand.spec])
}

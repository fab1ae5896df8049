import VMCtlCore
import VMCtlSupport
/// `vmctl profile …`
enum ProfileCommands {
    static let group = CommandSpec(
        name: "profile",
        summary: "manage connection profiles (local; no network)",
        discussion: """
        A profile names a product, where it is, and where its API key comes from: the config file itself
        (api_key), an environment variable (api_key_env), a file (api_key_file) or a command (api_key_command).
        The config file is written with mode 0600, atomically and under a lock.
        """,
        subcommands: [ProfileCreateCommand.spec, ProfileListCommand.spec, ProfileShowCommand.spec, ProfileUseCommand.spec,
                      ProfileUpdateCommand.spec, ProfileRenameCommand.spec, ProfileDeleteCommand.spec, ProfileImportCommand.spec])
}

import SandboxKit

SandboxCommand.main(Array(CommandLine.arguments.dropFirst()))

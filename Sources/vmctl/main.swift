import Foundation
import VMCtlCLI
import VMCtlKit
import VMCtlSupport

VMCtl.installInterruptHandler()
let arguments = Array(CommandLine.arguments.dropFirst())
let environment = VMCtl.processEnvironment()
let io = IOStreams.system()
// Answered before anything async: the version, help and usage errors start no threads.
switch VMCtl.start(arguments: arguments, environment: environment, io: io) {
case .done(let code):
    exit(code)
case .run(let parsed):
    exit(await VMCtl.run(parsed, environment: environment, io: io))
}

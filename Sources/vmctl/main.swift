import Foundation
import VMCtlKit

VMCtl.installInterruptHandler()
let code = await VMCtl.main(arguments: Array(CommandLine.arguments.dropFirst()),
                            environment: ProcessInfo.processInfo.environment,
                            io: .system())
exit(code)

import Foundation
import VMCtlKit

VMCtl.installInterruptHandler()
let code = await VMCtl.main(arguments: Array(CommandLine.arguments.dropFirst()),
                            environment: VMCtl.processEnvironment(),
                            io: .system())
exit(code)

@testable import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCloud
@testable import InfluxDB2
@testable import InfluxDB3
@testable import VMCtlSupport

// The argument parser, driven by the real command tree: the input is argv, words separated by NUL.
// Parsing and building the leaf command's options may refuse anything with a VMCtlError; any other
// error, a crash or a trap is a bug. Help and errors are rendered too, as vmctl would print them.

@_cdecl("LLVMFuzzerTestOneInput") public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let arguments = size == 0 ? [] : fuzzSplit(fuzzBytes(data, size))
    do {
        switch try Parser(root: CommandTree.root(for: Products.registry), products: Products.registry).parse(arguments) {
        case .run(let parsed):
            if let runner = parsed.spec.runner { _ = try runner.init(parsed) }
        case .help(let chain):
            _ = HelpRenderer.render(chain, products: Products.registry)
        case .version:
            break
        }
    } catch let error as VMCtlError {
        let err = MemorySink()
        let io = IOStreams(stdin: MemorySource(), stdout: MemorySink(), stderr: err, stdinIsTTY: false, stdoutIsTTY: false,
                           stderrIsTTY: false, terminalWidth: nil)
        let code = Renderer(io: io, format: .json, color: false).render(error)
        guard documentedExitCodes.contains(code), code != 0 else { fuzzFail("exit code \(code) for \(arguments)") }
    } catch {
        fuzzFail("\(arguments) threw \(type(of: error)), not a VMCtlError: \(error)")
    }
    return 0
}

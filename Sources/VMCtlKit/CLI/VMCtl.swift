import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The entry point: argv, environment and streams in, exit code out. The one place where errors become
/// `Error: …` lines and exit codes; nothing below calls `exit()`.
public enum VMCtl {
    public static func main(arguments: [String], environment: [String: String], io: IOStreams,
                            dependencies: Dependencies = .live) async -> Int32 {
        let colorAllowed = (environment["NO_COLOR"] ?? "").isEmpty
        let invocation: Invocation
        do {
            invocation = try Parser(root: CommandTree.root).parse(arguments)
        } catch {
            // The format flag may not have been parsed; honour it when it was spelled out.
            let format: OutputFormat = arguments.contains("--format=json") || zip(arguments, arguments.dropFirst())
                .contains { GlobalOptions.formatFlag.spec.spellings.contains($0) && $1 == "json" } ? .json : .table
            return Renderer(io: io, format: format, color: colorAllowed && !arguments.contains("--no-color")).render(asVMCtlError(error))
        }

        switch invocation {
        case .version:
            io.stdout.write(VMCtlVersion.line + "\n")
            return 0
        case .help(let chain):
            io.stdout.write(HelpRenderer.render(chain))
            return 0
        case .run(let parsed):
            let renderer = Renderer(io: io, format: parsed.global.format, color: colorAllowed && !parsed.global.noColor)
            let context = CommandContext(io: io, environment: environment, global: parsed.global, chain: parsed.chain,
                                         givenFlags: parsed.givenFlags, dependencies: dependencies)
            do {
                guard let runner = parsed.spec.runner else {
                    throw VMCtlError.usage("\(parsed.commandLine) cannot be run", hint: HelpRenderer.usageHint(parsed.chain))
                }
                let command = try runner.init(parsed)
                return renderer.render(try await command.run(context))
            } catch is Cancellation {
                io.stderr.write(Cancellation.message + "\n")
                return 0
            } catch {
                return renderer.render(asVMCtlError(error))
            }
        }
    }

    /// Anything that is not already a `VMCtlError` is an unexpected failure, still printed cleanly.
    /// (Transport errors never get here: `APIClient` turns each into a network error with its hint.)
    static func asVMCtlError(_ error: Error) -> VMCtlError {
        if let error = error as? VMCtlError { return error }
        return .failure("unexpected failure: \(error)")
    }

    /// The process environment, read straight from `environ`: cheaper at start-up than building
    /// Foundation's ProcessInfo, which matters for a command that runs for a few milliseconds.
    public static func processEnvironment() -> [String: String] {
        var result: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let eq = text.firstIndex(of: "=") {
                result[String(text[..<eq])] = String(text[text.index(after: eq)...])
            }
            entry += 1
        }
        return result
    }

    /// Makes SIGINT end vmctl with exit code 130, putting the terminal back first if a prompt had hidden
    /// the typing. Files are written atomically with signals held back, so nothing is left half-written.
    public static func installInterruptHandler() {
        signal(SIGINT) { _ in
            SavedTerminal.restoreIfNeeded()
            let newline: [UInt8] = [10]
            _ = newline.withUnsafeBytes { write(2, $0.baseAddress, 1) }
            _exit(130)
        }
        // A closed stdout (`vmctl … | head -1`) should end vmctl quietly, as it does other tools.
        signal(SIGPIPE, SIG_DFL)
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif
import VMCtlCore
import VMCtlSupport

/// The entry point: argv, environment and streams in, exit code out. The one place where errors become
/// `Error: …` lines and exit codes; nothing below calls `exit()`.
public enum VMCtl {
    public static func main(arguments: [String], environment: [String: String], io: IOStreams, products: ProductRegistry,
                            dependencies: Dependencies = .live) async -> Int32 {
        switch start(arguments: arguments, environment: environment, io: io, products: products) {
        case .done(let code): return code
        case .run(let parsed): return await run(parsed, environment: environment, io: io, dependencies: dependencies)
        }
    }

    /// What argv asks for: answered at once (the version, help, a usage error), or a command to run.
    public enum Start {
        case done(Int32)
        case run(ParsedCommand)
    }

    /// The synchronous first half of `main`: parses argv and answers what needs no command run. The
    /// executable calls it before anything async, so `--version`, `--help` and usage errors never start
    /// the concurrency runtime's threads (docs/performance.md).
    public static func start(arguments: [String], environment: [String: String], io: IOStreams, products: ProductRegistry) -> Start {
        let invocation: Invocation
        do {
            invocation = try Parser(root: CommandTree.root(for: products), products: products).parse(arguments)
        } catch {
            // The format flag may not have been parsed; honour it when it was spelled out.
            let format: OutputFormat = arguments.contains("--format=json") || zip(arguments, arguments.dropFirst())
                .contains { GlobalOptions.formatFlag.spec.spellings.contains($0) && $1 == "json" } ? .json : .table
            return .done(Renderer(io: io, format: format, color: colorAllowed(environment) && !arguments.contains("--no-color")).render(VMCtlError.from(error)))
        }

        switch invocation {
        case .version:
            io.stdout.write(VMCtlVersion.line + "\n")
            return .done(0)
        case .help(let chain):
            io.stdout.write(HelpRenderer.render(chain, products: products))
            return .done(0)
        case .run(let parsed):
            return .run(parsed)
        }
    }

    /// The second half of `main`: runs a parsed command and prints its result.
    public static func run(_ parsed: ParsedCommand, environment: [String: String], io: IOStreams,
                           dependencies: Dependencies = .live) async -> Int32 {
        let renderer = Renderer(io: io, format: parsed.global.format, color: colorAllowed(environment) && !parsed.global.noColor)
        if parsed.global.format == .json { InterruptLine.sayJSON(terminal: io.stderrIsTTY) }
        let context = CommandContext(io: io, environment: environment, global: parsed.global, chain: parsed.chain,
                                     givenFlags: parsed.givenFlags, dependencies: dependencies, products: parsed.products)
        do {
            guard let runner = parsed.spec.runner else {
                throw VMCtlError.usage("\(parsed.commandLine) cannot be run", hint: HelpRenderer.usageHint(parsed.chain))
            }
            let command = try runner.init(parsed)
            return renderer.render(try await command.run(context))
        } catch is Cancellation {
            renderer.notices.line(Cancellation.message)
            return 0
        } catch {
            return renderer.render(VMCtlError.from(error))
        }
    }

    private static func colorAllowed(_ environment: [String: String]) -> Bool { (environment["NO_COLOR"] ?? "").isEmpty }

    /// The process environment, read straight from `environ`: cheaper at start-up than building
    /// Foundation's ProcessInfo, which matters for a command that runs for a few milliseconds.
    public static func processEnvironment() -> [String: String] {
        var result: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            // Split at the first "=" on the bytes: no String of the whole entry, no Character walk.
            let length = strlen(pointer)
            pointer.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
                let entry = UnsafeBufferPointer(start: bytes, count: length)
                if let eq = entry.firstIndex(of: UInt8(ascii: "=")) {
                    result[String(decoding: entry[..<eq], as: UTF8.self)] = String(decoding: entry[(eq + 1)...], as: UTF8.self)
                }
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
            if let line = InterruptLine.bytes {
                _ = write(2, line.baseAddress, line.count)
            } else {
                let newline: [UInt8] = [10]
                _ = newline.withUnsafeBytes { write(2, $0.baseAddress, 1) }
            }
            _exit(130)
        }
        // A closed stdout (`vmctl … | head -1`) should end vmctl quietly, as it does other tools.
        signal(SIGPIPE, SIG_DFL)
    }
}

/// What SIGINT writes on stderr before vmctl exits: a newline that ends a prompt's line, or with
/// `--format json` the `interrupted` error object, so that stderr stays JSON lines (docs/json.md, stderr).
/// Made before the command runs and kept in a plain global, as the signal handler may only call `write`.
enum InterruptLine {
    nonisolated(unsafe) static var bytes: UnsafeMutableBufferPointer<UInt8>?

    static func sayJSON(terminal: Bool) {
        guard bytes == nil else { return }
        let object = Renderer.errorObject(VMCtlError(.interrupted, "interrupted"))
        let line = Array(((terminal ? "\n" : "") + object.serialized(pretty: false) + "\n").utf8)
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: line.count)
        _ = buffer.initialize(from: line)
        bytes = buffer
    }
}

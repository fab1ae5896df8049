import Foundation
#if canImport(Glibc)
import Glibc
#endif
import VMCtlSupport

/// `vmctl-sandbox [--port N] [--api-key KEY] [--state FILE] [--latency DURATION] [--seed-tokens N] …`: runs the sandbox until SIGINT or SIGTERM
/// (docs/contract.md, the sandbox).
public enum SandboxCommand {
    static let usage = """
    Usage: vmctl-sandbox [--port N] [--api-key KEY] [--state FILE] [--provisioning-delay DURATION] [--exchange-log FILE]
                         [--latency DURATION] [--seed-tokens N]
                         [--no-api-key-endpoint] [--data-plane [--victoria-metrics PATH]]
                         [--dedicated-data-port N] [--clustered-data-port N] [--parent-pid PID]

    A local emulator of the management APIs vmctl speaks, on 127.0.0.1.
      --port N                        port to listen on; 0 (the default) picks a free one
      --api-key KEY                   the API key with full access (default: a random one, printed at start)
      --state FILE                    keep state in FILE across restarts (written atomically, in the
                                      background, at most every 50 ms; and at stop); without it nothing
                                      is written
      --latency DURATION              answer every API request this much later (e.g. 50ms), as a real
                                      API's round trip would; other connections are not held up
      --seed-tokens N                 give the cluster deployment N more access tokens at start, beyond
                                      its tier's limit (for measuring long lists)
      --provisioning-delay DURATION   how long new deployments stay PROVISIONING (default 3s)
      --exchange-log FILE             append one JSON line per HTTP exchange to FILE (method, path, query,
                                      content-type/accept/user-agent headers, bodies, status, which product
                                      answered; auth headers by scheme only, never their values), for the
                                      contract tests in Tests/Contract; off by default
      --no-api-key-endpoint           answer 404 on /api/v1/api_keys, as VictoriaMetrics Cloud does: it
                                      publishes no API-key endpoint (its console manages keys); by
                                      default the sandbox serves the provisional one of docs/api/vmcloud.md
      --data-plane                    also run VictoriaMetrics Cloud's data plane: a real single-node
                                      VictoriaMetrics (victoria-metrics from PATH, on 127.0.0.1, storage in
                                      a temporary directory removed at exit) behind an emulated gateway that
                                      every deployment's access_endpoint then is. The storage and query
                                      engine are real; the gateway (token check, URL rules, tenants kept
                                      apart by vm_deployment and vm_tenant labels) is the sandbox's own.
                                      Needs Debian's victoria-metrics package (apt-get install victoria-metrics)
      --victoria-metrics PATH         the victoria-metrics executable to run (implies --data-plane)
      --dedicated-data-port N         port of the InfluxDB 3 Dedicated cluster's data URL (default: a free one)
      --clustered-data-port N         port of the InfluxDB 3 Clustered cluster's data URL (default: a free one)
      --parent-pid PID                stop (as on SIGTERM) once process PID has ended, e.g. the test run
                                      that started the sandbox and crashed; checked every second
      -h, --help                      show this help

    Data endpoints, always on (points kept in memory only): InfluxDB 2's POST /api/v2/write and
    /api/v2/query (a Flux subset) on the sandbox's URL; each InfluxDB 3 cluster's data URL with
    POST /api/v2/write?bucket=DB, POST /write?db=DB and GET /query?db=DB&q=SELECT… (an InfluxQL subset).
    All URLs are printed at start and served as JSON at GET /_sandbox/data-plane.

    """

    /// Parses the arguments; returns the options, or an exit code after printing help or an error.
    public static func parse(_ arguments: [String], stdout: TextSink, stderr: TextSink) -> Result<Sandbox.Options, ExitCode> {
        var options = Sandbox.Options()
        var dataPlane = false
        var i = 0
        while i < arguments.count {
            let arg = arguments[i]
            var name = arg, inline: String?
            if arg.hasPrefix("--"), let eq = arg.firstIndex(of: "=") {
                name = String(arg[..<eq])
                inline = String(arg[arg.index(after: eq)...])
            }
            /// The option's value: after `=`, else the next argument (or exit 2 after saying it is missing).
            func value() throws(ExitCode) -> String {
                if let inline { return inline }
                guard i + 1 < arguments.count else {
                    stderr.write("Error: \(name) needs a value\n\(usage)")
                    throw ExitCode(2)
                }
                i += 1
                return arguments[i]
            }
            /// A value that must not be empty (an empty one exits 2 without a message).
            func nonEmptyValue() throws(ExitCode) -> String {
                let text = try value()
                guard !text.isEmpty else { throw ExitCode(2) }
                return text
            }
            /// A value parsed by `read`, or exit 2 after saying it should be `expected`.
            func value<T>(_ read: (String) -> T?, expected: String) throws(ExitCode) -> T {
                let text = try value()
                guard let parsed = read(text) else {
                    stderr.write("Error: invalid \(name) \"\(text)\": use \(expected)\n")
                    throw ExitCode(2)
                }
                return parsed
            }
            func port() throws(ExitCode) -> UInt16 { try value({ UInt16($0) }, expected: "a number from 0 to 65535") }
            /// The seconds of a duration (`3s`, `500ms`, `0`).
            func seconds(example: String) throws(ExitCode) -> Double {
                try value({ HumanDuration.parse($0, units: .timeout) ?? ($0 == "0" ? 0 : nil) }, expected: "a duration such as \(example)")
            }
            /// A flag takes no `=value` (one given exits 2 without a message).
            func noValue() throws(ExitCode) {
                guard inline == nil else { throw ExitCode(2) }
            }
            do throws(ExitCode) {
                switch name {
                case "-h", "--help":
                    stdout.write(usage)
                    return .failure(ExitCode(0))
                case "--port": options.port = try port()
                case "--api-key": options.apiKey = try nonEmptyValue()
                case "--provisioning-delay": options.provisioningDelay = try seconds(example: "3s or 500ms")
                case "--latency": options.latency = try seconds(example: "50ms")
                case "--seed-tokens":
                    options.seedTokens = try value({ Int($0).flatMap { (0...1_000_000).contains($0) ? $0 : nil } },
                                                   expected: "a number from 0 to 1000000")
                case "--data-plane":
                    try noValue()
                    dataPlane = true
                case "--victoria-metrics": options.victoriaMetricsPath = try nonEmptyValue()
                case "--dedicated-data-port": options.dedicatedDataPort = try port()
                case "--clustered-data-port": options.clusteredDataPort = try port()
                case "--no-api-key-endpoint":
                    try noValue()
                    options.apiKeyEndpoint = false
                case "--parent-pid":
                    options.parentPID = try value({ pid_t($0).flatMap { $0 > 0 ? $0 : nil } }, expected: "a process ID")
                case "--exchange-log": options.exchangeLogPath = try nonEmptyValue()
                case "--state": options.statePath = try nonEmptyValue()
                default:
                    stderr.write("Error: unknown argument \"\(arg)\"\n\(usage)")
                    return .failure(ExitCode(2))
                }
            } catch {
                return .failure(error)
            }
            i += 1
        }
        if dataPlane && options.victoriaMetricsPath == nil {
            // Marks "find it on PATH"; `resolveVictoriaMetrics` does the looking, parsing does no I/O.
            options.victoriaMetricsPath = ""
        }
        return .success(options)
    }

    /// The victoria-metrics executable `--data-plane` runs: the one given, else the one on `path`; nil
    /// (after saying what to install) when there is none.
    static func resolveVictoriaMetrics(_ given: String, path: String?, stderr: TextSink) -> String? {
        if given.isEmpty {
            if let found = ProcessRunner.find("victoria-metrics", path: path) { return found }
            stderr.write("""
            Error: --data-plane runs VictoriaMetrics' single-node server, and victoria-metrics is not on PATH
            Install it (Debian/Ubuntu: apt-get install victoria-metrics), or give its path with --victoria-metrics PATH

            """)
            return nil
        }
        if FileManager.default.isExecutableFile(atPath: given) { return given }
        stderr.write("Error: --victoria-metrics \(given) is not an executable file\n")
        return nil
    }

    public struct ExitCode: Error {
        public var code: Int32
        init(_ code: Int32) { self.code = code }
    }

    /// Starts the sandbox and serves until SIGINT/SIGTERM; never returns.
    public static func main(_ arguments: [String]) -> Never {
        let out = FileDescriptorSink(fd: 1), err = FileDescriptorSink(fd: 2)
        var options: Sandbox.Options
        switch parse(arguments, stdout: out, stderr: err) {
        case .success(let o): options = o
        case .failure(let exit): Glibc.exit(exit.code)
        }
        if let given = options.victoriaMetricsPath {
            guard let found = resolveVictoriaMetrics(given, path: ProcessInfo.processInfo.environment["PATH"], stderr: err) else { Glibc.exit(2) }
            options.victoriaMetricsPath = found
        }
        let sandbox: Sandbox
        do {
            sandbox = try Sandbox(options: options)
        } catch {
            err.write("Error: \(error)\n")
            Glibc.exit(1)
        }
        out.write("""
        vmctl-sandbox listening on \(sandbox.url)
        API key: \(sandbox.apiKey)
        \(sandbox.productHints)
        \(sandbox.dataPlaneHints)
        Try: \(sandbox.vmcloudProfileCommand(name: "sandbox"))

        """)
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        signal(SIGPIPE, SIG_IGN)
        let stop = {
            sandbox.stop()
            err.write("vmctl-sandbox stopped\n")
            Glibc.exit(0)
        }
        var sources: [any DispatchSourceProtocol] = []
        for signalNumber in [SIGINT, SIGTERM] {
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .main)
            source.setEventHandler(handler: stop)
            source.resume()
            sources.append(source)
        }
        if let parent = options.parentPID {
            // Gone, or (when it started the sandbox) no longer the parent: an orphan is adopted by another.
            let wasParent = getppid() == parent
            let timer = DispatchSource.makeTimerSource(queue: .main)
            timer.schedule(deadline: .now(), repeating: 1)
            timer.setEventHandler {
                if kill(parent, 0) != 0 && errno == ESRCH || wasParent && getppid() != parent { stop() }
            }
            timer.resume()
            sources.append(timer)
        }
        withExtendedLifetime(sources) { dispatchMain() }
    }
}

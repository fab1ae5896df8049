import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCtlSupport

/// The guarantees of docs/guarantees.md, one behaviour each, with the built binary: each of these failed
/// before its fix.
@Suite struct RobustnessEndToEndTests {
    /// One `Error:` line, at most one hint line after it, and nothing else on stderr.
    static func expectOneErrorLine(_ r: ProcessResult, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.last == "", "\(label): stderr does not end with a newline", sourceLocation: sourceLocation)
        #expect(lines.first?.hasPrefix("Error: ") == true, "\(label): \(r.stderr.prefix(300))", sourceLocation: sourceLocation)
        #expect((2...3).contains(lines.count), "\(label): \(lines.count - 1) lines: \(r.stderr.prefix(300))", sourceLocation: sourceLocation)
    }

    @Test func anEndlessConfigFileIsRefused() throws {
        let user = VMCtlUser()
        let r = try user.vmctl(["--config", "/dev/zero", "profile", "list"])
        #expect(r.code == 3)
        #expect(r.stderr.hasPrefix("Error: /dev/zero is larger than 1 MiB, the limit for a config file\n"))
        Self.expectOneErrorLine(r, "/dev/zero")
    }

    @Test func anArgumentWithALineBreakGivesOneErrorLine() throws {
        let r = try VMCtlUser().vmctl(["a\nb"])
        #expect(r.code == 2)
        #expect(r.stderr.hasPrefix(#"Error: unknown command "a\nb" for "vmctl""#))
        Self.expectOneErrorLine(r, "a\\nb")
    }

    @Test func aSecretCommandThatNeverStopsPrintingIsStopped() throws {
        let user = VMCtlUser()
        try #require(user.vmctl(["profile", "create", "y", "--product", "vmcloud", "--url", "http://127.0.0.1:9",
                                 "--deployment", "d", "--api-key-command", "yes"]).code == 0)
        let r = try user.vmctl(["token", "list", "--profile", "y"])
        #expect(r.code == 3)
        #expect(r.stderr.hasPrefix("Error: api_key_command of profile \"y\" printed more than 64 KiB on stdout (the limit for a secret command) and was stopped\n"))
        Self.expectOneErrorLine(r, "yes")
    }

    @Test func aSecretCommandThatNeverEndsIsStoppedAtTheTimeoutWithEverythingItStarted() throws {
        let user = VMCtlUser()
        let pidFile = user.home + "/pid"
        try #require(user.vmctl(["profile", "create", "s", "--product", "vmcloud", "--url", "http://127.0.0.1:9", "--deployment", "d",
                                 "--api-key-command", "sleep 300 & echo $! > \(pidFile); wait"]).code == 0)
        let started = Date()
        let r = try user.vmctl(["token", "list", "--profile", "s", "--timeout", "1s"])
        let elapsed = Date().timeIntervalSince(started)
        #expect(r.code == 3)
        #expect(r.stderr.hasPrefix("Error: api_key_command of profile \"s\" did not finish within 1s (the --timeout) and was stopped\n"))
        Self.expectOneErrorLine(r, "sleep")
        #expect(elapsed < 10, "vmctl waited \(elapsed)s for a command limited to 1s")
        let sleeper = try #require(Int32((try String(contentsOfFile: pidFile, encoding: .utf8)).trimmingCharacters(in: .whitespacesAndNewlines)))
        var running = true
        for _ in 0..<100 where running {
            running = isLive(sleeper)
            if running { usleep(20_000) }
        }
        #expect(!running, "the command's sleep \(sleeper) is still running")
    }

    /// The row of the issue: headers, then one byte every 0.5 s, `--timeout 2s`. Before: exit 7 after 25 s.
    @Test func aTricklingServerIsBoundedByTheTimeoutPerAttempt() throws {
        let server = try FaultServer(.slowBody, upstream: nil)
        let user = VMCtlUser()
        try #require(user.vmctl(["profile", "create", "t", "--product", "vmcloud", "--url", server.url, "--deployment",
                                 "0f6c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b", "--api-key-stdin"], stdin: "k-0123456789\n").code == 0)
        let started = Date()
        let r = try user.vmctl(["token", "list", "--timeout", "2s"])
        let elapsed = Date().timeIntervalSince(started)
        #expect(r.code == 7)
        #expect(r.stderr.contains("Error: GET /api/v1/deployments/0f6c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b/access_tokens timed out after 2s\n"))
        #expect(server.received.count == 3, "three attempts")
        // 3 attempts × 2 s + at most 1.5 s of backoff, and some slack for a loaded machine.
        #expect(elapsed >= 6 && elapsed < 10.5, "took \(elapsed)s")
    }

    /// A server that never answers the TLS handshake (it waits for an HTTP request that never comes): the
    /// timeout bounds connecting too, attempt after attempt. Before, the third attempt never ended (> 60 s).
    @Test func aStalledTLSHandshakeIsBoundedByTheTimeoutPerAttempt() throws {
        let server = try FaultServer(.slowBody, upstream: nil)
        let user = VMCtlUser()
        try #require(user.vmctl(["profile", "create", "s", "--product", "vmcloud", "--url", "https" + server.url.dropFirst(4), "--deployment",
                                 "0f6c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b", "--api-key-stdin"], stdin: "k-0123456789\n").code == 0)
        let started = Date()
        let r = try user.vmctl(["token", "list", "--timeout", "1s"])
        let elapsed = Date().timeIntervalSince(started)
        #expect(r.code == 7)
        #expect(r.stderr.contains("Error: GET /api/v1/deployments/0f6c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b/access_tokens timed out after 1s\n"))
        #expect(server.received.isEmpty, "no HTTP request got through")
        // 3 attempts × 1 s + at most 1.5 s of backoff, and slack for a loaded machine.
        #expect(elapsed < 9, "took \(elapsed)s")
    }

    /// The row of the issue: a 100 MB answer. Before: 26 s and 2.3 GB of memory, then a decoding error.
    @Test func aHundredMegabyteAnswerStopsAtTheLimitWithBoundedMemory() throws {
        let server = try FaultServer(.hugeBody, upstream: nil)
        let user = VMCtlUser()
        try #require(user.vmctl(["profile", "create", "h", "--product", "vmcloud", "--url", server.url, "--deployment",
                                 "0f6c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b", "--api-key-stdin"], stdin: "k-0123456789\n").code == 0)
        let r = try user.vmctlMeasuringMemory(["token", "list"])
        #expect(r.code == 1)
        #expect(r.stderr.hasPrefix("Error: the answer to GET /api/v1/deployments/0f6c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b/access_tokens is larger than 16 MiB, vmctl's limit for one response; it was not read further\n"))
        Self.expectOneErrorLine(r, "100 MB")
        #expect(server.received.count == 1, "an answer too large is not asked for again")
        // vmctl's own peak (wait4), far below the 100 MB read whole.
        #expect(r.peakKiB > 0 && r.peakKiB < 400 * 1024, "peak RSS of vmctl: \(r.peakKiB) KiB")
    }

    /// The row of the issue: an idle wait for a slow answer spun (5 s wait: 3.6 s of CPU). Measured with the
    /// shell's `times` for vmctl alone; the bound is loose (a quarter of the wait), the fix brings it near zero.
    ///
    /// Known issue, blocked by FoundationNetworking (swift-corelibs-foundation, `URLSession._MultiHandle`):
    /// while libcurl's non-blocking connect is in progress it asks to watch the socket for write-readiness,
    /// and `_MultiHandle.register` creates a write `DispatchSource` for it; when libcurl then asks for read
    /// only, the write source is kept (sources are torn down only on `CURL_POLL_REMOVE`), so an always-writable
    /// socket wakes the queue without pause until the transfer ends. Every first request on a new connection
    /// spins, whatever the request (GET, `httpBody`, `uploadTask`), the API (completion handler, delegate,
    /// `data(for:)`), the delegate queue, `.default` or `.ephemeral`, or `Connection: close`; only a request on a
    /// connection kept alive from an earlier one does not. How much CPU the spin gets depends on the machine's
    /// load, hence intermittent.
    @Test func waitingForASlowAnswerCostsAlmostNoCPU() async throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        try user.createProfile(sandbox: sandbox)
        try await sandbox.injectFault(#"{"path":"/api/v1/deployments","delay_ms":3000,"times":1}"#)
        let script = "\"$0\" deployment list >/dev/null 2>&1; echo \"exit=$?\"; times"
        let r = try runProcess("/bin/sh", ["-c", script, vmctlPath], environment: user.environment)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "exit=0")
        // `times`: the shell's own user and system time, then its children's.
        let children = try #require(lines.last).split(separator: " ").map { Self.seconds(String($0)) }
        let cpu = children.reduce(0, +)
        withKnownIssue("FoundationNetworking's URLSession spins on a write-ready socket while it waits (see above)", isIntermittent: true) {
            #expect(cpu < 0.75, "vmctl used \(cpu)s of CPU to wait 3s: \(lines)")
        }
    }

    /// The row of the issue: a JSON answer followed by stray bytes on `token reveal`, with `--debug`.
    /// Before: the debug dump printed the secret, because redaction only worked when the body parsed.
    @Test func revealWithStrayBytesPrintsNoSecretInTheDebugDump() async throws {
        let sandbox = try SandboxProcess()
        let prod = try await sandbox.deploymentID("prod-cluster")
        let id = try #require(try await sandbox.tokenSecrets(prod).keys.first)
        let server = try FaultServer(.strayBytes, upstream: sandbox.url, applies: { method, path in
            method == "GET" && path.hasSuffix("/access_tokens/\(id)")
        })
        let user = VMCtlUser()
        try #require(user.vmctl(["profile", "create", "r", "--product", "vmcloud", "--url", server.url, "--deployment", "prod-cluster",
                                 "--api-key-stdin"], stdin: sandbox.apiKey + "\n").code == 0)
        let r = try user.vmctl(["token", "reveal", id, "--debug"])
        #expect(r.code == 1)
        #expect(r.stderr.contains("Error: unexpected response from the server"))
        #expect(r.stderr.contains(#""value":"[REDACTED]""#))
        #expect(!r.stderr.contains(server.plantedSecret) && !r.stdout.contains(server.plantedSecret))
        #expect(!r.stderr.contains(sandbox.apiKey))
    }

    /// The transport ends an attempt at its timeout however the server trickles, and stops at the size limit.
    @Test func theTransportBoundsAnAttemptAsAWhole() async throws {
        let transport: HTTPTransport = URLSessionTransport()
        // The trickle never pauses for 1.5 s, so an idle timeout would wait it out (~50 s) and return the
        // whole answer; a deadline on the attempt ends it with a timeout. (How soon is measured on the
        // binary, in aTricklingServerIsBoundedByTheTimeoutPerAttempt: in-process timings are unreliable
        // while the whole suite runs in parallel.)
        let slow = try FaultServer(.slowBody, upstream: nil)
        await #expect(throws: TransportError.timedOut) {
            try await transport.send(HTTPRequest(method: "GET", url: URL(string: slow.url + "/x")!, timeout: 1.5))
        }
        let huge = try FaultServer(.hugeBody, upstream: nil)
        await #expect(throws: TransportError.responseTooLarge(1 << 20)) {
            try await transport.send(HTTPRequest(method: "GET", url: URL(string: huge.url + "/x")!, timeout: 60, maxResponseBytes: 1 << 20))
        }
    }

    @Test func aConfigWriteRemovesWhatAKilledWriterLeft() throws {
        let user = VMCtlUser()
        try #require(user.vmctl(["profile", "create", "a", "--product", "vmcloud", "--api-key-env", "K"]).code == 0)
        // kill -9 a writer in the middle of its write: it leaves a temporary file holding the keys.
        let directory = (user.configPath as NSString).deletingLastPathComponent
        let leftover = directory + "/.config.toml.tmp-999999-1"
        try #require(FileManager.default.createFile(atPath: leftover, contents: Data("api_key = \"k\"\n".utf8), attributes: [.posixPermissions: 0o600]))
        try #require(user.vmctl(["profile", "create", "b", "--product", "vmcloud", "--api-key-env", "K"]).code == 0)
        #expect(!FileManager.default.fileExists(atPath: leftover))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["config.toml", "config.toml.lock"])
    }

    /// `0m0.01s` → 0.01
    static func seconds(_ text: String) -> Double {
        let parts = text.dropLast().split(separator: "m")
        guard parts.count == 2, let minutes = Double(parts[0]), let seconds = Double(parts[1]) else { return .infinity }
        return minutes * 60 + seconds
    }
}

/// Whether `pid` is a live (not zombie) process.
func isLive(_ pid: Int32) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return false }
    let state = stat[stat.index(close, offsetBy: 2)]
    return state != "Z" && state != "X"
}

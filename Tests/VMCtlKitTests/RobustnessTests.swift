import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCloud
@testable import InfluxDB2
@testable import InfluxDB3
@testable import VMCtlSupport

/// Bounded inputs and one-line errors (docs/guarantees.md), in-process.
@Suite struct RobustnessTests {
    // MARK: - Config file size

    @Test func aConfigFileLargerThanTheLimitIsAConfigError() throws {
        let dir = TemporaryDirectory()
        // Valid TOML (comments only), one byte past the limit: before the limit existed this loaded fine.
        let line = "# " + String(repeating: "x", count: 1021) + "\n"
        var text = String(repeating: line, count: Limits.configFileBytes / line.utf8.count + 1)
        text = String(text.prefix(Limits.configFileBytes + 1))
        let path = dir.write("config.toml", text)
        #expect(throws: VMCtlError.config("\(path) is larger than 1 MiB, the limit for a config file",
                                          hint: "point --config (or VMCTL_CONFIG) at a vmctl config file")) {
            try ConfigStore(path: path, products: Products.registry).load()
        }
        // Exactly at the limit is still read.
        let atLimit = dir.write("ok.toml", String(text.prefix(Limits.configFileBytes - 1)) + "\n")
        #expect(try ConfigStore(path: atLimit, products: Products.registry).load() != nil)
    }

    @Test func anEndlessConfigFileIsAConfigError() async {
        let r = await runVMCtl(["--config", "/dev/zero", "profile", "list"], config: nil)
        #expect(r.code == 3)
        #expect(r.stderr == "Error: /dev/zero is larger than 1 MiB, the limit for a config file\npoint --config (or VMCTL_CONFIG) at a vmctl config file\n")
    }

    // MARK: - Stale temporary files

    @Test func aConfigWriteRemovesTemporaryFilesLeftByAKilledWriter() throws {
        let dir = TemporaryDirectory()
        let path = dir.path + "/config.toml"
        // What a writer killed with -9 leaves: its 0600 temporary file, named for its (live or dead) pid.
        let stale = dir.write(".config.toml.tmp-\(getpid())-12345", "api_key = \"leaked\"\n")
        let unrelated = dir.write(".config.toml.tmp-notours", "x")
        try ConfigStore(path: path, products: Products.registry).update { config in try config.setDefault(nil) }
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(FileManager.default.fileExists(atPath: unrelated))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
                == [".config.toml.tmp-notours", "config.toml", "config.toml.lock"])
    }

    @Test func anAtomicWriteRemovesOnlyTemporariesOfDeadWriters() throws {
        let dir = TemporaryDirectory()
        let path = dir.path + "/rules.yml"
        // pid 1 is alive (init); a pid past pid_max cannot be.
        let live = dir.write(".rules.yml.tmp-1-7", "x")
        let dead = dir.write(".rules.yml.tmp-2147483646-7", "x")
        try AtomicFile.write("groups: []\n", to: path)
        #expect(FileManager.default.fileExists(atPath: live))
        #expect(!FileManager.default.fileExists(atPath: dead))
    }

    // MARK: - Control characters in messages

    @Test func anArgumentWithALineBreakGivesOneErrorLine() async {
        let r = await runVMCtl(["a\nb\u{1B}[31m"])
        #expect(r.code == 2)
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == #"Error: unknown command "a\nb\u{1b}[31m" for "vmctl""#)
        #expect(lines.count == 3, "the error line, a hint line and the final newline: \(r.stderr)")
        #expect(!r.stderr.contains("\u{1B}"))
    }

    @Test func controlCharactersInAFlagValueAreEscapedToo() async {
        let r = await runVMCtl(["token", "list", "--profile", "x\r\ny\u{7}"])
        #expect(r.code == 3)
        #expect(r.stderr.hasPrefix(#"Error: no profile "x\r\ny\u{7}""#) || r.stderr.contains(#"x\r\ny\u{7}"#))
        #expect(!r.stderr.contains("\r") && !r.stderr.contains("\u{7}"))
        #expect(r.stderr.split(separator: "\n").count <= 2)
    }

    @Test func oneLineEscapesEveryControlCharacter() {
        #expect(Renderer.oneLine("plain é ✓") == "plain é ✓")
        #expect(Renderer.oneLine("a\nb\tc\rd\u{0}e\u{7F}f\u{85}g\u{2028}") == #"a\nb\tc\rd\u{0}e\u{7f}f\u{85}g\u{2028}"#)
    }

    // MARK: - Answers that cannot get better

    @Test func anAnswerTooLargeOrNotHTTPIsAFailureAndIsNotAskedForAgain() async {
        let path = "/api/v1/deployments/\(prodID)/access_tokens"
        let large = await runVMCtl(["token", "list"], stub: StubTransport().expect("GET", path, failure: .responseTooLarge(16 << 20)))
        #expect(large.code == 1)
        #expect(large.stderr == "Error: the answer to GET \(path) is larger than 16 MiB, vmctl's limit for one response; it was not read further\ncheck the url of profile \"test\": an API answer is never this large\n")
        #expect(large.sleeps.isEmpty)
        let garbage = await runVMCtl(["token", "list"], stub: StubTransport().expect("GET", path, failure: .badResponse("Received HTTP/0.9 when not allowed")))
        #expect(garbage.code == 1)
        #expect(garbage.stderr.hasPrefix("Error: 127.0.0.1:9 did not answer GET \(path) with HTTP: Received HTTP/0.9 when not allowed\n"))
        #expect(garbage.sleeps.isEmpty)
    }

    // MARK: - api_key_command limits

    @Test func aCommandThatNeverStopsPrintingIsStoppedAtTheOutputLimit() throws {
        let limits = ProcessRunner.Limits(outputBytes: Limits.secretCommandOutputBytes, seconds: 20)
        #expect(throws: ProcessRunner.Failure.outputLimit(stream: "stdout", bytes: 64 << 10)) {
            try ProcessRunner.run("/bin/sh", ["-c", "yes"], limits: limits)
        }
        #expect(throws: ProcessRunner.Failure.outputLimit(stream: "stderr", bytes: 64 << 10)) {
            try ProcessRunner.run("/bin/sh", ["-c", "yes >&2"], limits: limits)
        }
    }

    @Test func aCommandThatNeverEndsIsKilledWithEverythingItStarted() throws {
        let dir = TemporaryDirectory()
        let pidFile = dir.path + "/pid"
        // The shell starts a grandchild that holds the pipes open, then waits for it.
        let command = "sleep 300 & echo $! > \(pidFile); wait"
        #expect(throws: ProcessRunner.Failure.timeLimit(seconds: 0.5)) {
            try ProcessRunner.run("/bin/sh", ["-c", command], limits: .init(outputBytes: 1024, seconds: 0.5))
        }
        let grandchild = try #require(Int32((dir.read("pid") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)))
        // SIGKILL is delivered at once, but the reaping of an orphan by init may lag a little.
        var running = true
        for _ in 0..<100 where running {
            running = isRunning(grandchild)
            if running { usleep(20_000) }
        }
        #expect(!running, "sleep \(grandchild) is still running")
    }

    @Test func aCommandWithinTheLimitsGivesItsOutput() throws {
        let r = try ProcessRunner.run("/bin/sh", ["-c", "echo key-1; echo note >&2; exit 3"],
                                      limits: .init(outputBytes: 64, seconds: 20))
        #expect(r.status == 3)
        #expect(r.stdout == "key-1\n")
        #expect(r.stderr == "note\n")
        #expect(throws: ProcessRunner.Failure.self) { try ProcessRunner.run("/nonexistent/program", []) }
    }

    @Test func secretCommandLimitsAreConfigErrorsNamingTheLimit() throws {
        let resolver = SecretResolver(environment: [:], commandTimeout: 0.5)
        #expect(throws: VMCtlError.config("api_key_command of profile \"p\" printed more than 64 KiB on stdout (the limit for a secret command) and was stopped",
                                          hint: "the command must print the API key on its first line, e.g. pass show NAME | head -1")) {
            try resolver.resolve(.command("yes"), profile: "p")
        }
        #expect(throws: VMCtlError.config("api_key_command of profile \"p\" did not finish within 500 ms (the --timeout) and was stopped",
                                          hint: "raise --timeout if the command needs longer, e.g. to ask for a passphrase")) {
            try resolver.resolve(.command("sleep 30"), profile: "p")
        }
        #expect(try resolver.resolve(.command("printf 'k-123456\\nmore'"), profile: "p").value == "k-123456")
    }
}

/// Whether `pid` is a live (not zombie) process.
func isRunning(_ pid: Int32) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return false }
    let state = stat[stat.index(close, offsetBy: 2)]
    return state != "Z" && state != "X"
}

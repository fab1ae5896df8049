import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCtlSupport

/// Layer 3: every exit code this slice can produce, refusals, retries, redaction and interrupts.
@Suite struct FailureTests {
    @Test func exitCodes() async throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        try user.createProfile(sandbox: sandbox)

        // 2: usage.
        let usage = try user.vmctl(["token", "creat"])
        #expect(usage.code == 2)
        #expect(usage.stderr == "Error: unknown command \"creat\" for \"vmctl token\" (did you mean \"create\"?)\nUsage: vmctl token <command> [flags]  (see 'vmctl token --help')\n")

        // 3: configuration — no such profile, and an unsafe file.
        #expect(try user.vmctl(["token", "list", "--profile", "missing"]).code == 3)
        chmod(user.configPath, 0o644)
        let unsafe = try user.vmctl(["token", "list"])
        #expect(unsafe.code == 3)
        #expect(unsafe.stderr.hasSuffix("run: chmod 600 \(user.configPath)\n"))
        chmod(user.configPath, 0o600)

        // 4: a key the server does not accept.
        try user.createProfile("wrong", sandbox: sandbox, key: "not-the-key-at-all")
        let auth = try user.vmctl(["token", "list", "--profile", "wrong"])
        #expect(auth.code == 4)
        #expect(auth.stderr.hasPrefix("Error: authentication failed: invalid API key (HTTP 401)\nthe API key from api_key of profile \"wrong\" was not accepted"))

        // 5: not found — a token and a deployment name.
        let noToken = try user.vmctl(["token", "revoke", "--force", "no-such-token"])
        #expect(noToken.code == 5)
        #expect(noToken.stderr.hasPrefix("Error: no token no-such-token in deployment \"prod-cluster\""))
        #expect(try user.vmctl(["deployment", "get", "nope"]).code == 5)

        // 6: conflict — the profile exists.
        let conflict = try user.vmctl(["profile", "create", "sandbox", "--product", "vmcloud"])
        #expect(conflict.code == 6)

        // 1: a server error that retries do not cure.
        try await sandbox.injectFault(#"{"path":"/api/v1/deployments","status":500,"times":5}"#)
        let server = try user.vmctl(["deployment", "list"])
        #expect(server.code == 1)
        #expect(server.stderr == "Error: server error: injected fault (HTTP 500)\n")

        // 7: nothing listening.
        let url = sandbox.url
        sandbox.stop()
        let network = try user.vmctl(["deployment", "list"])
        #expect(network.code == 7)
        #expect(network.stderr.hasSuffix("""
        Error: cannot connect to \(url.dropFirst("http://".count)): connection refused
        check the url of profile "sandbox" and your network

        """))
    }

    @Test func getIsRetriedAfter503AndPostIsNot() async throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        try user.createProfile(sandbox: sandbox)
        let prod = try await sandbox.deploymentID("prod-cluster")
        let tokens = "/api/v1/deployments/\(prod)/access_tokens"

        try await sandbox.call("DELETE", "/_sandbox/requests")
        try await sandbox.injectFault(#"{"method":"GET","path":"\#(tokens)","status":503,"retry_after":"0"}"#)
        let list = try user.vmctl(["token", "list", "--deployment", prod])
        #expect(list.code == 0)
        #expect(list.stderr == "Warning: GET \(tokens): server answered 503; retrying in 0 ms (attempt 2 of 3)\n")
        #expect(try await sandbox.requestLog() == ["GET \(tokens)", "GET \(tokens)"])

        try await sandbox.call("DELETE", "/_sandbox/requests")
        let before = try await sandbox.tokenSecrets(prod).count
        try await sandbox.injectFault(#"{"method":"POST","path":"\#(tokens)","status":503,"retry_after":"0"}"#)
        let create = try user.vmctl(["token", "create", "--deployment", prod, "--read-database", "*", "x"])
        #expect(create.code == 1)
        // The POST is sent once; beside it, the deployment is read for the new token's URLs.
        #expect(try await sandbox.requestLog().filter { $0.hasPrefix("POST") } == ["POST \(tokens)"])
        #expect(try await sandbox.tokenSecrets(prod).count == before)
    }

    @Test func dropsAndTimeoutsAreNetworkErrors() async throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        try user.createProfile(sandbox: sandbox)
        try await sandbox.injectFault(#"{"path":"/api/v1/deployments","delay_ms":1500,"times":3}"#)
        let started = Date()
        let slow = try user.vmctl(["deployment", "list", "--timeout", "300ms"])
        #expect(slow.code == 7)
        #expect(slow.stderr.contains("Error: GET /api/v1/deployments timed out after 300 ms\n"))
        #expect(Date().timeIntervalSince(started) < 10)

        try await sandbox.call("DELETE", "/_sandbox/faults")
        try await sandbox.injectFault(#"{"path":"/api/v1/deployments","drop":true,"times":1}"#)
        let dropped = try user.vmctl(["deployment", "list"])
        #expect(dropped.code == 0, "a dropped GET is retried")
    }

    /// With `--format json`, stderr is lines of JSON objects whatever happens (docs/json.md, stderr): a
    /// failure is one error object whose exit code is the process's, and nothing is said as text beside it.
    @Test func withJSONEveryStderrLineIsOneJSONObject() async throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        try user.createProfile(sandbox: sandbox)
        let prod = try await sandbox.deploymentID("prod-cluster")
        func check(_ arguments: [String], code: Int32, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let r = try user.vmctl(arguments + ["--format", "json"])
            #expect(r.code == code, "\(arguments): \(r.stderr)", sourceLocation: sourceLocation)
            let lines = r.stderr.split(separator: "\n").map { try? JSONParser.parse(String($0)) }
            #expect(!lines.contains { $0 == nil }, "\(arguments): \(r.stderr)", sourceLocation: sourceLocation)
            let errors = lines.compactMap { $0?["error"] }
            #expect(errors.count == (code == 0 ? 0 : 1), "\(arguments): \(r.stderr)", sourceLocation: sourceLocation)
            if let error = errors.first { #expect(error["exit_code"] == .int(Int64(code)), sourceLocation: sourceLocation) }
        }

        try await sandbox.injectFault(#"{"method":"GET","path":"/api/v1/deployments/\#(prod)/access_tokens","status":503,"retry_after":"0"}"#)
        try check(["token", "list"], code: 0)
        try check(["token", "create", "--write-database", "*", "ci", "--debug"], code: 0)
        try check(["token", "create", "--tenant", "5", "ci"], code: 2)
        try check(["token", "get", "ab"], code: 2)
        try check(["token", "revoke", "--force", "no-such-token", "another-token"], code: 5)
        try check(["token", "list", "--profile", "missing"], code: 3)
        try await sandbox.injectFault(#"{"path":"/api/v1/deployments","status":500,"times":5}"#)
        try check(["deployment", "list", "--debug"], code: 1)
        sandbox.stop()
        try check(["deployment", "list"], code: 7)
    }

    /// Ctrl-C during a slow answer: with --format json, the one line on stderr is the `interrupted` object.
    @Test func anInterruptWithJSONIsOneErrorObject() async throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        try user.createProfile(sandbox: sandbox)
        try await sandbox.injectFault(#"{"path":"/api/v1/deployments","delay_ms":8000,"times":3}"#)
        let r = try runProcess(vmctlPath, ["deployment", "list", "--format", "json"], environment: user.environment, interruptAfter: 1.5)
        #expect(r.code == 130)
        #expect(r.stderr == #"{"error":{"code":"interrupted","exit_code":130,"message":"interrupted","hint":null}}"# + "\n")
    }

    @Test func revokeRefusesWithoutForceWhenStdinIsNotATerminal() async throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        try user.createProfile(sandbox: sandbox)
        try await sandbox.call("DELETE", "/_sandbox/requests")
        let r = try user.vmctl(["token", "revoke", "some-id"], stdin: "y\n")
        #expect(r.code == 2)
        #expect(r.stderr.hasPrefix("Error: refusing to revoke token without confirmation: stdin is not a terminal"))
        #expect(try await sandbox.requestLog().isEmpty)
    }

    @Test func debugRedactsEverySecret() async throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        try user.createProfile(sandbox: sandbox)
        let created = try user.vmctl(["token", "create", "--write-database", "*", "ci", "--debug"])
        #expect(created.code == 0)
        let secret = created.lastLine
        let id = created.stdout.split(separator: "\n").first!.split(separator: " ").last.map(String.init)!
        let revealed = try user.vmctl(["token", "reveal", id, "--debug"])
        let listed = try user.vmctl(["token", "list", "--debug"])
        for r in [created, revealed, listed] {
            #expect(r.stderr.contains("> X-VM-Cloud-Access: [REDACTED]"))
            #expect(r.stderr.contains("< 200 OK"))
            #expect(!r.stderr.contains(sandbox.apiKey))
            #expect(!r.stderr.contains(secret))
        }
        #expect(created.stderr.contains(#""value":"[REDACTED]""#))
        #expect(revealed.lastLine == secret)
    }

    @Test func confirmationOnATerminalAndInterrupt() async throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        try user.createProfile(sandbox: sandbox)
        let prod = try await sandbox.deploymentID("prod-cluster")
        let ids = Array(try await sandbox.tokenSecrets(prod).keys)

        // "y" at the prompt revokes.
        let yes = try withTerminal(input: "y\n") { tty in
            try runProcess(vmctlPath, ["token", "revoke", ids[0]], environment: user.environment, stdinHandle: tty)
        }
        #expect(yes.code == 0)
        #expect(yes.stderr.contains("Revoke token from deployment \"prod-cluster\""))
        #expect(try await sandbox.tokenSecrets(prod)[ids[0]] == nil)

        // Ctrl-C at the prompt: exit 130 and nothing revoked.
        let created = try user.vmctl(["token", "create", "--read-database", "*", "keep me"])
        let keep = created.stdout.split(separator: "\n").first!.split(separator: " ").last.map(String.init)!
        let interrupted = try withTerminal(input: nil) { tty in
            try runProcess(vmctlPath, ["token", "revoke", keep], environment: user.environment, stdinHandle: tty, interruptAfter: 1.5)
        }
        #expect(interrupted.code == 130)
        #expect(try await sandbox.tokenSecrets(prod)[keep] != nil)
    }

    @Test func concurrentProfileCreatesLoseNothing() throws {
        let user = VMCtlUser()
        let environment = user.environment
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            _ = try? runProcess(vmctlPath, ["profile", "create", "p\(i)", "--product", "vmcloud", "--api-key-env", "K"],
                                environment: environment)
        }
        let list = try user.vmctl(["profile", "list", "--format", "json"])
        let names = try JSONParser.parse(list.stdout).arrayValue!.compactMap { $0["name"]?.stringValue }
        #expect(Set(names) == Set((0..<8).map { "p\($0)" }))
        let mode = try FileManager.default.attributesOfItem(atPath: user.configPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }
}

/// Runs `body` with a pseudo-terminal for the child's stdin, with `input` already typed into it.
func withTerminal(input: String?, _ body: (FileHandle) throws -> ProcessResult) throws -> ProcessResult {
    var master: Int32 = -1, slave: Int32 = -1
    guard openpty(&master, &slave, nil, nil, nil) == 0 else { throw TestFailure("openpty failed") }
    defer { close(master) }
    let tty = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
    if let input {
        _ = input.withCString { write(master, $0, strlen($0)) }
    }
    return try body(tty)
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCtlSupport

/// Layer 3: the sandbox as a process — state across restarts, clean stop on signals, HTTP details.
@Suite struct SandboxProcessTests {
    @Test func stateSurvivesARestartAndSIGTERMStopsCleanly() async throws {
        let dir = NSTemporaryDirectory() + "vmctl-state-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let statePath = dir + "/state.json"

        let first = try SandboxProcess(arguments: ["--state", statePath, "--api-key", "fixed-key-0000000000"])
        #expect(first.apiKey == "fixed-key-0000000000")
        let user = VMCtlUser()
        try user.createProfile(sandbox: first)
        let created = try user.vmctl(["token", "create", "--read-database", "*", "survivor"])
        let id = created.stdout.split(separator: "\n").first!.split(separator: " ").last.map(String.init)!
        #expect(first.stop() == 0)
        let saved = try String(contentsOfFile: statePath, encoding: .utf8)
        #expect(saved.contains(id))
        let mode = try FileManager.default.attributesOfItem(atPath: statePath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["state.json"])

        let second = try SandboxProcess(arguments: ["--state", statePath, "--api-key", "fixed-key-0000000000"])
        try user.createProfile("again", sandbox: second)
        let list = try user.vmctl(["token", "list", "--profile", "again"])
        #expect(list.stdout.contains(id))
        #expect(list.stdout.contains("survivor"))

        second.process.interrupt()
        second.process.waitUntilExit()
        #expect(second.process.terminationStatus == 0)
    }

    /// A sandbox whose test run is gone (one that crashed) stops by itself with `--parent-pid`, as on
    /// SIGTERM, instead of living on as an orphan.
    @Test func anOrphanedSandboxStopsWhenItsParentPIDEnds() throws {
        let directory = try TemporaryDirectory()
        let log = directory.path + "/sandbox.err", pidFile = directory.path + "/pid"
        // The shell starts the sandbox in the background, naming itself as the parent, and ends at once.
        // (system(3), not Process: Foundation counts a process as running while anything it started holds
        // the descriptor it watches.)
        let command = "'\(sandboxPath)' --port 0 --parent-pid $$ >/dev/null 2>'\(log)' & echo $! > '\(pidFile)'"
        #expect(system(command) == 0)
        let pid = try #require(pid_t(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        defer { kill(pid, SIGKILL) }
        let deadline = Date().addingTimeInterval(15)
        while kill(pid, 0) == 0 && Date() < deadline { usleep(50_000) }
        #expect(kill(pid, 0) != 0, "the orphaned sandbox \(pid) is still running")
        #expect((try? String(contentsOfFile: log, encoding: .utf8)) == "vmctl-sandbox stopped\n")
    }

    @Test func answersCurlStyleRequestsWithKeepAliveAndExpectContinue() throws {
        let sandbox = try SandboxProcess()
        let host = URL(string: sandbox.url)!
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(host.port!).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        #expect(connected == 0)
        func exchange(_ text: String) -> String {
            _ = text.withCString { send(fd, $0, strlen($0), 0) }
            var buffer = [UInt8](repeating: 0, count: 65536)
            usleep(200_000)
            let n = recv(fd, &buffer, buffer.count, 0)
            return n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : ""
        }
        let first = exchange("GET /api/v1/tiers HTTP/1.1\r\nHost: x\r\nX-VM-Cloud-Access: \(sandbox.apiKey)\r\n\r\n")
        #expect(first.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(first.contains("Connection: keep-alive"))
        let body = "{\"type\":\"r\",\"description\":\"chunked\"}"
        let chunked = String(body.utf8.count, radix: 16) + "\r\n" + body + "\r\n0\r\n\r\n"
        let second = exchange("POST /api/v1/deployments/x/access_tokens HTTP/1.1\r\nHost: x\r\nX-VM-Cloud-Access: \(sandbox.apiKey)\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n" + chunked)
        #expect(second.hasPrefix("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 404 Not Found\r\n"))
        #expect(second.contains("deployment x not found"))
    }
}

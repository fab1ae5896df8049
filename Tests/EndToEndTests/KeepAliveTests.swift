import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// A keep-alive server on loopback in front of a sandbox that resets the connection when a second request
/// comes on it: what a server (or a proxy) does that closed an idle kept-alive connection just as the client
/// reused it. libcurl sends such a request again by itself on a new connection, so a client that reuses
/// connections puts a POST on the wire twice; the server records every request it read.
final class ReusedConnectionResetServer: @unchecked Sendable {
    struct Received: Sendable, Equatable {
        var method: String
        var path: String
        /// Whether it came on a connection that had served a request before (and was reset).
        var reused: Bool
    }

    let port: UInt16
    var url: String { "http://127.0.0.1:\(port)" }
    private let listener: Int32
    private let upstream: UInt16
    private let lock = NSLock()
    private var log: [Received] = []

    init(upstream: String) throws {
        guard let upstreamPort = URL(string: upstream)?.port else { throw TestFailure("no port in \(upstream)") }
        self.upstream = UInt16(upstreamPort)
        (listener, port) = try FaultServer.boundSocket()
        guard listen(listener, 64) == 0 else { throw TestFailure("listen: \(errno)") }
        Thread { [self] in
            while true {
                let client = FaultServer.acceptConnection(listener)
                if client < 0 { if errno == EINTR { continue }; return }
                Thread { [self] in serve(client) }.start()
            }
        }.start()
    }

    deinit {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    var received: [Received] { lock.withLock { log } }

    private func serve(_ client: Int32) {
        var served = 0
        while let (head, body) = FaultServer.readRequest(client) {
            let lines = head.components(separatedBy: "\r\n")
            let parts = lines[0].split(separator: " ").map(String.init)
            guard parts.count >= 2 else { break }
            lock.withLock { log.append(Received(method: parts[0], path: parts[1], reused: served > 0)) }
            if served > 0 { return FaultServer.reset(client) }
            guard let answer = relay(lines, body) else { break }
            guard FaultServer.send(client, answer) else { break }
            served += 1
        }
        close(client)
    }

    /// The sandbox's answer, whole, made keep-alive: its Connection header replaced, its length stated.
    private func relay(_ head: [String], _ body: [UInt8]) -> [UInt8]? {
        guard let answer = FaultServer.ask("127.0.0.1", upstream, head: head, body: body) else { return nil }
        guard let end = FaultServer.find([13, 10, 13, 10], in: answer) else { return nil }
        let kept = String(decoding: answer[..<end], as: UTF8.self).components(separatedBy: "\r\n")
            .filter { !$0.lowercased().hasPrefix("connection:") && !$0.lowercased().hasPrefix("content-length:") }
        let content = answer[(end + 4)...]
        let newHead = (kept + ["Content-Length: \(content.count)", "Connection: keep-alive"]).joined(separator: "\r\n") + "\r\n\r\n"
        return Array(newHead.utf8) + content
    }
}

/// docs/guarantees.md (What a retry may repeat): every request of a command reaches the wire as often as
/// vmctl's retries say, and a create exactly once, even when the server resets a kept-alive connection
/// that the client would reuse.
@Suite struct KeepAliveTests {
    @Test func aResetOnAReusedConnectionSendsNothingTwice() throws {
        let sandbox = try SandboxProcess()
        let server = try ReusedConnectionResetServer(upstream: sandbox.url)
        let user = VMCtlUser()
        let created = try user.vmctl(["profile", "create", "p", "--product", "vmcloud", "--url", server.url, "--deployment", "prod-cluster",
                                      "--api-key-stdin", "--default"], stdin: sandbox.apiKey + "\n")
        try #require(created.code == 0, "\(created.stderr)")
        // A lookup by name, then the deployment's details beside the create: GETs, then the POST.
        let before = server.received.count
        let r = try user.vmctl(["token", "create", "--deployment", "dev-single", "--read-database", "*", "ci", "--format", "json"])
        #expect(r.code == 0, "\(r.stderr)")
        let sent = server.received.dropFirst(before)
        #expect(sent.filter { $0.method == "POST" }.count == 1, "\(sent)")
        #expect(!sent.contains { $0.reused }, "a request went out on a reused connection: \(sent)")
        // A command of GETs only, one after the other: each request read once.
        let mark = server.received.count
        let listed = try user.vmctl(["token", "list", "--deployment", "dev-single"])
        #expect(listed.code == 0, "\(listed.stderr)")
        let gets = server.received.dropFirst(mark).map { "\($0.method) \($0.path)" }
        #expect(gets.count == Set(gets).count && gets.count == 2 && !server.received.contains { $0.reused }, "\(gets)")
    }
}

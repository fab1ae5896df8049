import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A misbehaving HTTP server on loopback (port chosen at run time), for the fault matrix of docs/guarantees.md.
/// Requests that the fault applies to get the fault; all others are relayed to `upstream` (a sandbox),
/// so a command's lookups can succeed and the fault hit the request that matters.
final class FaultServer: @unchecked Sendable {
    /// What the server does instead of answering.
    enum Fault: String, CaseIterable, Sendable, CustomStringConvertible {
        /// Nothing listens on the port.
        case refused
        /// The connection is reset (RST) once the request is read.
        case reset
        /// The status line and headers arrive one byte every half second.
        case slowHeaders
        /// Headers at once, then the body one byte every half second.
        case slowBody
        /// A Content-Length of 4096, a piece of a token answer (with its secret), then the connection closes.
        case truncatedBody
        /// Bytes that are not HTTP at all.
        case garbage
        /// 200 with a token answer (with its secret) followed by stray bytes.
        case strayBytes
        /// A lone 1xx, then the connection closes.
        case informational
        /// 429 with a Retry-After far beyond what vmctl waits.
        case tooManyRequestsHugeRetryAfter
        /// 503 with a negative Retry-After.
        case unavailableNegativeRetryAfter
        /// 502 with a Retry-After that is a word.
        case badGatewayWordRetryAfter
        /// 504 with a Retry-After date in the past.
        case gatewayTimeoutPastDateRetryAfter
        /// 500 with an HTML page that quotes the secret in a form field.
        case serverErrorHTML
        /// 307 to another origin (which records whether it is called).
        case redirectToAnotherOrigin
        /// 200 with a 100 MB body that is not a list (an object holding a token list, the secret first): a
        /// list answer has no size wall (it is read element by element), any other answer has 16 MiB.
        case hugeBody

        var description: String { rawValue }
    }

    /// A request the server received.
    struct Received: Sendable {
        var method: String
        var path: String
        var headers: [String: String]
        var faulted: Bool
    }

    let fault: Fault
    let port: UInt16
    var url: String { "http://127.0.0.1:\(port)" }
    /// The secret planted in the fault's bodies, shaped as `secretField` of the product's token answer.
    let plantedSecret: String
    let secretField: String
    /// Where a redirect points; it must never be called.
    let otherOrigin: FaultServer?

    private let listener: Int32
    private let upstream: (host: String, port: UInt16)?
    private let applies: @Sendable (String, String) -> Bool
    private let lock = NSLock()
    private var log: [Received] = []
    private var stopped = false

    /// - Parameters:
    ///   - upstream: `http://127.0.0.1:PORT` to relay other requests to; nil answers them 404.
    ///   - secretField: the field a token answer of the product keeps its secret in.
    ///   - applies: whether a request (method, path) gets the fault.
    init(_ fault: Fault, upstream: String?, secretField: String = "value",
         applies: @escaping @Sendable (String, String) -> Bool = { _, _ in true }) throws {
        self.fault = fault
        self.secretField = secretField
        self.applies = applies
        plantedSecret = "fault-secret-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        self.upstream = upstream.flatMap { URL(string: $0) }.flatMap { u in u.port.map { (u.host ?? "127.0.0.1", UInt16($0)) } }
        otherOrigin = fault == .redirectToAnotherOrigin ? try FaultServer(.hugeBody, upstream: nil, applies: { _, _ in false }) : nil
        (listener, port) = try Self.boundSocket()
        if fault == .refused {
            // The port was free a moment ago and nothing listens on it now: connections are refused.
            close(listener)
            return
        }
        guard listen(listener, 64) == 0 else { throw TestFailure("listen: \(errno)") }
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { stop() }

    /// A TCP socket bound to 127.0.0.1 on a port the system chooses, not yet listening.
    static func boundSocket() throws -> (Int32, UInt16) {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard listener >= 0 else { throw TestFailure("socket: \(errno)") }
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { close(listener); throw TestFailure("bind: \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        return (listener, UInt16(bigEndian: address.sin_port))
    }

    /// accept(2) with the new descriptor close-on-exec from the start (glibc's accept4, which Swift's Glibc
    /// module does not declare), so that no child another test spawns meanwhile inherits the connection.
    static func acceptConnection(_ listener: Int32) -> Int32 {
        typealias Accept4 = @convention(c) (Int32, UnsafeMutablePointer<sockaddr>?, UnsafeMutablePointer<socklen_t>?, Int32) -> Int32
        let accept4 = unsafeBitCast(dlsym(nil, "accept4")!, to: Accept4.self)
        return accept4(listener, nil, nil, Int32(SOCK_CLOEXEC.rawValue))
    }

    /// Opens a connection to 127.0.0.1 (or `host`) on `port`; nil when it cannot.
    static func connectTo(_ host: String, _ port: UInt16) -> Int32? {
        let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard server >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr(host)
        address.sin_port = port.bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(server, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(server); return nil }
        return server
    }

    /// Closes `fd` with a reset (RST) instead of an orderly end.
    static func reset(_ fd: Int32) {
        var linger = linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<linger>.size))
        close(fd)
    }

    func stop() {
        let first: Bool = lock.withLock {
            defer { stopped = true }
            return !stopped
        }
        guard first, fault != .refused else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    var received: [Received] { lock.withLock { log } }

    // MARK: - Serving

    private func acceptLoop() {
        while true {
            let client = Self.acceptConnection(listener)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            let thread = Thread { [self] in
                serve(client)
            }
            thread.start()
        }
    }

    private func serve(_ client: Int32) {
        var closeNormally = true
        defer { if closeNormally { close(client) } }
        guard let (head, body) = Self.readRequest(client) else { return }
        let lines = head.components(separatedBy: "\r\n")
        let parts = lines[0].split(separator: " ").map(String.init)
        guard parts.count >= 2 else { return }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let method = parts[0], path = parts[1]
        let faulted = applies(method, path)
        lock.withLock { log.append(Received(method: method, path: path, headers: headers, faulted: faulted)) }
        guard faulted else { return relay(client, head: lines, body: body) }

        let answer = tokenAnswer()
        switch fault {
        case .refused:
            return
        case .reset:
            Self.reset(client)
            closeNormally = false
        case .slowHeaders:
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(answer.utf8.count)\r\n\r\n"
            for byte in head.utf8 {
                guard Self.send(client, [byte]) else { return }
                usleep(500_000)
            }
            _ = Self.send(client, Array(answer.utf8))
        case .slowBody:
            guard Self.send(client, Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(answer.utf8.count)\r\n\r\n".utf8)) else { return }
            for byte in answer.utf8 {
                guard Self.send(client, [byte]) else { return }
                usleep(500_000)
            }
        case .truncatedBody:
            let piece = String(answer.prefix(answer.count - 8))
            _ = Self.send(client, Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n\(piece)".utf8))
        case .garbage:
            _ = Self.send(client, Array("\u{0}\u{1B}[2J SSH-2.0-OpenSSH \(secretField)=\(plantedSecret)\r\n\u{FF}\u{FE}".utf8))
        case .strayBytes:
            respond(client, 200, body: answer + "}}garbage{\"\(secretField)\":\"\(plantedSecret)")
        case .informational:
            _ = Self.send(client, Array("HTTP/1.1 103 Early Hints\r\nLink: </x>; rel=preload\r\n\r\n".utf8))
            usleep(100_000)
        case .tooManyRequestsHugeRetryAfter:
            respond(client, 429, headers: ["Retry-After: 99999999999"], body: #"{"message":"slow down"}"#)
        case .unavailableNegativeRetryAfter:
            respond(client, 503, headers: ["Retry-After: -5"], body: #"{"message":"unavailable"}"#)
        case .badGatewayWordRetryAfter:
            respond(client, 502, headers: ["Retry-After: soon"], body: "Bad Gateway")
        case .gatewayTimeoutPastDateRetryAfter:
            respond(client, 504, headers: ["Retry-After: Wed, 21 Oct 2015 07:28:00 GMT"], body: "")
        case .serverErrorHTML:
            respond(client, 500, headers: ["Content-Type: text/html"],
                    body: "<html><body><h1>Oops</h1><form><input name=\"\(secretField)\" value=\"\(plantedSecret)\"></form>\(answer)</body></html>")
        case .redirectToAnotherOrigin:
            respond(client, 307, headers: ["Location: \(otherOrigin!.url)/steal\(path)"], body: "")
        case .hugeBody:
            let total = 100_000_000
            guard Self.send(client, Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(total)\r\n\r\n".utf8)) else { return }
            var sent = 0
            let first = Array((#"{"items":["# + answer).utf8)
            guard Self.send(client, first) else { return }
            sent += first.count
            let filler = Array(String(repeating: #",{"id":"x","description":"filler"}"#, count: 2000).utf8)
            while sent < total {
                let piece = Array(filler.prefix(total - sent))
                guard Self.send(client, piece) else { return }
                sent += piece.count
            }
        }
    }

    /// A token answer of the product, holding the planted secret.
    private func tokenAnswer() -> String {
        #"{"id":"t-1","description":"ci","\#(secretField)":"\#(plantedSecret)","permissions":[],"type":"rw"}"#
    }

    private func respond(_ client: Int32, _ status: Int, headers: [String] = [], body: String) {
        var head = "HTTP/1.1 \(status) Status\r\n"
        if !headers.contains(where: { $0.lowercased().hasPrefix("content-type") }) { head += "Content-Type: application/json\r\n" }
        for header in headers { head += header + "\r\n" }
        head += "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n"
        _ = Self.send(client, Array((head + body).utf8))
    }

    /// Sends the request on to the upstream sandbox (one request per connection) and relays its answer.
    private func relay(_ client: Int32, head: [String], body: [UInt8]) {
        guard let upstream else {
            respond(client, 404, body: #"{"message":"not here"}"#)
            return
        }
        if let answer = Self.ask(upstream.host, upstream.port, head: head, body: body) { _ = Self.send(client, answer) }
    }

    /// Sends a request to `host:port` on a connection of its own (its Connection header made `close`) and
    /// returns the whole answer as it came; nil when the server cannot be reached.
    static func ask(_ host: String, _ port: UInt16, head: [String], body: [UInt8]) -> [UInt8]? {
        guard let server = connectTo(host, port) else { return nil }
        defer { close(server) }
        let lines = head.filter { !$0.lowercased().hasPrefix("connection:") } + ["Connection: close"]
        guard send(server, Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8) + body) else { return nil }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(server, &buffer, buffer.count, 0)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return answer }
            answer += buffer[0..<n]
        }
    }

    /// The request head (without the blank line) and its Content-Length body; nil when the connection ends first.
    static func readRequest(_ client: Int32) -> (String, [UInt8])? {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        let separator: [UInt8] = [13, 10, 13, 10]
        while true {
            if let end = Self.find(separator, in: data) {
                let head = String(decoding: data[..<end], as: UTF8.self)
                var body = Array(data[(end + 4)...])
                let length = head.components(separatedBy: "\r\n").compactMap { line -> Int? in
                    line.lowercased().hasPrefix("content-length:") ? Int(line.dropFirst(15).trimmingCharacters(in: .whitespaces)) : nil
                }.first ?? 0
                while body.count < length {
                    let n = recv(client, &buffer, buffer.count, 0)
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { return nil }
                    body += buffer[0..<n]
                }
                return (head, body)
            }
            let n = recv(client, &buffer, buffer.count, 0)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return nil }
            data += buffer[0..<n]
        }
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] && Array(haystack[i..<(i + needle.count)]) == needle {
            return i
        }
        return nil
    }

    /// Writes all of `bytes`; false when the peer is gone.
    static func send(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }
}

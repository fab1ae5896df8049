import Foundation
import VMCtlSupport
#if canImport(Glibc)
import Glibc
#endif

/// A request as the sandbox sees it.
public struct SandboxRequest: Sendable {
    public var method: String
    /// The path without the query, percent-decoded per segment by the router.
    public var path: String
    public var query: [String: String]
    /// The query as sent, without the `?` (empty when there is none).
    public var rawQuery: String
    /// Header names lower-cased.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(method: String, path: String, query: [String: String] = [:], rawQuery: String = "", headers: [String: String] = [:],
                body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.query = query
        self.rawQuery = rawQuery
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? { headers[name.lowercased()] }
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// A response, or a fault to act out instead of one.
public struct SandboxResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]
    /// Close the connection without answering (a fault).
    public var dropConnection = false
    /// Wait this long before answering (a fault, for timeouts).
    public var delay: Double = 0

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public static func json(_ status: Int, _ value: JSONValue) -> SandboxResponse {
        var body = value.serializedBytes(pretty: false)
        body.append(UInt8(ascii: "\n"))
        return SandboxResponse(status: status, headers: [("Content-Type", "application/json")], body: body)
    }

    public static func text(_ status: Int, _ text: String, contentType: String = "text/plain; charset=utf-8") -> SandboxResponse {
        SandboxResponse(status: status, headers: [("Content-Type", contentType)], body: Array(text.utf8))
    }

    public static func empty(_ status: Int) -> SandboxResponse { SandboxResponse(status: status) }
}

/// A small HTTP/1.1 server on a loopback socket: one thread per connection, keep-alive, Content-Length
/// and chunked request bodies, `Expect: 100-continue`. Enough for vmctl and curl; not for the internet.
public final class HTTPServer: @unchecked Sendable {
    public typealias Handler = @Sendable (SandboxRequest) -> SandboxResponse

    public let port: UInt16
    private let listener: Int32
    private let handler: Handler
    private let lock = NSLock()
    private var stopped = false
    static let maxHeaderBytes = 64 * 1024
    static let maxBodyBytes = 64 * 1024 * 1024

    /// Binds 127.0.0.1:`port` (0 picks a free port) and starts accepting connections.
    public init(port: UInt16, handler: @escaping Handler) throws {
        self.handler = handler
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerError("cannot create a socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        let bound = HTTPServer.withLoopbackAddress(port: port) { bind(fd, $0, $1) }
        guard bound == 0, listen(fd, 128) == 0 else {
            let message = String(cString: strerror(errno))
            close(fd)
            throw ServerError("cannot listen on 127.0.0.1:\(port): \(message)")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.port = UInt16(bigEndian: actual.sin_port)
        listener = fd
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "sandbox-accept"
        thread.start()
    }

    /// Calls `body` with the socket address 127.0.0.1:`port` and its length (for bind and connect).
    static func withLoopbackAddress<T>(port: UInt16, _ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }

    public struct ServerError: Error, CustomStringConvertible {
        public var description: String
        init(_ d: String) { description = d }
    }

    /// Stops accepting connections.
    public func stop() {
        lock.withLock {
            guard !stopped else { return }
            stopped = true
            shutdown(listener, Int32(SHUT_RDWR))
            close(listener)
        }
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    private func acceptLoop() {
        while !isStopped {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                return
            }
            var timeout = timeval(tv_sec: 60, tv_usec: 0)
            setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var one: Int32 = 1
            setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            let thread = Thread { [self] in
                serve(client)
                close(client)
            }
            thread.start()
        }
    }

    /// Serves requests on one connection until it closes or asks to.
    private func serve(_ fd: Int32) {
        var reader = SocketReader(fd: fd)
        while true {
            guard let head = reader.readHead(limit: HTTPServer.maxHeaderBytes) else { return }
            let lines = head.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
            let requestLine = lines[0].split(separator: " ").map(String.init)
            guard requestLine.count == 3, requestLine[2].hasPrefix("HTTP/1.") else {
                write(fd, SandboxResponse.text(400, "malformed request line\n"), keepAlive: false)
                return
            }
            var headers: [String: String] = [:]
            for line in lines.dropFirst() where !line.isEmpty {
                guard let colon = line.firstIndex(of: ":") else {
                    write(fd, SandboxResponse.text(400, "malformed header\n"), keepAlive: false)
                    return
                }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            if headers["expect"]?.lowercased() == "100-continue" {
                sendAll(fd, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
            }
            var body: [UInt8] = []
            if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
                guard let chunked = reader.readChunked(limit: HTTPServer.maxBodyBytes) else {
                    write(fd, SandboxResponse.text(400, "malformed chunked body\n"), keepAlive: false)
                    return
                }
                body = chunked
            } else if let lengthText = headers["content-length"] {
                guard let length = Int(lengthText), length >= 0 else {
                    write(fd, SandboxResponse.text(400, "bad Content-Length\n"), keepAlive: false)
                    return
                }
                guard length <= HTTPServer.maxBodyBytes else {
                    write(fd, SandboxResponse.text(413, "body too large\n"), keepAlive: false)
                    return
                }
                guard let bytes = reader.read(count: length) else { return }
                body = bytes
            }
            let target = requestLine[1]
            let (path, query) = HTTPServer.splitTarget(target)
            let rawQuery = target.firstIndex(of: "?").map { String(target[target.index(after: $0)...]) } ?? ""
            let request = SandboxRequest(method: requestLine[0], path: path, query: query, rawQuery: rawQuery, headers: headers, body: body)
            let response = handler(request)
            if response.delay > 0 { Thread.sleep(forTimeInterval: response.delay) }
            if response.dropConnection { return }
            let keepAlive = requestLine[2] == "HTTP/1.1" && headers["connection"]?.lowercased() != "close"
            guard write(fd, response, keepAlive: keepAlive), keepAlive else { return }
        }
    }

    /// The path and the decoded query parameters of a request target.
    public static func splitTarget(_ target: String) -> (String, [String: String]) {
        guard let mark = target.firstIndex(of: "?") else { return (target, [:]) }
        var query: [String: String] = [:]
        for pair in target[target.index(after: mark)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(parts[1])) : ""
            query[key] = value
        }
        return (String(target[..<mark]), query)
    }

    @discardableResult
    private func write(_ fd: Int32, _ response: SandboxResponse, keepAlive: Bool) -> Bool {
        var head = "HTTP/1.1 \(response.status) \(HTTPStatus.reason(response.status))\r\n"
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        if response.status != 204 && response.status != 304 { head += "Content-Length: \(response.body.count)\r\n" }
        head += "Connection: \(keepAlive ? "keep-alive" : "close")\r\n\r\n"
        return sendAll(fd, Array(head.utf8) + (response.status == 204 ? [] : response.body))
    }

    @discardableResult
    private func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }
}

/// Buffered reads from a socket.
struct SocketReader {
    let fd: Int32
    private var buffer: [UInt8] = []

    init(fd: Int32) { self.fd = fd }

    private mutating func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            buffer += chunk[0..<n]
            return true
        }
    }

    /// The request head up to (not including) the blank line; nil when the connection ends first.
    mutating func readHead(limit: Int) -> String? {
        let marker: [UInt8] = [13, 10, 13, 10]
        var searchFrom = 0
        while true {
            if buffer.count >= 4 {
                var i = max(0, searchFrom - 3)
                while i + 4 <= buffer.count {
                    if buffer[i] == 13 && buffer[i + 1] == 10 && buffer[i + 2] == 13 && buffer[i + 3] == 10 {
                        let head = String(decoding: buffer[0..<i], as: UTF8.self)
                        buffer.removeFirst(i + marker.count)
                        return head
                    }
                    i += 1
                }
                searchFrom = buffer.count
            }
            if buffer.count > limit { return nil }
            guard fill() else { return nil }
        }
    }

    mutating func read(count: Int) -> [UInt8]? {
        while buffer.count < count {
            guard fill() else { return nil }
        }
        let out = Array(buffer[0..<count])
        buffer.removeFirst(count)
        return out
    }

    /// Everything until the peer closes the connection (an answer without a length), at most `limit` bytes.
    mutating func readToEnd(limit: Int) -> [UInt8] {
        while buffer.count <= limit && fill() {}
        let out = Array(buffer.prefix(limit))
        buffer.removeAll()
        return out
    }

    mutating func readLine() -> String? {
        while true {
            if let i = buffer.firstIndex(of: 10) {
                var line = Array(buffer[0..<i])
                buffer.removeFirst(i + 1)
                if line.last == 13 { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            guard fill() else { return nil }
        }
    }

    mutating func readChunked(limit: Int) -> [UInt8]? {
        var body: [UInt8] = []
        while true {
            guard let sizeLine = readLine() else { return nil }
            let sizeText = sizeLine.split(separator: ";").first.map(String.init) ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size >= 0 else { return nil }
            if size == 0 {
                while let trailer = readLine(), !trailer.isEmpty {}
                return body
            }
            guard body.count + size <= limit, let chunk = read(count: size) else { return nil }
            body += chunk
            _ = readLine()
        }
    }
}

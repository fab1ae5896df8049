import Foundation
#if canImport(Glibc)
import Glibc
#endif
import VMCtlSupport

/// A minimal HTTP/1.1 client for one request to a server on 127.0.0.1: what the data-plane gateway
/// needs to pass a request on to VictoriaMetrics unchanged. No redirects, no content decoding, no
/// connection reuse (`Connection: close`), so statuses and bodies reach the caller exactly as sent.
public enum LoopbackHTTPClient {
    public struct Response {
        public var status: Int
        /// Header names lower-cased, in the order received.
        public var headers: [(String, String)]
        public var body: [UInt8]

        public func header(_ name: String) -> String? { headers.first { $0.0 == name.lowercased() }?.1 }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        init(_ d: String) { description = d }
    }

    /// Sends `method target` (a path with its query) to 127.0.0.1:`port` and reads the whole answer,
    /// giving up after `timeout` seconds of silence.
    public static func send(port: UInt16, method: String, target: String, headers: [(String, String)], body: [UInt8],
                     timeout: Int = 60) throws -> Response {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure("cannot create a socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var time = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        let connected = HTTPServer.withLoopbackAddress(port: port) { connect(fd, $0, $1) }
        guard connected == 0 else { throw Failure("cannot connect to 127.0.0.1:\(port): \(String(cString: strerror(errno)))") }

        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\n\r\n"
        let bytes = Array(head.utf8) + body
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw Failure("cannot send to 127.0.0.1:\(port): \(String(cString: strerror(errno)))") }
            offset += n
        }

        var reader = SocketReader(fd: fd)
        guard let responseHead = reader.readHead(limit: 64 * 1024) else { throw Failure("127.0.0.1:\(port) closed the connection without answering") }
        let lines = responseHead.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        let statusParts = lines[0].split(separator: " ", maxSplits: 2)
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure("malformed status line from 127.0.0.1:\(port): \(lines[0])") }
        var responseHeaders: [(String, String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            responseHeaders.append((line[..<colon].lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        let response = Response(status: status, headers: responseHeaders, body: [])
        if method == "HEAD" || status == 204 || status == 304 { return response }
        var body: [UInt8]
        if response.header("transfer-encoding")?.lowercased().contains("chunked") == true {
            guard let chunked = reader.readChunked(limit: HTTPServer.maxBodyBytes) else { throw Failure("malformed chunked answer from 127.0.0.1:\(port)") }
            body = chunked
        } else if let length = response.header("content-length").flatMap(Int.init) {
            guard let read = reader.read(count: length) else { throw Failure("127.0.0.1:\(port) closed the connection mid-answer") }
            body = read
        } else {
            body = reader.readToEnd(limit: HTTPServer.maxBodyBytes)
        }
        return Response(status: status, headers: responseHeaders, body: body)
    }
}

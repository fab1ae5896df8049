import Foundation
import VMCtlSupport
#if canImport(Glibc)
import Glibc
#endif

/// Appends one JSON line per HTTP exchange to a file, for the contract tests (Tests/Contract), which
/// validate each request and answer against the published API descriptions. Secrets stay out: of the
/// auth headers only the scheme is written (`Bearer`, `Token`, or the header name `X-VM-Cloud-Access`).
/// Bodies are written as text; they hold the sandbox's own made-up secrets at most.
public final class ExchangeLog: @unchecked Sendable {
    private let fd: Int32
    private let lock = NSLock()

    /// Opens `path` for appending (created with mode 0600), so several sandboxes may share one file.
    public init(path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw HTTPServer.ServerError("cannot open exchange log \(path): \(String(cString: strerror(errno)))")
        }
        self.fd = fd
    }

    deinit { close(fd) }

    /// Writes one exchange; `product` names the emulator that answered (nil: no emulator claimed the path).
    public func record(_ request: SandboxRequest, _ response: SandboxResponse, product: String?, fault: Bool) {
        var members = [JSONMember("product", .optional(product)), JSONMember("method", .string(request.method)),
                       JSONMember("path", .string(request.path)), JSONMember("query", .string(request.rawQuery))]
        var headers: [JSONMember] = []
        for name in ["content-type", "accept", "user-agent"] {
            if let value = request.header(name) { headers.append(JSONMember(name, .string(value))) }
        }
        members.append(JSONMember("request_headers", .object(headers)))
        members.append(JSONMember("auth", .optional(Self.authScheme(request))))
        members.append(JSONMember("request_body", .string(String(decoding: request.body, as: UTF8.self))))
        members.append(JSONMember("status", .int(Int64(response.dropConnection ? 0 : response.status))))
        let contentType = response.headers.first { $0.0.lowercased() == "content-type" }?.1
        members.append(JSONMember("response_content_type", .optional(contentType)))
        members.append(JSONMember("response_body", .string(String(decoding: response.body, as: UTF8.self))))
        members.append(JSONMember("fault", .bool(fault)))
        let line = Array((JSONValue.object(members).serialized(pretty: false) + "\n").utf8)
        lock.withLock {
            var offset = 0
            while offset < line.count {
                let n = line.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                offset += n
            }
        }
    }

    /// The kind of credential sent, never its value.
    static func authScheme(_ request: SandboxRequest) -> String? {
        if request.header("X-VM-Cloud-Access") != nil { return "X-VM-Cloud-Access" }
        guard let value = request.header("Authorization") else { return nil }
        return String(value.prefix { $0 != " " })
    }
}

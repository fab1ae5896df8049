import Foundation
import VMCtlSupport

/// A request as vmctl builds it, independent of URLSession.
public struct HTTPRequest: Sendable, Equatable {
    public var method: String
    public var url: URL
    /// Header names as sent; order is kept for `--debug` output.
    public var headers: [(name: String, value: String)]
    public var body: Data?
    /// Seconds before the attempt is abandoned: connecting, sending, the headers and the whole body.
    public var timeout: Double
    /// The most of the response body read; past it the transfer is stopped (`TransportError.responseTooLarge`).
    public var maxResponseBytes: Int

    public init(method: String, url: URL, headers: [(name: String, value: String)] = [], body: Data? = nil, timeout: Double = 30,
                maxResponseBytes: Int = Limits.responseBodyBytes) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.maxResponseBytes = maxResponseBytes
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    public static func == (a: HTTPRequest, b: HTTPRequest) -> Bool {
        a.method == b.method && a.url == b.url && a.body == b.body && a.timeout == b.timeout
            && a.headers.map { "\($0.name): \($0.value)" } == b.headers.map { "\($0.name): \($0.value)" }
    }
}

/// A response: status, headers (names lower-cased) and the whole body.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data
    /// The request this answers, as `GET /path`, set by `APIClient` for its error messages.
    public var request: String?
    /// For an answer read as a stream (`HTTPTransport.send(_:streamingTo:)`): how many bytes its body had.
    /// `body` then holds only their beginning, for `--debug`.
    public var streamedBytes: Int?

    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, b in b })
        self.body = body
    }

    public func header(_ name: String) -> String? { headers[name.lowercased()] }
    public var isSuccess: Bool { (200..<300).contains(status) }
}

/// Why a request got no HTTP response.
public enum TransportError: Error, Equatable, Sendable {
    /// The connection could not be opened: the request never reached the server.
    case cannotConnect(String)
    /// The host's name does not resolve (DNS): the request never left, and asking again will not help.
    case hostNotFound
    /// The connection broke after the request may have been sent.
    case connectionLost(String)
    /// The attempt took longer than the request's timeout, as a whole.
    case timedOut
    /// The TLS handshake failed otherwise than on the server's certificate; another attempt may pass.
    case tls(String)
    /// The server's certificate did not verify (libcurl's words: "SSL certificate problem: …") against the
    /// profile's `ca_cert`, or the system's CA certificates when it has none. Nothing was sent, and asking
    /// again cannot help.
    case certificate(String)
    /// As `certificate`, in a program that never applied the profile's `ca_cert` to a request (its libcurl
    /// hook is not linked in, `TrustedCertificateAuthority`): the certificate was checked against the
    /// system's CA certificates instead.
    case certificateAuthorityNotApplied(String)
    /// What came back is not HTTP.
    case badResponse(String)
    /// The body went past the request's `maxResponseBytes`; the transfer was stopped there.
    case responseTooLarge(Int)
    case other(String)

    /// True when the server cannot have seen the request, so even a POST may be sent again.
    public var requestNeverSent: Bool {
        switch self {
        case .cannotConnect, .hostNotFound, .certificate, .certificateAuthorityNotApplied: return true
        default: return false
        }
    }

    /// Whether sending the same request again could help: not for a name that does not resolve, a
    /// certificate that does not verify, nor for an answer that is too large or not HTTP.
    public var mayPassOnRetry: Bool {
        switch self {
        case .hostNotFound, .certificate, .certificateAuthorityNotApplied, .responseTooLarge, .badResponse: return false
        default: return true
        }
    }
}

/// The one seam between vmctl and the network: send a request, get a response.
/// URLSession is behind it in production; tests put a recording stub in its place.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
    /// As `send`, but the body of a successful (2xx) answer goes to `stream` as it arrives, with no limit
    /// but the stream's own, instead of being kept; the response's `body` holds only its first bytes (for
    /// `--debug`). Any other answer's body is kept, within `maxResponseBytes`, as `send` keeps it.
    func send(_ request: HTTPRequest, streamingTo stream: any BodyStream) async throws -> HTTPResponse
}

/// Takes a successful answer's body as it arrives (a long list: `JSONListStream`).
public protocol BodyStream: AnyObject, Sendable {
    /// A successful answer begins, announcing `length` bytes (its Content-Length) or nil: whatever an
    /// earlier attempt delivered is forgotten.
    func begin(length: Int?)
    /// The next bytes of the body. Throwing stops the transfer; `send` throws that error.
    func consume(_ bytes: UnsafeBufferPointer<UInt8>) throws
}

extension HTTPResponse {
    /// How much of a streamed body a response keeps: what `--debug` shows of it, and no more.
    public static let streamedPrefixBytes = 64 << 10
}

extension HTTPTransport {
    /// For transports that have the whole body anyway (the tests' stub): it is handed over in one piece.
    public func send(_ request: HTTPRequest, streamingTo stream: any BodyStream) async throws -> HTTPResponse {
        var response = try await send(request)
        guard response.isSuccess else { return response }
        stream.begin(length: response.body.count)
        try response.body.withUnsafeBytes { try stream.consume($0.bindMemory(to: UInt8.self)) }
        response.streamedBytes = response.body.count
        response.body = response.body.prefix(HTTPResponse.streamedPrefixBytes)
        return response
    }
}

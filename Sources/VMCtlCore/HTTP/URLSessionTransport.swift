import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import VMCtlSupport

/// `HTTPTransport` over URLSession: no cookies, no cache, no redirects followed
/// (a redirect could carry the API key to another host; a 3xx is returned as it is).
///
/// The answer streams through a data delegate (`StreamingSessionDelegate`): the body is kept only up to
/// `request.maxResponseBytes`; a larger `Content-Length`, or the first chunk past the limit, cancels the task
/// at once (`TransportError.responseTooLarge`), so a huge answer is never held in memory. The whole attempt
/// (connecting, sending, the headers and the entire body) has one deadline, after which the task is cancelled
/// (`TransportError.timedOut`): URLSession's own `timeoutInterval` is only an idle timeout, which a server
/// trickling a byte at a time never reaches.
///
/// Each attempt goes out on a connection of its own, in a session of its own that ends with it. libcurl,
/// under URLSession, sends a request again by itself when a kept-alive connection it reused turns out to be
/// closed before any answer came: a POST could then reach the server twice, and every request could make
/// one attempt more than vmctl's retries (docs/guarantees.md, What a retry may repeat). A connection that
/// has never been used is never retried that way. What it costs is one connection set-up per request.
public final class URLSessionTransport: HTTPTransport, @unchecked Sendable {
    public init() {}

    /// No cookies, no cache, no credential storage, and nothing written to disk. Making any configuration
    /// makes FoundationNetworking create the shared cookie storage and a URL cache, which create directories
    /// under the home (`~/.local/share/<directory of the executable>`, `~/.cache/org.swift.foundation.URLCache/vmctl`)
    /// though vmctl uses neither: a command would leave files behind. So the first configuration is made once,
    /// while `XDG_DATA_HOME` and `XDG_CACHE_HOME` name a directory that cannot exist (nothing is created), and
    /// each session gets a copy. The variables are restored at once; no other thread runs a child process then
    /// (the transport is made after the API key is resolved).
    private static let template: URLSessionConfiguration = {
        let names = ["XDG_DATA_HOME", "XDG_CACHE_HOME"]
        let saved = names.map { name in getenv(name).map { String(cString: $0) } }
        for name in names { setenv(name, "/dev/null/vmctl-stores-nothing", 1) }
        defer {
            for (name, value) in zip(names, saved) {
                if let value { setenv(name, value, 1) } else { unsetenv(name) }
            }
        }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieAcceptPolicy = .never
        configuration.httpShouldSetCookies = false
        configuration.httpCookieStorage = nil
        configuration.urlCredentialStorage = nil
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        return configuration
    }()

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await send(request, stream: nil)
    }

    public func send(_ request: HTTPRequest, streamingTo stream: any BodyStream) async throws -> HTTPResponse {
        try await send(request, stream: stream)
    }

    private func send(_ request: HTTPRequest, stream: (any BodyStream)?) async throws -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        // URLSession's idle timeout cannot fire before the deadline below, which bounds the attempt as a whole.
        urlRequest.timeoutInterval = max(request.timeout, 0.001)
        urlRequest.httpShouldHandleCookies = false
        for header in request.headers { urlRequest.setValue(header.value, forHTTPHeaderField: header.name) }
        urlRequest.httpBody = request.body

        let delegate = StreamingSessionDelegate()
        let session = URLSession(configuration: Self.template.copy() as! URLSessionConfiguration, delegate: delegate, delegateQueue: nil)
        // The session (its connection) ends with this attempt, however it ends.
        defer { session.finishTasksAndInvalidate() }
        let task = session.dataTask(with: urlRequest)
        let exchange = StreamingSessionDelegate.Exchange(limit: request.maxResponseBytes, stream: stream)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponse, Error>) in
                exchange.continuation = continuation
                let deadline = DispatchSource.makeTimerSource(queue: .global())
                deadline.setEventHandler { [delegate] in delegate.finish(task, with: .failure(TransportError.timedOut)) }
                deadline.schedule(deadline: .now() + max(0, request.timeout))
                exchange.deadline = deadline
                delegate.register(exchange, for: task)
                deadline.resume()
                if Task.isCancelled {
                    delegate.finish(task, with: .failure(CancellationError()))
                } else {
                    task.resume()
                }
            }
        } onCancel: { [delegate] in
            delegate.finish(task, with: .failure(CancellationError()))
        }
    }

    /// What an error of URLSession means for vmctl. FoundationNetworking reports libcurl's TLS failures
    /// (a certificate it cannot verify, a failed handshake) as `URLError.unknown`, and an answer that is not
    /// HTTP ("Received HTTP/0.9 when not allowed") as `.unsupportedURL`, each with libcurl's message, so the
    /// message decides those. `authority` says whether a profile's ca_cert was applied to any request: a
    /// certificate failure without it says so.
    static func map(_ error: Error, authority: TrustedCertificateAuthority.State = TrustedCertificateAuthority.current) -> TransportError {
        let ns = error as NSError
        guard ns.domain == NSURLErrorDomain else { return .other(ns.localizedDescription) }
        return map(URLError(URLError.Code(rawValue: ns.code) ?? .unknown, userInfo: ns.userInfo), authority: authority)
    }

    static func map(_ error: URLError, authority: TrustedCertificateAuthority.State = TrustedCertificateAuthority.current) -> TransportError {
        let detail = error.localizedDescription
        let certificate: TransportError = authority.notApplied ? .certificateAuthorityNotApplied(detail) : .certificate(detail)
        switch error.code {
        case .timedOut:
            return .timedOut
        case .cannotConnectToHost:
            return .cannotConnect("connection refused")
        case .cannotFindHost, .dnsLookupFailed:
            // FoundationNetworking reports libcurl's "could not resolve host" as NSURLErrorCannotFindHost.
            return .hostNotFound
        case .notConnectedToInternet:
            return .cannotConnect("no network")
        case .networkConnectionLost, .badServerResponse, .zeroByteResource:
            return .connectionLost(detail)
        case .serverCertificateUntrusted, .serverCertificateHasBadDate, .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot:
            return certificate
        case .secureConnectionFailed, .clientCertificateRejected, .clientCertificateRequired:
            return isCertificateProblem(detail) ? certificate : .tls(detail)
        default:
            // libcurl's messages, for what FoundationNetworking reports as `.unknown` or `.unsupportedURL`.
            let lowered = detail.lowercased()
            if ["http/0.9", "weird server reply", "unsupported http version"].contains(where: lowered.contains) {
                return .badResponse(detail)
            }
            if isCertificateProblem(detail) { return certificate }
            if ["ssl", "tls", "certificate", "handshake"].contains(where: lowered.contains) { return .tls(detail) }
            return .other(detail)
        }
    }

    /// Whether libcurl's message says the server's certificate did not verify (OpenSSL's verify error,
    /// "SSL certificate problem: unable to get local issuer certificate"; a name that does not match, "SSL:
    /// no alternative certificate subject name matches target host name"), or the CA file could not be
    /// used ("error setting certificate file"): no other attempt can pass.
    static func isCertificateProblem(_ detail: String) -> Bool {
        let lowered = detail.lowercased()
        return ["ssl certificate problem", "certificate verif", "subject name", "common name from peer certificate",
                "error setting certificate"].contains(where: lowered.contains)
    }
}

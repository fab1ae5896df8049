import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `HTTPTransport` over URLSession: no cookies, no cache, no redirects followed
/// (a redirect could carry the API key to another host; a 3xx is returned as it is).
/// The whole attempt has a deadline (the task is cancelled), and a body past the size limit is refused.
public final class URLSessionTransport: HTTPTransport, @unchecked Sendable {
    private let session: URLSession

    public init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieAcceptPolicy = .never
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration, delegate: NoRedirects(), delegateQueue: nil)
    }

    deinit { session.finishTasksAndInvalidate() }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        urlRequest.timeoutInterval = request.timeout
        for header in request.headers { urlRequest.setValue(header.value, forHTTPHeaderField: header.name) }
        urlRequest.httpBody = request.body
        // URLSession's timeoutInterval is an idle timeout; the deadline bounds the attempt as a whole.
        let task = Task { try await session.data(for: urlRequest) }
        let deadline = Task {
            try await Task.sleep(nanoseconds: UInt64(max(0, request.timeout) * 1_000_000_000))
            task.cancel()
        }
        defer { deadline.cancel() }
        do {
            let (data, response) = try await task.value
            guard let http = response as? HTTPURLResponse else { throw TransportError.other("not an HTTP response") }
            guard data.count <= request.maxResponseBytes else { throw TransportError.responseTooLarge(request.maxResponseBytes) }
            var headers: [String: String] = [:]
            for (key, value) in http.allHeaderFields {
                if let key = key as? String, let value = value as? String { headers[key.lowercased()] = value }
            }
            return HTTPResponse(status: http.statusCode, headers: headers, body: data)
        } catch let error as URLError {
            throw error.code == .cancelled ? TransportError.timedOut : Self.map(error)
        } catch is CancellationError {
            throw TransportError.timedOut
        }
    }

    static func map(_ error: URLError) -> TransportError {
        let detail = error.localizedDescription
        switch error.code {
        case .timedOut:
            return .timedOut
        case .cannotConnectToHost:
            return .cannotConnect("connection refused")
        case .cannotFindHost, .dnsLookupFailed:
            return .cannotConnect("host not found")
        case .notConnectedToInternet:
            return .cannotConnect("no network")
        case .networkConnectionLost, .badServerResponse, .zeroByteResource:
            return .connectionLost(detail)
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
             .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot, .clientCertificateRejected,
             .clientCertificateRequired:
            return .tls(detail)
        default:
            return .other(detail)
        }
    }
}

private final class NoRedirects: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}

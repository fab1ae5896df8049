import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Dispatch
import VMCtlSupport

/// The delegate of `URLSessionTransport`'s session. It follows no redirect, and streams each task's answer
/// into its `Exchange`: the body is kept up to the exchange's limit, and the task is cancelled as soon as
/// the answer announces (`Content-Length`) or delivers more. Each exchange ends exactly once, by the first
/// of: the task completing, the size limit, the deadline, or the caller's cancellation.
final class StreamingSessionDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    /// One request's answer as it arrives.
    final class Exchange: @unchecked Sendable {
        let limit: Int
        var response: HTTPURLResponse?
        var body = Data()
        var continuation: CheckedContinuation<HTTPResponse, Error>?
        /// The whole-attempt deadline, cancelled when the exchange ends otherwise.
        var deadline: DispatchSourceTimer?
        /// Where a successful answer's body goes instead of `body` (which then keeps only its beginning).
        let stream: (any BodyStream)?
        /// Whether this answer's body is going to `stream` (it is successful), and how many bytes it had.
        var streaming = false
        var streamed = 0

        init(limit: Int, stream: (any BodyStream)? = nil) {
            self.limit = limit
            self.stream = stream
        }
    }

    private let lock = NSLock()
    private var exchanges: [Int: Exchange] = [:]

    func register(_ exchange: Exchange, for task: URLSessionTask) {
        lock.withLock { exchanges[task.taskIdentifier] = exchange }
    }

    /// Ends the task's exchange with `result` unless it has ended already. Unless the task has completed,
    /// it is cancelled (its later callbacks find no exchange and are dropped).
    func finish(_ task: URLSessionTask, with result: Result<HTTPResponse, Error>, completed: Bool = false) {
        guard let exchange = lock.withLock({ exchanges.removeValue(forKey: task.taskIdentifier) }) else { return }
        exchange.deadline?.cancel()
        if !completed { task.cancel() }
        exchange.continuation?.resume(with: result)
    }

    private func exchange(for task: URLSessionTask) -> Exchange? {
        lock.withLock { exchanges[task.taskIdentifier] }
    }

    // MARK: URLSessionTaskDelegate

    /// A 3xx is returned as it is: the API key must not follow a redirect to another origin.
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        completionHandler(nil)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        guard let exchange = exchange(for: task) else { return }
        if let error {
            finish(task, with: .failure(URLSessionTransport.map(error)), completed: true)
            return
        }
        guard let http = (exchange.response ?? task.response) as? HTTPURLResponse else {
            finish(task, with: .failure(TransportError.other("not an HTTP response")), completed: true)
            return
        }
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { headers[key.lowercased()] = value }
        }
        var response = HTTPResponse(status: http.statusCode, headers: headers, body: exchange.body)
        if exchange.streaming { response.streamedBytes = exchange.streamed }
        finish(task, with: .success(response), completed: true)
    }

    // MARK: URLSessionDataDelegate

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        guard let exchange = exchange(for: dataTask) else { return completionHandler(.cancel) }
        exchange.response = response as? HTTPURLResponse
        if let stream = exchange.stream, let status = exchange.response?.statusCode, (200..<300).contains(status) {
            // A list as long as the server sends: the stream bounds what it keeps, element by element.
            exchange.streaming = true
            stream.begin(length: response.expectedContentLength >= 0 ? Int(response.expectedContentLength) : nil)
            return completionHandler(.allow)
        }
        if response.expectedContentLength > Int64(exchange.limit) {
            // FoundationNetworking ignores the disposition; finishing cancels the task itself.
            finish(dataTask, with: .failure(TransportError.responseTooLarge(exchange.limit)))
            return completionHandler(.cancel)
        }
        // One allocation for a body of announced length, instead of doubling copies as it arrives.
        if response.expectedContentLength > 0 { exchange.body.reserveCapacity(Int(response.expectedContentLength)) }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard let exchange = exchange(for: dataTask) else { return }
        if exchange.streaming, let stream = exchange.stream {
            if exchange.body.count < HTTPResponse.streamedPrefixBytes {
                exchange.body.append(data.prefix(HTTPResponse.streamedPrefixBytes - exchange.body.count))
            }
            exchange.streamed += data.count
            do {
                try data.withUnsafeBytes { try stream.consume($0.bindMemory(to: UInt8.self)) }
            } catch {
                finish(dataTask, with: .failure(error))
            }
            return
        }
        guard exchange.body.count + data.count <= exchange.limit else {
            finish(dataTask, with: .failure(TransportError.responseTooLarge(exchange.limit)))
            return
        }
        exchange.body.append(data)
    }
}

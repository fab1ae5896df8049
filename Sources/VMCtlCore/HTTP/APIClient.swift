import Foundation
import VMCtlSupport

/// Everything every product's API calls share: base URL and auth header, timeouts, retries,
/// the `--debug` log, and turning HTTP failures into vmctl errors with the right exit codes.
public struct APIClient: Sendable {
    public struct Settings: Sendable {
        public var baseURL: URL
        /// How the secret travels (the product's descriptor says), and the secret; no secret, no header.
        public var credential: Credential?
        public var secret: String?
        public var timeout: Double
        /// Named in hints: "check the API key of profile …".
        public var profileName: String
        /// What the body's `code` field means, where the API sends one (InfluxDB 2: `conflict` is a 422).
        public var errorCodes: [String: VMCtlError.Kind] = [:]
        /// The hints under a refused key (401) and a denied one (403), naming where the key came from
        /// (`VMCTL_API_KEY`, the profile's `api_key_env`, …); nil for the generic ones.
        public var keyHints: (refused: String, denied: String)?
        /// The profile's `ca_cert`, named when a server's certificate does not verify; nil: the system's.
        public var caCert: String?
        public var retry: RetryPolicy

        public init(baseURL: URL, credential: Credential?, secret: String?, timeout: Double, profileName: String,
                    retry: RetryPolicy = RetryPolicy()) {
            self.baseURL = baseURL
            self.credential = credential
            self.secret = secret
            self.timeout = timeout
            self.profileName = profileName
            self.retry = retry
        }

        /// The header that carries the secret: `X-VM-Cloud-Access: key`, `Authorization: Bearer token`.
        var authHeader: (name: String, value: String)? {
            guard let credential, let secret else { return nil }
            return (credential.header, credential.value(for: secret))
        }
    }

    public let settings: Settings
    public let transport: HTTPTransport
    /// Where `--debug` output goes; nil when it is off.
    public let debug: TextSink?
    /// Where retry notices (and a product's notices about its requests) are said; nil to keep quiet.
    public let notices: Notices?
    public private(set) var redactor: Redactor
    public let sleep: @Sendable (Double) async -> Void
    public let random: @Sendable () -> Double
    public let now: @Sendable () -> Date

    public init(settings: Settings, transport: HTTPTransport, debug: TextSink? = nil, notices: Notices? = nil,
                sleep: @escaping @Sendable (Double) async -> Void = APIClient.realSleep,
                random: @escaping @Sendable () -> Double = { Double.random(in: 0...1) },
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.settings = settings
        self.transport = transport
        self.debug = debug
        self.notices = notices
        self.redactor = Redactor(secrets: [settings.secret, settings.authHeader?.value].compactMap { $0 })
        self.sleep = sleep
        self.random = random
        self.now = now
    }

    /// A client for another server (a data endpoint) with another secret, sharing this one's transport,
    /// timeout, retries, `--debug` and redaction of every secret it already knew.
    public func derived(baseURL: URL, credential: Credential, secret: String) -> APIClient {
        var settings = self.settings
        settings.baseURL = baseURL
        settings.credential = credential
        settings.secret = secret
        settings.errorCodes = [:]
        var client = APIClient(settings: settings, transport: transport, debug: debug, notices: notices, sleep: sleep, random: random, now: now)
        client.redactor = Redactor(secrets: client.redactor.secrets + redactor.secrets)
        return client
    }

    public static let realSleep: @Sendable (Double) async -> Void = { seconds in
        try? await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
    }

    // MARK: - Requests

    /// Sends a request and returns the 2xx response; anything else is thrown as a `VMCtlError`.
    /// - Parameters:
    ///   - idempotent: whether sending twice is harmless; defaults to true for every method but POST.
    ///   - notFound: the message for a 404, naming what was looked for.
    @discardableResult
    public func send(_ method: String, _ path: String, query: [(String, String)] = [], body: Data? = nil,
                     contentType: String = "application/json", idempotent: Bool? = nil,
                     notFound: String? = nil, accept: String? = "application/json",
                     missingEndpoint: MissingEndpoint? = nil, headers extra: [(name: String, value: String)] = [],
                     streamingTo stream: (any BodyStream)? = nil) async throws -> HTTPResponse {
        var headers: [(name: String, value: String)] = [("User-Agent", VMCtlVersion.userAgent)]
        if let accept { headers.insert(("Accept", accept), at: 0) }
        if body != nil { headers.append(("Content-Type", contentType)) }
        headers += extra
        let (request, response) = try await exchange(method, url(path, query: query), headers: headers, body: body, idempotent: idempotent,
                                                     streamingTo: stream)
        // An API that lacks the endpoint answers 404 or 405; the caller says what that means.
        if let missingEndpoint, missingEndpoint.statuses.contains(response.status) { throw missingEndpoint.error }
        guard response.isSuccess else { throw error(for: response, request: request, notFound: notFound) }
        return response
    }

    /// Sends a request to `url` with the secret's header added and returns whatever the server answered;
    /// only a transport failure throws (as a network error). Retries as `send` does.
    public func exchange(_ method: String, _ url: URL, headers: [(name: String, value: String)], body: Data?,
                         idempotent: Bool? = nil, streamingTo stream: (any BodyStream)? = nil) async throws -> (HTTPRequest, HTTPResponse) {
        var headers = headers
        if let auth = settings.authHeader { headers.append(auth) }
        let request = HTTPRequest(method: method, url: url, headers: headers, body: body, timeout: settings.timeout)
        return (request, try await sendWithRetries(request, idempotent: idempotent ?? (method != "POST"), stream: stream))
    }

    /// GETs `path` and decodes the JSON body as `T`.
    public func get<T: Decodable>(_ path: String, query: [(String, String)] = [], as type: T.Type = T.self,
                                  notFound: String? = nil, missingEndpoint: MissingEndpoint? = nil) async throws -> T {
        try decode(T.self, from: try await send("GET", path, query: query, notFound: notFound, missingEndpoint: missingEndpoint))
    }

    /// GETs `path` and decodes the JSON body as a list of `Item`s, read without the `Decodable` machinery
    /// where they fit (long lists); failures are the same as `get`'s. The list is read as it arrives, each
    /// element decoded and let go: it may be as long as the server sends (no `Limits.responseBodyBytes`),
    /// each element within `Limits.listElementBytes` (docs/guarantees.md, Size limits).
    public func getList<Item: JSONObjectReadable>(_ path: String, of type: Item.Type = Item.self, notFound: String? = nil) async throws -> [Item] {
        var items: [Item] = []
        try await getList(path, of: type, notFound: notFound, into: ListSink(restart: { items = [] }, add: { items.append($0) }))
        return items
    }

    /// `getList`, each item handed to `sink` as it is read, and kept by nothing here: a list as long as the
    /// server sends takes no more memory than the sink keeps.
    public func getList<Item: JSONObjectReadable>(_ path: String, of type: Item.Type = Item.self, notFound: String? = nil,
                                                  into sink: ListSink<Item>) async throws {
        let list = ListReader<Item>(sink)
        let request = "GET \(url(path).path)"
        do {
            try await send("GET", path, notFound: notFound, streamingTo: list)
            guard let whole = try list.stream.finish() else { return try list.deliver() }
            // Not a list: read as before, to say what it is instead.
            let items = try JSONValueDecoder.decodeList(Item.self, from: Data(whole))
            try sink.restart()
            for item in items { try sink.add(item) }
        } catch let tooLarge as JSONListStream.ElementTooLarge {
            throw VMCtlError.failure("element \(tooLarge.index) of the answer to \(request) is larger than \(Limits.describe(bytes: tooLarge.limit)), vmctl's limit for one list element; it was not read further",
                                     hint: "check the url of profile \"\(settings.profileName)\": a list element is never this large")
        } catch let failure as TemporaryRecords.Failure {
            throw VMCtlError.failure("\(failure.message), to hold the answer to \(request)", hint: "free some space there")
        } catch let tooLarge as JSONListStream.DocumentTooLarge {
            throw networkError(.responseTooLarge(tooLarge.limit), request: HTTPRequest(method: "GET", url: url(path)))
        } catch let error as JSONParser.Error {
            throw Self.unexpected(DecodingError.dataCorrupted(DecodingError.Context(codingPath: [], debugDescription: "\(error)", underlyingError: error)), request: request)
        } catch let error as DecodingError {
            throw Self.unexpected(error, request: request)
        }
    }

    /// Sends `body` as JSON and decodes the JSON answer as `T`.
    public func send<T: Decodable, Body: Encodable>(_ method: String, _ path: String, json body: Body, as type: T.Type = T.self,
                                                    notFound: String? = nil, missingEndpoint: MissingEndpoint? = nil) async throws -> T {
        let data: Data
        do {
            data = Data(try JSONValueEncoder.encodeBytes(body))
        } catch {
            throw VMCtlError.usage("a value cannot be sent: \(Self.describe(encodingError: error))")
        }
        return try decode(T.self, from: try await send(method, path, body: data, notFound: notFound, missingEndpoint: missingEndpoint))
    }

    /// Decodes a response body, turning any mismatch into a clean "unexpected response" error.
    public func decode<T: Decodable>(_ type: T.Type, from response: HTTPResponse) throws -> T {
        do {
            return try JSONValueDecoder.decode(T.self, from: response.body)
        } catch {
            throw Self.unexpected(error, request: response.request)
        }
    }

    /// "unexpected response from the server to GET /path: …": the request is named, so a broken answer
    /// among several requests of one command can be told apart.
    private static func unexpected(_ decodingError: Error, request: String?) -> VMCtlError {
        let to = request.map { " to \($0)" } ?? ""
        return VMCtlError.failure("unexpected response from the server\(to): \(describe(decodingError: decodingError))",
                                  hint: "run the command again with --debug to see the response")
    }

    /// The full URL of `path` under the base URL.
    public func url(_ path: String, query: [(String, String)] = []) -> URL {
        let base = settings.baseURL.absoluteString.withoutTrailingSlashes
        var components = URLComponents(string: base + path)!
        if !query.isEmpty {
            components.percentEncodedQuery = query.map { "\(Self.encodeQuery($0.0))=\(Self.encodeQuery($0.1))" }.joined(separator: "&")
        }
        return components.url!
    }

    /// Percent-encodes one path segment (a name may hold `/`, `?` or spaces).
    public static func segment(_ s: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/;?#%")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }

    public static func encodeQuery(_ s: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#%")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }

    // MARK: - Retries

    private func sendWithRetries(_ request: HTTPRequest, idempotent: Bool, stream: (any BodyStream)? = nil) async throws -> HTTPResponse {
        let policy = settings.retry
        var attempt = 1
        while true {
            let started = Date()
            logRequest(request, attempt: attempt)
            var response: HTTPResponse
            do {
                if let stream {
                    response = try await transport.send(request, streamingTo: stream)
                } else {
                    response = try await transport.send(request)
                }
                response.request = "\(request.method) \(request.url.path)"
            } catch let failure as TransportError {
                logLine("* \(describe(failure, request: request)) after \(Self.milliseconds(since: started)) ms")
                let safeToRepeat = idempotent || failure.requestNeverSent
                if safeToRepeat && failure.mayPassOnRetry && attempt < policy.maxAttempts {
                    let delay = policy.backoff(afterAttempt: attempt, random: random())
                    let what = failure == .timedOut ? "timed out after \(Self.seconds(request.timeout))" : describe(failure, request: request)
                    notice(retrying: request, what, delay: delay, attempt: attempt)
                    await sleep(delay)
                    attempt += 1
                    continue
                }
                throw networkError(failure, request: request)
            }
            // A token just created or revealed is a known secret from here on: masked wherever it appears.
            if response.isSuccess { redactor.learn(fromResponse: response.body) }
            logResponse(response, elapsedMS: Self.milliseconds(since: started))
            if idempotent, RetryPolicy.retryableStatuses.contains(response.status), attempt < policy.maxAttempts {
                let delay = RetryPolicy.retryAfter(response.header("Retry-After"), now: now())
                    ?? policy.backoff(afterAttempt: attempt, random: random())
                if delay <= policy.maxRetryAfter {
                    notice(retrying: request, "server answered \(response.status)", delay: delay, attempt: attempt)
                    await sleep(delay)
                    attempt += 1
                    continue
                }
            }
            return response
        }
    }

    // MARK: - Errors

    func networkError(_ failure: TransportError, request: HTTPRequest) -> VMCtlError {
        switch failure {
        case .responseTooLarge:
            return .failure(describe(failure, request: request), hint: "check the url of profile \"\(settings.profileName)\": an API answer is never this large")
        case .badResponse:
            return .failure(describe(failure, request: request), hint: "check the url of profile \"\(settings.profileName)\": it should point at the API")
        case .hostNotFound:
            return .network(describe(failure, request: request),
                            hint: "check the spelling of \(request.url.host ?? "the host") in the url of profile \"\(settings.profileName)\", and your DNS")
        case .certificate:
            let name = settings.profileName
            guard let caCert = settings.caCert else {
                return .network(describe(failure, request: request),
                                hint: "if a private CA signs the server's certificate, set ca_cert of profile \"\(name)\" to the CA's PEM file: vmctl profile update \(name) --ca-cert FILE")
            }
            return .network(describe(failure, request: request),
                            hint: "the server's certificate does not verify against ca_cert of profile \"\(name)\" (\(caCert)): give the PEM file of the CA that signs it (vmctl profile update \(name) --ca-cert FILE), or check the url")
        case .certificateAuthorityNotApplied:
            return .network(describe(failure, request: request),
                            hint: "use a vmctl built by swift build or scripts/build-static.sh, which applies ca_cert; or remove ca_cert from profile \"\(settings.profileName)\" (vmctl profile update \(settings.profileName) --ca-cert '')")
        default:
            break
        }
        return .network(describe(failure, request: request), hint: failure == .timedOut
                 ? "the server may be slow: raise --timeout, or check your network"
                 : "check the url of profile \"\(settings.profileName)\" and your network")
    }

    func describe(_ failure: TransportError, request: HTTPRequest) -> String {
        let host = request.url.host.map { h in request.url.port.map { "\(h):\($0)" } ?? h } ?? request.url.absoluteString
        switch failure {
        case .cannotConnect(let detail): return "cannot connect to \(host): \(redactor.text(detail))"
        case .hostNotFound: return "cannot resolve host \(request.url.host ?? host): no such name"
        case .connectionLost(let detail): return "connection to \(host) lost: \(redactor.text(detail))"
        case .timedOut: return "\(request.method) \(request.url.path) timed out after \(Self.seconds(request.timeout))"
        case .tls(let detail): return "TLS connection to \(host) failed: \(redactor.text(detail))"
        case .certificate(let detail):
            let against = settings.caCert.map { "ca_cert \($0)" } ?? "the system's CA certificates"
            return "TLS connection to \(host) failed: \(redactor.text(detail)) (the server's certificate was checked against \(against))"
        case .certificateAuthorityNotApplied(let detail):
            return "TLS connection to \(host) failed: \(redactor.text(detail)); this build of vmctl cannot apply ca_cert\(settings.caCert.map { " \($0)" } ?? ""), so the server's certificate was checked against the system's CA certificates instead"
        case .other(let detail): return "request to \(host) failed: \(redactor.text(detail))"
        case .badResponse(let detail): return "\(host) did not answer \(request.method) \(request.url.path) with HTTP: \(redactor.text(detail))"
        case .responseTooLarge(let limit):
            return "the answer to \(request.method) \(request.url.path) is larger than \(Limits.describe(bytes: limit)), vmctl's limit for one response; it was not read further"
        }
    }

    func error(for response: HTTPResponse, request: HTTPRequest, notFound: String?) -> VMCtlError {
        let body = ErrorBody(response.body)
        let detail = serverMessage(body)
        func text(_ fallback: String) -> String {
            "\(detail ?? fallback) (HTTP \(response.status))"
        }
        // The body's own code says more than the status where the API has one (a 422 `conflict`).
        switch body.json?["code"]?.stringValue.flatMap({ settings.errorCodes[$0] }) {
        case .conflict?: return .conflict("conflict: \(text("the resource already exists or is in use"))")
        case .notFound?:
            if let notFound { return .notFound(Self.notFoundMessage(notFound, server: detail)) }
            return .notFound("not found: \(text("\(request.method) \(request.url.path)"))")
        case .auth? where response.status != 401 && response.status != 403:
            return .auth("permission denied: \(text("the API key may not do this"))",
                         hint: "the API key of profile \"\(settings.profileName)\" lacks the permission; use a key that has it")
        case .usage?:
            return .usage("the server refused a value: \(text("invalid request"))")
        default: break
        }
        switch response.status {
        case 401:
            return .auth("authentication failed: \(text("the API key was not accepted"))",
                         hint: settings.keyHints?.refused
                             ?? "check the API key of profile \"\(settings.profileName)\" (vmctl profile show \(settings.profileName))")
        case 403:
            var denied = VMCtlError.auth("permission denied: \(text("the API key may not do this"))",
                                         hint: settings.keyHints?.denied ?? "the API key of profile \"\(settings.profileName)\" lacks the permission; use a key that has it")
            denied.httpStatus = 403
            return denied
        case 404:
            if let notFound { return .notFound(Self.notFoundMessage(notFound, server: detail)) }
            return .notFound("not found: \(text("\(request.method) \(request.url.path)"))")
        case 409:
            return .conflict("conflict: \(text("the resource already exists or is in use"))")
        case 300..<400:
            return .failure("the server redirected \(request.method) \(request.url.path) to \(response.header("Location").map(redactor.text) ?? "another place") (HTTP \(response.status)); vmctl does not follow redirects",
                            hint: "check the url of profile \"\(settings.profileName)\"")
        case 500..<600:
            return .failure("server error: \(text(HTTPStatus.reason(response.status)))")
        default:
            return .failure("request failed: \(text("unexpected status"))")
        }
    }

    /// vmctl's own message for a 404 ("no token X"), then the server's own words beside it, so that what the
    /// server said is never lost: `no token 365e… (server: token not found)`. Only a server message that
    /// vmctl's already holds whole (ignoring case and a final full stop) is left out, not to say it twice.
    static func notFoundMessage(_ own: String, server detail: String?) -> String {
        guard let detail else { return own }
        func normal(_ s: String) -> String {
            var s = s.trimmingCharacters(in: .whitespaces).lowercased()
            while s.hasSuffix(".") { s.removeLast() }
            return s
        }
        let said = normal(detail)
        return said.isEmpty || normal(own).contains(said) ? own : "\(own) (server: \(detail))"
    }

    /// An error body read once: its text, and its JSON when it is JSON.
    struct ErrorBody {
        var text: String?
        var json: JSONValue?

        init(_ data: Data) {
            guard !data.isEmpty, let text = String(data: data, encoding: .utf8) else { return }
            self.text = text
            json = try? JSONParser.parse(text)
        }
    }

    /// A short, printable, secret-free message from an error body: the `message` (or `error`) of a JSON
    /// body, else the first line of text. HTML pages and binary bodies give nothing.
    public func serverMessage(_ data: Data) -> String? {
        serverMessage(ErrorBody(data))
    }

    func serverMessage(_ body: ErrorBody) -> String? {
        guard let text = body.text else { return nil }
        var candidate: String?
        if let json = body.json {
            for key in ["message", "error", "detail", "msg", "error_description"] {
                if let s = json[key]?.stringValue { candidate = s; break }
                if let s = json[key]?["message"]?.stringValue { candidate = s; break }
            }
            if candidate == nil, let s = json.stringValue { candidate = s }
        } else if !text.lowercased().contains("<html") && !text.lowercased().contains("<!doctype") {
            candidate = text.split(whereSeparator: \.isNewline).first.map(String.init)
        }
        guard var message = candidate else { return nil }
        message = String(message.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) })
        message = message.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        message = redactor.text(message)
        if message.count > 200 { message = String(message.prefix(200)) + "…" }
        return message.isEmpty ? nil : message
    }

    static func describe(decodingError error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing field \"\(path(context.codingPath + [key]))\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "field \"\(path(context.codingPath))\" has an unexpected type"
        case DecodingError.dataCorrupted(let context):
            guard context.codingPath.isEmpty else { return "field \"\(path(context.codingPath))\" is malformed" }
            // The parser's words say what is wrong where: "invalid UTF-8 in a string at byte 57".
            return (context.underlyingError as? JSONParser.Error).map { "the body is not valid JSON (\($0))" } ?? "the body is not valid JSON"
        default:
            return "the body could not be read"
        }
    }

    static func describe(encodingError error: Error) -> String {
        if case EncodingError.invalidValue(_, let context) = error {
            return "field \"\(path(context.codingPath))\": \(context.debugDescription)"
        }
        return "\(error)"
    }

    private static func path(_ keys: [CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
    }

    // MARK: - Debug output

    private func logRequest(_ request: HTTPRequest, attempt: Int) {
        guard let debug else { return }
        var out = "> \(request.method) \(redactor.url(request.url))\(attempt > 1 ? " (attempt \(attempt))" : "")\n"
        for header in request.headers {
            out += "> \(header.name): \(redactor.header(name: header.name, value: header.value))\n"
        }
        if let body = request.body, !body.isEmpty { out += "> \(redactor.body(body))\n" }
        debug.write(out)
    }

    private func logResponse(_ response: HTTPResponse, elapsedMS: Int) {
        guard let debug else { return }
        var out = "< \(response.status) \(HTTPStatus.reason(response.status)) (\(elapsedMS) ms)\n"
        for (name, value) in response.headers.sorted(by: { $0.key < $1.key }) {
            out += "< \(name): \(redactor.header(name: name, value: value))\n"
        }
        if let total = response.streamedBytes {
            if !response.body.isEmpty { out += "< \(redactor.body(response.body)) (read as a stream, \(total) bytes in all)\n" }
        } else if !response.body.isEmpty {
            out += "< \(redactor.body(response.body))\n"
        }
        debug.write(out)
    }

    private func logLine(_ line: String) { debug?.write(line + "\n") }

    /// One line per retry, naming the request, so that the retries of requests sent side by side (a bulk
    /// revoke) can be told apart: `GET /api/v1/…: server answered 503; retrying in 1s (attempt 2 of 3)`.
    /// Each is one write, whole.
    private func notice(retrying request: HTTPRequest, _ what: String, delay: Double, attempt: Int) {
        let line = "\(request.method) \(redactor.text(request.url.path)): \(what); retrying in \(Self.seconds(delay))"
            + " (attempt \(attempt + 1) of \(settings.retry.maxAttempts))"
        if let debug { debug.write("* " + line + "\n") } else { notices?.warning(line) }
    }

    static func milliseconds(since start: Date) -> Int { Int((Date().timeIntervalSince(start) * 1000).rounded()) }

    static func seconds(_ s: Double) -> String {
        s < 1 ? "\(Int((s * 1000).rounded())) ms" : (s == s.rounded() ? "\(Int(s))s" : String(format: "%.1fs", s))
    }
}

/// A list answer as it arrives (`APIClient.getList`). The elements of its first `parseAtOnceBytes` are
/// parsed, decoded and handed to the sink as they come. Past that only the elements are told apart and
/// checked for size while the transfer runs, each kept in `TemporaryRecords` (on disk once they are many):
/// that keeps up with the network, whereas parsing could fall behind a fast sender, and FoundationNetworking
/// queues in memory whatever the delegate has not taken yet. Once the answer is in, the kept elements are
/// parsed and decoded one at a time into the sink. The body is never held whole.
final class ListReader<Item: JSONObjectReadable>: BodyStream, @unchecked Sendable {
    static var parseAtOnceBytes: Int { 1 << 20 }
    private let sink: ListSink<Item>
    private var records: TemporaryRecords?
    private var record: [UInt8] = []
    private var failure: Error?
    /// Whether the sink was told that this answer starts (`restart`).
    private var restarted = false
    private(set) lazy var stream = JSONListStream(elementLimit: Limits.listElementBytes, wholeLimit: Limits.responseBodyBytes) {
        [unowned self] bytes, start, index in
        if records == nil && start < Self.parseAtOnceBytes {
            try add(JSONListStream.parseElement(bytes, start: start), index: index)
            return
        }
        if records == nil { records = TemporaryRecords() }
        record.removeAll(keepingCapacity: true)
        RecordBytes.put(start, &record)
        RecordBytes.put(index, &record)
        record.append(contentsOf: bytes)
        try record.withUnsafeBufferPointer { try records?.append($0) }
    }

    init(_ sink: ListSink<Item>) { self.sink = sink }

    private func add(_ value: JSONValue, index: Int) throws {
        if !restarted {
            try sink.restart()
            restarted = true
        }
        try sink.add(try JSONValueDecoder.listElement(Item.self, value, index: index))
    }

    func begin(length: Int?) {
        stream.reset()
        stream.declaredLength = length
        restarted = false
        do { try records?.removeAll() } catch { failure = error }
    }

    func consume(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        if let failure { throw failure }
        try stream.consume(bytes)
    }

    /// The kept elements, parsed and decoded, into the sink (restarted first if nothing reached it yet).
    func deliver() throws {
        if !restarted {
            try sink.restart()
            restarted = true
        }
        guard let records else { return }
        while try records.next(into: &record) {
            var at = 0
            let start = RecordBytes.get(record, &at), index = RecordBytes.get(record, &at)
            let value = try record.withUnsafeBufferPointer {
                try JSONListStream.parseElement(UnsafeBufferPointer(rebasing: $0[at...]), start: start)
            }
            try add(value, index: index)
        }
    }
}

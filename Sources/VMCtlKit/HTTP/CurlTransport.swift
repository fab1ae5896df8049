import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `HTTPTransport` over libcurl's easy interface: the same libcurl (and so the same TLS stack and CA
/// store) that URLSession uses on Linux, loaded at run time, without URLSession's event loop on top.
///
/// Why not URLSession: on Linux, FoundationNetworking's libcurl multi-handle keeps a dispatch write
/// source on the socket after libcurl has asked for read readiness only, so while it waits for an answer
/// it spins (measured: 1.8 s user + 2.7 s system CPU to wait 5 s). Its `timeoutInterval` is also an
/// idle timeout, and its body is buffered whole before anything can check its size. Here:
/// - `timeout` bounds each attempt as a whole (CURLOPT_TIMEOUT_MS: connect, send, headers and body);
/// - the body streams through a callback that stops the transfer past `maxResponseBytes`;
/// - the wait is one blocking poll(2) inside libcurl on a thread of its own: an idle wait costs no CPU;
/// - redirects are never followed (a redirect could carry the API key to another host), no cookies, no cache.
public final class CurlTransport: HTTPTransport, @unchecked Sendable {
    private let curl: LibCurl

    /// nil when libcurl cannot be loaded (then `LiveTransport` falls back to URLSession).
    public init?() {
        guard let curl = LibCurl.shared else { return nil }
        self.curl = curl
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponse, Error>) in
            let thread = Thread { [curl] in
                continuation.resume(with: Result { try CurlTransfer(curl: curl, request: request).perform() })
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }
}

/// The transport vmctl uses: libcurl directly, or URLSession where libcurl cannot be loaded.
public enum LiveTransport {
    public static func make() -> HTTPTransport { CurlTransport() ?? URLSessionTransport() }
}

/// One request on one easy handle, run to completion on the calling thread.
private final class CurlTransfer {
    let curl: LibCurl
    let request: HTTPRequest
    var status = 0
    var headers: [String: String] = [:]
    var body = Data()
    var tooLarge = false

    init(curl: LibCurl, request: HTTPRequest) {
        self.curl = curl
        self.request = request
    }

    func perform() throws -> HTTPResponse {
        guard let handle = curl.easyInit() else { throw TransportError.other("cannot start a transfer") }
        defer { curl.easyCleanup(handle) }
        var headerList: OpaquePointer?
        defer { if let headerList { curl.slistFreeAll(headerList) } }
        // An empty `Expect:` stops libcurl from waiting for a 100 Continue before sending a body.
        for line in request.headers.map({ "\($0.name): \($0.value)" }) + ["Expect:"] {
            headerList = line.withCString { curl.slistAppend(headerList, $0) }
        }
        var errorBuffer = [CChar](repeating: 0, count: 256)

        let me = Unmanaged.passUnretained(self).toOpaque()
        let code: Int32 = errorBuffer.withUnsafeMutableBufferPointer { errors in
            request.url.absoluteString.withCString { _ = curl.setPointer(handle, LibCurl.optURL, $0) }
            _ = curl.setPointer(handle, LibCurl.optHTTPHeader, UnsafeRawPointer(headerList))
            _ = curl.setPointer(handle, LibCurl.optErrorBuffer, UnsafeRawPointer(errors.baseAddress))
            _ = curl.setLong(handle, LibCurl.optNoSignal, 1)
            _ = curl.setLong(handle, LibCurl.optFollowLocation, 0)
            _ = curl.setLong(handle, LibCurl.optProtocols, LibCurl.protoHTTP | LibCurl.protoHTTPS)
            _ = curl.setLong(handle, LibCurl.optTimeoutMS, max(1, Int((request.timeout * 1000).rounded(.up))))
            if request.method != "GET" {
                request.method.withCString { _ = curl.setPointer(handle, LibCurl.optCustomRequest, $0) }
            }
            if request.body != nil || request.method == "POST" || request.method == "PUT" || request.method == "PATCH" {
                let bytes = [UInt8](request.body ?? Data())
                _ = curl.setOffset(handle, LibCurl.optPostFieldSizeLarge, Int64(bytes.count))
                if bytes.isEmpty {
                    "".withCString { _ = curl.setPointer(handle, LibCurl.optCopyPostFields, $0) }
                } else {
                    bytes.withUnsafeBytes { _ = curl.setPointer(handle, LibCurl.optCopyPostFields, $0.baseAddress) }
                }
            }
            _ = curl.setPointer(handle, LibCurl.optWriteData, UnsafeRawPointer(me))
            _ = curl.setFunction(handle, LibCurl.optWriteFunction, unsafeBitCast(CurlTransfer.onBody, to: UnsafeRawPointer.self))
            _ = curl.setPointer(handle, LibCurl.optHeaderData, UnsafeRawPointer(me))
            _ = curl.setFunction(handle, LibCurl.optHeaderFunction, unsafeBitCast(CurlTransfer.onHeader, to: UnsafeRawPointer.self))
            return withExtendedLifetime(self) { curl.perform(handle) }
        }
        guard code == 0 else {
            let detail = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw error(code: code, detail: detail.isEmpty ? curl.describe(code) : detail, handle: handle)
        }
        return HTTPResponse(status: status, headers: headers, body: body)
    }

    private func error(code: Int32, detail: String, handle: OpaquePointer) -> TransportError {
        switch code {
        case LibCurl.errWrite where tooLarge:
            return .responseTooLarge(request.maxResponseBytes)
        case LibCurl.errTimedOut:
            return .timedOut
        case LibCurl.errCouldntConnect:
            return .cannotConnect(curl.osErrno(handle) == ECONNREFUSED ? "connection refused" : detail)
        case LibCurl.errCouldntResolveHost, LibCurl.errCouldntResolveProxy:
            return .cannotConnect("host not found")
        // vmctl allows only http and https, so an "unsupported protocol" at this point is an answer that
        // is not HTTP/1.x or 2 (libcurl refuses HTTP/0.9).
        case LibCurl.errUnsupportedProtocol, LibCurl.errWeirdServerReply, LibCurl.errBadContentEncoding:
            return .badResponse(detail)
        case LibCurl.errGotNothing:
            return .connectionLost("the server closed the connection without answering")
        case LibCurl.errPartialFile:
            return .connectionLost("the answer was cut short: \(detail)")
        case LibCurl.errSend, LibCurl.errRecv, LibCurl.errHTTP2, LibCurl.errHTTP2Stream:
            return .connectionLost(detail)
        case _ where LibCurl.tlsErrors.contains(code):
            return .tls(detail)
        default:
            return .other(detail)
        }
    }

    /// CURLOPT_WRITEFUNCTION: appends a piece of the body, or stops the transfer past the limit.
    static let onBody: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = { data, size, count, me in
        guard let me, let data else { return 0 }
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(me).takeUnretainedValue()
        let n = size * count
        if transfer.body.count + n > transfer.request.maxResponseBytes {
            transfer.tooLarge = true
            return 0
        }
        data.withMemoryRebound(to: UInt8.self, capacity: n) { transfer.body.append($0, count: n) }
        return n
    }

    /// CURLOPT_HEADERFUNCTION: one header line; a status line starts a new response (after a 1xx).
    static let onHeader: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = { data, size, count, me in
        guard let me, let data else { return 0 }
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(me).takeUnretainedValue()
        let n = size * count
        let line = data.withMemoryRebound(to: UInt8.self, capacity: n) {
            String(decoding: UnsafeBufferPointer(start: $0, count: n), as: UTF8.self)
        }.trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("HTTP/") {
            transfer.headers = [:]
            let parts = line.split(separator: " ")
            transfer.status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        } else if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            transfer.headers[name] = transfer.headers[name].map { "\($0), \(value)" } ?? value
        }
        return n
    }
}

/// The few libcurl entry points vmctl calls, looked up once in the libcurl that FoundationNetworking
/// itself links against (so it is there wherever URLSession is).
final class LibCurl: @unchecked Sendable {
    static let shared: LibCurl? = LibCurl()

    // Option numbers and codes from curl/curl.h (stable ABI).
    static let optWriteData: Int32 = 10001, optURL: Int32 = 10002, optErrorBuffer: Int32 = 10010, optHTTPHeader: Int32 = 10023
    static let optHeaderData: Int32 = 10029, optCustomRequest: Int32 = 10036, optCopyPostFields: Int32 = 10165
    static let optWriteFunction: Int32 = 20011, optHeaderFunction: Int32 = 20079, optPostFieldSizeLarge: Int32 = 30120
    static let optFollowLocation: Int32 = 52, optNoSignal: Int32 = 99, optTimeoutMS: Int32 = 155, optProtocols: Int32 = 181
    static let protoHTTP = 1, protoHTTPS = 2
    static let infoOSErrno: Int32 = 0x200000 + 25
    static let errUnsupportedProtocol: Int32 = 1, errCouldntResolveProxy: Int32 = 5, errCouldntResolveHost: Int32 = 6, errCouldntConnect: Int32 = 7
    static let errWeirdServerReply: Int32 = 8, errHTTP2: Int32 = 16, errPartialFile: Int32 = 18, errWrite: Int32 = 23
    static let errTimedOut: Int32 = 28, errGotNothing: Int32 = 52, errSend: Int32 = 55, errRecv: Int32 = 56
    static let errBadContentEncoding: Int32 = 61, errHTTP2Stream: Int32 = 92
    static let tlsErrors: Set<Int32> = [35, 51, 53, 54, 58, 59, 60, 64, 66, 77, 80, 82, 83, 90, 91, 98]

    private typealias EasyInit = @convention(c) () -> OpaquePointer?
    private typealias EasyCleanup = @convention(c) (OpaquePointer?) -> Void
    private typealias EasyPerform = @convention(c) (OpaquePointer?) -> Int32
    // curl_easy_setopt and curl_easy_getinfo are variadic; on the Linux ABIs vmctl builds for, a variadic
    // callee reads its one extra argument from the same register as a fixed one of the same class.
    private typealias SetLong = @convention(c) (OpaquePointer?, Int32, Int) -> Int32
    private typealias SetOffset = @convention(c) (OpaquePointer?, Int32, Int64) -> Int32
    private typealias SetPointer = @convention(c) (OpaquePointer?, Int32, UnsafeRawPointer?) -> Int32
    private typealias GetLong = @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<Int>) -> Int32
    private typealias SlistAppend = @convention(c) (OpaquePointer?, UnsafePointer<CChar>) -> OpaquePointer?
    private typealias SlistFreeAll = @convention(c) (OpaquePointer?) -> Void
    private typealias StrError = @convention(c) (Int32) -> UnsafePointer<CChar>?
    private typealias GlobalInit = @convention(c) (Int) -> Int32

    private let easyInitFn: EasyInit, easyCleanupFn: EasyCleanup, performFn: EasyPerform
    private let setLongFn: SetLong, setOffsetFn: SetOffset, setPointerFn: SetPointer, getLongFn: GetLong
    private let slistAppendFn: SlistAppend, slistFreeAllFn: SlistFreeAll, strErrorFn: StrError

    private init?() {
        guard let library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL) ?? dlopen("libcurl.so", RTLD_NOW | RTLD_LOCAL) else { return nil }
        func symbol<T>(_ name: String, _ type: T.Type) -> T? {
            dlsym(library, name).map { unsafeBitCast($0, to: type) }
        }
        guard let easyInit = symbol("curl_easy_init", EasyInit.self), let cleanup = symbol("curl_easy_cleanup", EasyCleanup.self),
              let perform = symbol("curl_easy_perform", EasyPerform.self), let setLong = symbol("curl_easy_setopt", SetLong.self),
              let setOffset = symbol("curl_easy_setopt", SetOffset.self), let setPointer = symbol("curl_easy_setopt", SetPointer.self),
              let getLong = symbol("curl_easy_getinfo", GetLong.self), let append = symbol("curl_slist_append", SlistAppend.self),
              let freeAll = symbol("curl_slist_free_all", SlistFreeAll.self), let strError = symbol("curl_easy_strerror", StrError.self),
              let globalInit = symbol("curl_global_init", GlobalInit.self) else { return nil }
        // CURL_GLOBAL_ALL, once, before any handle exists.
        guard globalInit(3) == 0 else { return nil }
        easyInitFn = easyInit; easyCleanupFn = cleanup; performFn = perform
        setLongFn = setLong; setOffsetFn = setOffset; setPointerFn = setPointer; getLongFn = getLong
        slistAppendFn = append; slistFreeAllFn = freeAll; strErrorFn = strError
    }

    func easyInit() -> OpaquePointer? { easyInitFn() }
    func easyCleanup(_ handle: OpaquePointer) { easyCleanupFn(handle) }
    func perform(_ handle: OpaquePointer) -> Int32 { performFn(handle) }
    func setLong(_ handle: OpaquePointer, _ option: Int32, _ value: Int) -> Int32 { setLongFn(handle, option, value) }
    func setOffset(_ handle: OpaquePointer, _ option: Int32, _ value: Int64) -> Int32 { setOffsetFn(handle, option, value) }
    func setPointer(_ handle: OpaquePointer, _ option: Int32, _ value: UnsafeRawPointer?) -> Int32 { setPointerFn(handle, option, value) }
    func setFunction(_ handle: OpaquePointer, _ option: Int32, _ value: UnsafeRawPointer) -> Int32 { setPointerFn(handle, option, value) }
    func slistAppend(_ list: OpaquePointer?, _ line: UnsafePointer<CChar>) -> OpaquePointer? { slistAppendFn(list, line) }
    func slistFreeAll(_ list: OpaquePointer) { slistFreeAllFn(list) }
    func describe(_ code: Int32) -> String { strErrorFn(code).map { String(cString: $0) } ?? "libcurl error \(code)" }

    func osErrno(_ handle: OpaquePointer) -> Int32 {
        var value = 0
        return getLongFn(handle, LibCurl.infoOSErrno, &value) == 0 ? Int32(truncatingIfNeeded: value) : 0
    }
}

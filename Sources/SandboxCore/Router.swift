import Foundation
import VMCtlSupport

/// Matches `METHOD /path/{param}/…` patterns; parameters are percent-decoded path segments.
public struct Route: Sendable {
    public let method: String
    public let segments: [String]

    public init(_ method: String, _ pattern: String) {
        self.method = method
        segments = pattern.split(separator: "/").map(String.init)
    }

    /// The parameters when `request` matches, else nil.
    public func match(method: String, segments actual: [String]) -> [String: String]? {
        guard method == self.method, actual.count == segments.count else { return nil }
        var params: [String: String] = [:]
        for (pattern, value) in zip(segments, actual) {
            if pattern.hasPrefix("{") && pattern.hasSuffix("}") {
                params[String(pattern.dropFirst().dropLast())] = value
            } else if pattern != value {
                return nil
            }
        }
        return params
    }

    /// Runs the handler of the route matching `method` and `segments`; a handler's `SandboxFailure`
    /// becomes its error answer. `render` shapes errors as the emulated API does; a path served for
    /// another method is 405, an unknown path 404.
    public static func dispatch<Handler>(_ routes: [(Route, Handler)], method: String, segments: [String], path: String,
                                  render: (Int, String) -> SandboxResponse,
                                  run: (Handler, [String: String]) throws -> SandboxResponse) -> SandboxResponse {
        var pathMatched = false
        for (route, handler) in routes {
            if route.match(method: route.method, segments: segments) != nil { pathMatched = true }
            guard let params = route.match(method: method, segments: segments) else { continue }
            do {
                return try run(handler, params)
            } catch let failure as SandboxFailure {
                return render(failure.status, failure.message)
            } catch {
                return render(500, "internal error")
            }
        }
        return pathMatched ? render(405, "method not allowed") : render(404, "no such endpoint: \(method) \(path)")
    }

    /// The decoded segments of a path.
    public static func segments(of path: String) -> [String] {
        path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
    }
}

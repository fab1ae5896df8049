import Foundation
import SandboxCore
import VMCtlSupport

/// An InfluxDB 3 Dedicated or Clustered cluster's data URL (its own listener, apart from the management
/// API), with the cluster's database tokens: a token writes only to databases it has `write` on (or `*`),
/// reads only where it has `read`; revoked or expired tokens get 401, a missing grant 403, a database the
/// cluster does not have 404.
/// - `POST /api/v2/write?bucket=DB[&precision=ns|us|ms|s]` (v2-compatible; `org` is ignored), line
///   protocol: 204; errors `{"code", "message"}`.
/// - `POST /write?db=DB[&precision=n|ns|u|us|ms|s|m|h]` (v1-compatible): 204; errors `{"error"}`.
/// - `GET` or `POST /query?db=DB&q=…[&epoch=ns|u|ms|s]` (InfluxQL over HTTP, v1-compatible): the v1
///   JSON answer `{"results": [{"statement_id", "series": [{"name", "columns", "values"}]}]}`.
/// Tokens come as `Authorization: Bearer …` or `Token …`, v1's `?p=…`, or Basic auth's password. The
/// InfluxQL understood: `SELECT * | col[, col…] FROM m [WHERE cond [AND cond…]] [ORDER BY time [ASC|DESC]]
/// [LIMIT n]`, where a condition is `time <op> now() - 1h`, `time <op> 'RFC3339'` or `col = 'text'|number`;
/// and `SHOW MEASUREMENTS`. Points live in memory only.
public struct InfluxDB3DataEndpoints: Sendable {
    public let flavor: InfluxDB3Emulator.Flavor
    let store: PointStore

    public init(flavor: InfluxDB3Emulator.Flavor, store: PointStore) {
        self.flavor = flavor
        self.store = store
    }

    func storeKey(_ database: String) -> String { "\(flavor.name)/\(database)" }

    public func handle(_ request: SandboxRequest, cluster: InfluxDB3Cluster, now: Date) -> SandboxResponse {
        let v2 = request.path == "/api/v2/write"
        func fail(_ status: Int, _ message: String) -> SandboxResponse {
            v2 ? .json(status, .obj(["code": .string(Self.code(status)), "message": .string(message)]))
               : .json(status, .obj(["error": .string(message)]))
        }
        let direction: String
        switch (request.method, request.path) {
        case ("POST", "/api/v2/write"), ("POST", "/write"): direction = "write"
        case ("GET", "/query"), ("POST", "/query"): direction = "read"
        case (_, "/api/v2/write"), (_, "/write"), (_, "/query"): return fail(405, "method not allowed")
        default: return fail(404, "no such endpoint: \(request.method) \(request.path)")
        }
        var params = request.query
        if request.method == "POST", direction == "read",
           request.header("Content-Type")?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true {
            params.merge(HTTPServer.splitTarget("?" + request.bodyText).1) { $1 }
        }
        guard let secret = Self.token(request, params) else { return fail(401, "missing token: send Authorization: Bearer <database token>") }
        let nowText = now
        guard let token = cluster.tokens.first(where: { $0.accessToken == secret }), token.revokedAt == nil,
              token.expiresAt.flatMap(RFC3339.parse).map({ $0 > nowText }) ?? true else {
            return fail(401, "unauthorized: invalid, revoked or expired token")
        }
        guard let database = v2 ? params["bucket"] : params["db"], !database.isEmpty else {
            return fail(400, v2 ? "missing bucket: give ?bucket=DATABASE" : "database name required")
        }
        guard token.permissions.contains(where: { $0.action == direction && ($0.resource == database || $0.resource == "*") }) else {
            return fail(403, "this token may not \(direction) database \(database)")
        }
        guard cluster.databases.contains(where: { $0.name == database }) else { return fail(404, "database not found: \(database)") }
        if direction == "write" {
            let precisionName = params["precision"] ?? "ns"
            guard (v2 ? ["ns", "us", "ms", "s"] : ["n", "ns", "u", "us", "ms", "s", "m", "h"]).contains(precisionName),
                  let precision = LineProtocol.nanoseconds(perUnitOf: precisionName) else {
                return fail(400, "invalid precision \"\(precisionName)\"")
            }
            if let refusal = LineProtocol.encodingRefusal(request) { return fail(400, refusal) }
            do {
                store.append(try LineProtocol.parse(request.bodyText, precision: precision, now: now), to: storeKey(database))
            } catch let e as LineProtocol.ParseError {
                return fail(400, "parsing failed for write_lp endpoint: line \(e.line): \(e.reason)")
            } catch {
                return fail(400, "\(error)")
            }
            return .empty(204)
        }
        guard let q = params["q"], !q.isEmpty else { return fail(400, "missing required parameter \"q\"") }
        let epoch = params["epoch"]
        if let epoch, LineProtocol.nanoseconds(perUnitOf: epoch) == nil || epoch.isEmpty {
            return fail(400, "invalid epoch \"\(epoch)\": use ns, u, ms, s, m or h")
        }
        let statements: [InfluxQLStatement]
        do {
            statements = try InfluxQLStatement.parse(q, now: now)
        } catch let e as InfluxQLStatement.Unsupported {
            return fail(400, "error parsing query: \(e.message)")
        } catch {
            return fail(400, "error parsing query: \(error)")
        }
        let points = store.points(storeKey(database))
        let results = statements.enumerated().map { index, statement -> JSONValue in
            var members = [JSONMember("statement_id", .int(Int64(index)))]
            if let series = statement.run(points, epoch: epoch) { members.append(JSONMember("series", .array([series]))) }
            return .object(members)
        }
        return .json(200, .obj(["results": .array(results)]))
    }

    private static func code(_ status: Int) -> String {
        switch status {
        case 400: return "invalid"
        case 401: return "unauthorized"
        case 403: return "forbidden"
        case 404: return "not found"
        case 405: return "method not allowed"
        default: return "internal error"
        }
    }

    /// The token from `Authorization: Bearer|Token …`, Basic auth's password, or v1's `p` parameter.
    static func token(_ request: SandboxRequest, _ params: [String: String]) -> String? {
        if let header = request.header("Authorization") {
            if let token = InfluxData.token(in: header) { return token }
            if header.lowercased().hasPrefix("basic "), let data = Data(base64Encoded: String(header.dropFirst(6))),
               let pair = String(data: data, encoding: .utf8), let colon = pair.firstIndex(of: ":") {
                return String(pair[pair.index(after: colon)...])
            }
        }
        return params["p"].flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// One statement of the sandbox's InfluxQL subset.
enum InfluxQLStatement {
    case select(columns: [String]?, measurement: String, conditions: [Condition], descending: Bool, limit: Int?)
    case showMeasurements

    enum Condition {
        /// Nanoseconds: `time >`, `>=`, `<`, `<=`.
        case time(String, Int64)
        case equals(String, LinePoint.Value)
    }

    struct Unsupported: Error { var message: String }

    static let subset = "the sandbox understands SELECT * | col, … FROM m [WHERE time > now() - 1h AND col = 'v'] [ORDER BY time DESC] [LIMIT n], and SHOW MEASUREMENTS"

    /// Statements separated by `;`.
    static func parse(_ text: String, now: Date) throws -> [InfluxQLStatement] {
        try text.split(separator: ";").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            .map { try parseOne($0, now: now) }
    }

    private static func parseOne(_ text: String, now: Date) throws -> InfluxQLStatement {
        var words = tokens(text)
        func next() -> String? { words.isEmpty ? nil : words.removeFirst() }
        func keyword(_ k: String) -> Bool {
            guard let w = words.first, w.uppercased() == k else { return false }
            words.removeFirst()
            return true
        }
        if keyword("SHOW") {
            guard keyword("MEASUREMENTS"), words.isEmpty else { throw Unsupported(message: "\(text): \(subset)") }
            return .showMeasurements
        }
        guard keyword("SELECT") else { throw Unsupported(message: "\(text): \(subset)") }
        var columns: [String]? = []
        while let w = next(), w.uppercased() != "FROM" {
            if w == "," { continue }
            if w.contains("(") { throw Unsupported(message: "functions such as \(w) are not supported; \(subset)") }
            if w == "*" { columns = nil } else { columns?.append(identifier(w)) }
            if words.isEmpty { throw Unsupported(message: "missing FROM; \(subset)") }
        }
        guard let m = next() else { throw Unsupported(message: "missing measurement after FROM; \(subset)") }
        let measurement = identifier(m)
        var conditions: [Condition] = []
        if keyword("WHERE") {
            repeat {
                guard let column = next().map(identifier), let op = next(), let value = next() else {
                    throw Unsupported(message: "incomplete WHERE; \(subset)")
                }
                if column == "time" {
                    guard [">", ">=", "<", "<="].contains(op) else { throw Unsupported(message: "time takes >, >=, < or <=; \(subset)") }
                    let nowNanos = Int64(now.timeIntervalSince1970 * 1e9)
                    var t: Int64
                    if value.lowercased() == "now()" {
                        t = nowNanos
                        if let sign = words.first, sign == "-" || sign == "+" {
                            words.removeFirst()
                            guard let d = next().flatMap(InfluxData.duration) else { throw Unsupported(message: "cannot read the duration after now(); \(subset)") }
                            t += sign == "-" ? -d : d
                        }
                    } else if value.hasPrefix("'"), let date = RFC3339.parse(String(value.dropFirst().dropLast())) {
                        t = Int64(date.timeIntervalSince1970 * 1e9)
                    } else {
                        throw Unsupported(message: "cannot read the time \(value); \(subset)")
                    }
                    conditions.append(.time(op, t))
                } else {
                    guard op == "=" else { throw Unsupported(message: "columns other than time take = only; \(subset)") }
                    if value.hasPrefix("'") {
                        conditions.append(.equals(column, .string(String(value.dropFirst().dropLast()))))
                    } else if let d = Double(value) {
                        conditions.append(.equals(column, .float(d)))
                    } else if ["true", "false"].contains(value.lowercased()) {
                        conditions.append(.equals(column, .boolean(value.lowercased() == "true")))
                    } else {
                        throw Unsupported(message: "cannot read the value \(value); \(subset)")
                    }
                }
            } while keyword("AND")
        }
        var descending = false
        if keyword("ORDER") {
            guard keyword("BY"), keyword("TIME") else { throw Unsupported(message: "ORDER BY takes time only; \(subset)") }
            if keyword("DESC") { descending = true } else { _ = keyword("ASC") }
        }
        var limit: Int?
        if keyword("LIMIT") {
            guard let n = next().flatMap({ Int($0) }), n >= 0 else { throw Unsupported(message: "LIMIT takes a number; \(subset)") }
            limit = n
        }
        guard words.isEmpty else { throw Unsupported(message: "unexpected \(words.joined(separator: " ")); \(subset)") }
        return .select(columns: columns, measurement: measurement, conditions: conditions, descending: descending, limit: limit)
    }

    /// Words, operators, commas and quoted strings ('…' kept with their quotes; "…" identifiers too).
    private static func tokens(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        var quote: Character?
        func flush() { if !current.isEmpty { out.append(current); current = "" } }
        for c in text {
            if let q = quote {
                current.append(c)
                if c == q { quote = nil; flush() }
                continue
            }
            switch c {
            case "'", "\"": flush(); quote = c; current.append(c)
            case " ", "\t", "\n", "\r": flush()
            case ",", "*", "-", "+": flush(); out.append(String(c))
            case "=", ">", "<":
                if let last = current.last, last == ">" || last == "<" { current.append(c); flush() } else { flush(); current.append(c) }
            default:
                if let last = current.last, "=<>".contains(last) { flush() }
                current.append(c)
            }
        }
        flush()
        return out
    }

    private static func identifier(_ word: String) -> String {
        word.count >= 2 && word.hasPrefix("\"") && word.hasSuffix("\"") ? String(word.dropFirst().dropLast()) : word
    }

    /// The v1 series object answering this statement; nil when there are no rows.
    func run(_ points: [LinePoint], epoch: String?) -> JSONValue? {
        switch self {
        case .showMeasurements:
            let names = Set(points.map(\.measurement)).sorted()
            guard !names.isEmpty else { return nil }
            return .obj(["name": "measurements", "columns": .array(["name"]), "values": .array(names.map { .array([.string($0)]) })])
        case let .select(columns, measurement, conditions, descending, limit):
            var rows = points.filter { p in
                p.measurement == measurement && conditions.allSatisfy { condition in
                    switch condition {
                    case let .time(op, t):
                        switch op {
                        case ">": return p.time > t
                        case ">=": return p.time >= t
                        case "<": return p.time < t
                        default: return p.time <= t
                        }
                    case let .equals(column, value):
                        if let tag = p.tag(column) { return value == .string(tag) }
                        guard let field = p.fields.first(where: { $0.0 == column })?.1 else { return false }
                        switch (field, value) {
                        case let (.integer(i), .float(d)): return Double(i) == d
                        case let (.unsigned(u), .float(d)): return Double(u) == d
                        default: return field == value
                        }
                    }
                }
            }
            rows.sort { descending ? $0.time > $1.time : $0.time < $1.time }
            if let limit { rows = Array(rows.prefix(limit)) }
            guard !rows.isEmpty else { return nil }
            // SELECT * lists every field and tag, sorted together by name, as InfluxDB 1.x does.
            let names = columns ?? Set(rows.flatMap { $0.fields.map(\.0) + $0.tags.map(\.0) }).sorted()
            let values: [JSONValue] = rows.map { p in
                let time: JSONValue = epoch.flatMap(LineProtocol.nanoseconds(perUnitOf:)).map { .int(p.time / $0) }
                    ?? .string(LineProtocol.formatTime(p.time))
                return .array([time] + names.map { name in
                    if let field = p.fields.first(where: { $0.0 == name })?.1 { return Self.json(field) }
                    return p.tag(name).map(JSONValue.string) ?? .null
                })
            }
            return .obj(["name": .string(measurement), "columns": .array((["time"] + names).map(JSONValue.string)), "values": .array(values)])
        }
    }

    private static func json(_ value: LinePoint.Value) -> JSONValue {
        switch value {
        case .float(let d): return .double(d)
        case .integer(let i): return .int(i)
        case .unsigned(let u): return u <= UInt64(Int64.max) ? .int(Int64(u)) : .double(Double(u))
        case .string(let s): return .string(s)
        case .boolean(let b): return .bool(b)
        }
    }
}

import Foundation
import SandboxCore
import VMCtlSupport

/// InfluxDB 2's data endpoints beside its management API (same URL, same tokens), with OSS's checks:
/// - `POST /api/v2/write?org=ORG|orgID=ID&bucket=NAME|ID[&precision=ns|us|ms|s]`, line protocol in the
///   body (not gzip): 204; a token without write on the bucket gets 403 `insufficient permissions for write`.
/// - `POST /api/v2/query?org=ORG|orgID=ID`, a JSON body `{"query": "..."}` or raw Flux
///   (`application/vnd.flux`): annotated CSV of the points written, one table per series and field.
///   A token without read on the bucket gets 401, as OSS's authorizer answers.
/// The Flux understood is a subset: `from(bucket: "B") |> range(start: -1h[, stop: …])`, then any of
/// `|> filter(fn: (r) => r._measurement == "m" and r._field == "f" and r.tag == "v" and r["tag"] == "v")`,
/// `|> limit(n: N)` and `|> yield(...)`; and `buckets() [|> limit(n: N)]`, the org's buckets the token may
/// read (perhaps none: any active token may ask). Anything else is 400 saying so. Points live in memory only.
public struct InfluxDB2DataEndpoints: Sendable {
    typealias Failure = InfluxDB2Emulator.Failure
    let store: PointStore

    public init(store: PointStore) {
        self.store = store
    }

    /// Answers the two data paths; nil for any other path.
    public func handle(_ request: SandboxRequest, state: InfluxDB2State, now: Date) -> SandboxResponse? {
        guard request.path == "/api/v2/write" || request.path == "/api/v2/query" else { return nil }
        guard request.method == "POST" else { return Failure(code: "method not allowed", message: "method not allowed").response }
        guard let token = InfluxData.token(in: request.header("Authorization")),
              let caller = state.authorizations.first(where: { $0.token == token }) else {
            return Failure.unauthorized("unauthorized access").response
        }
        do {
            guard caller.status == "active" else { throw Failure.unauthorized("token is inactive") }
            let org = try organization(request, state)
            return request.path == "/api/v2/write" ? try write(request, caller, org, state, now) : try query(request, caller, org, state, now)
        } catch let failure as Failure {
            return failure.response
        } catch {
            return Failure.internalError("\(error)").response
        }
    }

    private func organization(_ request: SandboxRequest, _ state: InfluxDB2State) throws -> InfluxDB2State.Named {
        if let id = request.query["orgID"], !id.isEmpty {
            guard let org = state.orgs.first(where: { $0.id == id }) else { throw Failure.notFound("organization not found") }
            return org
        }
        guard let name = request.query["org"], !name.isEmpty else { throw Failure.invalid("Please provide either orgID or org") }
        guard let org = state.orgs.first(where: { $0.name == name || $0.id == name }) else {
            throw Failure.notFound("organization name \"\(name)\" not found")
        }
        return org
    }

    static func storeKey(_ bucket: InfluxDB2State.Bucket) -> String { "influxdb2/\(bucket.id)" }

    private func write(_ request: SandboxRequest, _ caller: InfluxDB2State.Authorization, _ org: InfluxDB2State.Named,
                       _ state: InfluxDB2State, _ now: Date) throws -> SandboxResponse {
        guard let name = request.query["bucket"], !name.isEmpty else { throw Failure.notFound("bucket not found") }
        guard let bucket = state.buckets.first(where: { $0.orgID == org.id && ($0.name == name || $0.id == name) }) else {
            throw Failure.notFound("bucket \"\(name)\" not found")
        }
        let wanted = InfluxDB2Emulator.permission("write", "buckets", id: bucket.id, orgID: org.id)
        guard InfluxDB2Emulator.permits(caller, wanted) else { throw Failure.forbidden("insufficient permissions for write") }
        let precisionName = request.query["precision"] ?? "ns"
        guard ["ns", "us", "ms", "s"].contains(precisionName), let precision = LineProtocol.nanoseconds(perUnitOf: precisionName) else {
            throw Failure.invalid("invalid precision \"\(precisionName)\": use ns, us, ms or s")
        }
        if let refusal = LineProtocol.encodingRefusal(request) { throw Failure.invalid(refusal) }
        do {
            store.append(try LineProtocol.parse(request.bodyText, precision: precision, now: now), to: Self.storeKey(bucket))
        } catch let e as LineProtocol.ParseError {
            throw Failure.invalid("unable to parse '\(e.text)': \(e.reason)")
        }
        return .empty(204)
    }

    private func query(_ request: SandboxRequest, _ caller: InfluxDB2State.Authorization, _ org: InfluxDB2State.Named,
                       _ state: InfluxDB2State, _ now: Date) throws -> SandboxResponse {
        let text: String
        if request.header("Content-Type")?.lowercased().hasPrefix("application/vnd.flux") == true {
            text = request.bodyText
        } else {
            guard let body = try? JSONParser.parse(request.body), let q = body["query"]?.stringValue else {
                throw Failure.invalid("failed to decode request body: the body must be a JSON object with a query")
            }
            if let type = body["type"]?.stringValue, type != "flux" { throw Failure.invalid("the sandbox answers Flux queries only, not \(type)") }
            text = q
        }
        if let limit = try FluxQuery.bucketsLimit(text) {
            let readable = state.buckets.filter { $0.orgID == org.id && InfluxDB2Emulator.permits(caller, InfluxDB2Emulator.readPermission($0)) }
            return .text(200, FluxCSV.buckets(Array(readable.prefix(limit ?? readable.count))), contentType: "text/csv; charset=utf-8")
        }
        let flux: FluxQuery
        do {
            flux = try FluxQuery.parse(text, now: now)
        } catch let e as FluxQuery.Unsupported {
            throw Failure.invalid("compilation failed: \(e.message)")
        }
        guard let bucket = state.buckets.first(where: { $0.orgID == org.id && $0.name == flux.bucket }) else {
            throw Failure.notFound("failed to initialize execute state: could not find bucket \"\(flux.bucket)\"")
        }
        try InfluxDB2Emulator.authorize(caller, InfluxDB2Emulator.readPermission(bucket))
        let csv = FluxCSV.encode(flux.run(store.points(Self.storeKey(bucket))), start: flux.start, stop: flux.stop)
        return .text(200, csv, contentType: "text/csv; charset=utf-8")
    }
}

/// The sandbox's Flux subset: one `from |> range` pipeline with equality filters.
struct FluxQuery: Equatable {
    var bucket: String
    /// Nanoseconds; start inclusive, stop exclusive.
    var start: Int64
    var stop: Int64
    /// Column name (`_measurement`, `_field` or a tag) to the value it must equal; all must hold.
    var equals: [String: String] = [:]
    var limit: Int?

    struct Unsupported: Error { var message: String }

    static let subset = "the sandbox understands from(bucket:) |> range(start:, stop:) |> filter(fn: (r) => r.col == \"v\" and …) |> limit(n:), and buckets() |> limit(n:)"

    static func parse(_ text: String, now: Date) throws -> FluxQuery {
        let nowNanos = Int64(now.timeIntervalSince1970 * 1e9)
        let calls = text.components(separatedBy: "|>").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        func arguments(_ call: String, _ name: String) throws -> String {
            guard call.hasPrefix(name), case let rest = call.dropFirst(name.count).trimmingCharacters(in: .whitespaces),
                  rest.hasPrefix("("), rest.hasSuffix(")") else {
                throw Unsupported(message: "expected \(name)(…), found \"\(call)\"; \(subset)")
            }
            return String(rest.dropFirst().dropLast())
        }
        func named(_ args: String) -> [String: String] {
            var out: [String: String] = [:]
            for part in args.split(separator: ",") {
                let kv = part.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if kv.count == 2 { out[kv[0]] = kv[1] }
            }
            return out
        }
        guard calls.count >= 2 else { throw Unsupported(message: "a query needs from() |> range(); \(subset)") }
        guard let bucket = named(try arguments(calls[0], "from"))["bucket"].flatMap(unquote) else {
            throw Unsupported(message: "from() needs bucket: \"name\"; \(subset)")
        }
        let range = named(try arguments(calls[1], "range"))
        guard let startText = range["start"], let start = time(startText, now: nowNanos) else {
            throw Unsupported(message: "range() needs start: a relative duration such as -1h, an RFC 3339 time or 0; \(subset)")
        }
        var stop = nowNanos
        if let stopText = range["stop"] {
            guard let t = time(stopText, now: nowNanos) else { throw Unsupported(message: "cannot read stop: \(stopText); \(subset)") }
            stop = t
        }
        var query = FluxQuery(bucket: bucket, start: start, stop: stop)
        for call in calls.dropFirst(2) {
            if call.hasPrefix("filter") {
                let args = try arguments(call, "filter")
                guard let arrow = args.range(of: "=>"), args[..<arrow.lowerBound].replacingOccurrences(of: " ", with: "") == "fn:(r)" else {
                    throw Unsupported(message: "filter() needs fn: (r) => …; \(subset)")
                }
                for condition in args[arrow.upperBound...].components(separatedBy: " and ") {
                    let sides = condition.components(separatedBy: "==").map { $0.trimmingCharacters(in: .whitespaces) }
                    guard sides.count == 2, let column = column(sides[0]), let value = unquote(sides[1]) else {
                        throw Unsupported(message: "cannot read the condition \"\(condition.trimmingCharacters(in: .whitespaces))\"; \(subset)")
                    }
                    query.equals[column] = value
                }
            } else if call.hasPrefix("limit") {
                guard let n = named(try arguments(call, "limit"))["n"].flatMap({ Int($0) }), n >= 0 else {
                    throw Unsupported(message: "limit() needs n: a number; \(subset)")
                }
                query.limit = n
            } else if call.hasPrefix("yield") {
                continue
            } else {
                throw Unsupported(message: "\"\(call)\" is not supported; \(subset)")
            }
        }
        return query
    }

    /// For `buckets()` optionally followed by `|> limit(n: N)` (and `|> yield()`): `.some(N)` or `.some(nil)`
    /// without a limit; nil for any other query.
    static func bucketsLimit(_ text: String) throws -> Int?? {
        let calls = text.components(separatedBy: "|>").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard calls.first?.replacingOccurrences(of: " ", with: "") == "buckets()" else { return nil }
        var limit: Int?
        for call in calls.dropFirst() {
            let compact = call.replacingOccurrences(of: " ", with: "")
            if compact.hasPrefix("limit(n:"), compact.hasSuffix(")"), let n = Int(compact.dropFirst("limit(n:".count).dropLast()), n >= 0 {
                limit = n
            } else if !compact.hasPrefix("yield(") {
                throw InfluxDB2Emulator.Failure.invalid("compilation failed: \"\(call)\" after buckets() is not supported; \(subset)")
            }
        }
        return .some(limit)
    }

    private static func unquote(_ text: String) -> String? {
        guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else { return nil }
        return String(text.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
    }

    /// `r.name` or `r["name"]`.
    private static func column(_ text: String) -> String? {
        if text.hasPrefix("r[") && text.hasSuffix("]") { return unquote(String(text.dropFirst(2).dropLast())) }
        if text.hasPrefix("r."), text.count > 2 { return String(text.dropFirst(2)) }
        return nil
    }

    /// `-1h30m`, `-5m`, `now()`, `0`, or an RFC 3339 time.
    private static func time(_ text: String, now: Int64) -> Int64? {
        if text == "now()" { return now }
        if text == "0" { return 0 }
        if let date = RFC3339.parse(text) { return Int64(date.timeIntervalSince1970 * 1e9) }
        guard let offset = InfluxData.duration(text) else { return nil }
        return now + offset
    }

    /// One Flux table: a series' field.
    struct Table {
        var measurement: String
        var field: String
        var tags: [(String, String)]
        var rows: [(Int64, LinePoint.Value)]
    }

    /// The points in range that pass the filters, one table per measurement, tag set and field, in group-key order.
    func run(_ points: [LinePoint]) -> [Table] {
        var tables: [String: Table] = [:]
        for p in points where p.time >= start && p.time < stop {
            for (field, value) in p.fields {
                let columns = Dictionary(p.tags, uniquingKeysWith: { a, _ in a }).merging(["_measurement": p.measurement, "_field": field]) { $1 }
                guard equals.allSatisfy({ columns[$0.key] == $0.value }) else { continue }
                let key = ([p.measurement, field] + p.tags.flatMap { [$0.0, $0.1] }).joined(separator: "\u{0}")
                tables[key, default: Table(measurement: p.measurement, field: field, tags: p.tags, rows: [])].rows.append((p.time, value))
            }
        }
        return tables.keys.sorted().map { key in
            var t = tables[key]!
            t.rows.sort { $0.0 < $1.0 }
            if let limit { t.rows = Array(t.rows.prefix(limit)) }
            return t
        }
    }
}

/// Flux's annotated CSV, as InfluxDB 2 answers `/api/v2/query` with its default dialect: a
/// `#datatype`, `#group` and `#default` block and a header whenever the columns change, CRLF line ends.
enum FluxCSV {
    /// The table `buckets()` returns: one row per bucket.
    static func buckets(_ buckets: [InfluxDB2State.Bucket]) -> String {
        var out = "#datatype,string,long,string,string,string,string,long\r\n#group,false,false,false,false,false,false,false\r\n"
        out += "#default,_result,,,,,,\r\n,result,table,name,id,organizationID,retentionPolicy,retentionPeriod\r\n"
        for b in buckets {
            out += "," + ["", "0", b.name, b.id, b.orgID, "", String(b.everySeconds * 1_000_000_000)].map(escape).joined(separator: ",") + "\r\n"
        }
        return out + "\r\n"
    }

    static func encode(_ tables: [FluxQuery.Table], start: Int64, stop: Int64) -> String {
        var out = ""
        var schema: [String]?
        for (index, table) in tables.enumerated() {
            let type = dataType(table.rows.first?.1 ?? .float(0))
            let columns = ["result", "table", "_start", "_stop", "_time", "_value", "_field", "_measurement"] + table.tags.map(\.0)
            let thisSchema = columns + [type]
            if schema != thisSchema {
                if schema != nil { out += "\r\n" }
                schema = thisSchema
                let types = ["string", "long", "dateTime:RFC3339", "dateTime:RFC3339", "dateTime:RFC3339", type, "string", "string"]
                    + table.tags.map { _ in "string" }
                let group = ["false", "false", "true", "true", "false", "false", "true", "true"] + table.tags.map { _ in "true" }
                out += "#datatype," + types.joined(separator: ",") + "\r\n"
                out += "#group," + group.joined(separator: ",") + "\r\n"
                out += "#default,_result" + String(repeating: ",", count: columns.count - 1) + "\r\n"
                out += "," + columns.joined(separator: ",") + "\r\n"
            }
            for (time, value) in table.rows {
                let cells = ["", String(index), LineProtocol.formatTime(start), LineProtocol.formatTime(stop), LineProtocol.formatTime(time),
                             text(value), table.field, table.measurement] + table.tags.map(\.1)
                out += "," + cells.map(escape).joined(separator: ",") + "\r\n"
            }
        }
        return out + "\r\n"
    }

    static func dataType(_ value: LinePoint.Value) -> String {
        switch value {
        case .float: return "double"
        case .integer: return "long"
        case .unsigned: return "unsignedLong"
        case .string: return "string"
        case .boolean: return "boolean"
        }
    }

    static func text(_ value: LinePoint.Value) -> String {
        switch value {
        case .float(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        case .integer(let i): return String(i)
        case .unsigned(let u): return String(u)
        case .string(let s): return s
        case .boolean(let b): return b ? "true" : "false"
        }
    }

    private static func escape(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

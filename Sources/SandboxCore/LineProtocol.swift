import Foundation
import VMCtlSupport

/// One point of InfluxDB line protocol.
public struct LinePoint: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case float(Double)
        case integer(Int64)
        case unsigned(UInt64)
        case string(String)
        case boolean(Bool)
    }

    public var measurement: String
    /// Sorted by key.
    public var tags: [(String, String)]
    /// In the order written.
    public var fields: [(String, Value)]
    /// Nanoseconds since the epoch.
    public var time: Int64

    public static func == (a: LinePoint, b: LinePoint) -> Bool {
        a.measurement == b.measurement && a.time == b.time && a.tags.map(\.0) == b.tags.map(\.0) && a.tags.map(\.1) == b.tags.map(\.1)
            && a.fields.map(\.0) == b.fields.map(\.0) && a.fields.map(\.1) == b.fields.map(\.1)
    }

    public func tag(_ key: String) -> String? { tags.first { $0.0 == key }?.1 }
}

/// Parses line protocol (https://docs.influxdata.com/influxdb/v2/reference/syntax/line-protocol/):
/// `measurement[,tag=value…] field=value[,field=value…] [timestamp]`, with backslash escapes, quoted
/// string fields, `i`/`u` integer suffixes, booleans, `#` comments and blank lines.
public enum LineProtocol {
    public struct ParseError: Error, Equatable {
        public var line: Int
        public var text: String
        public var reason: String
    }

    /// Nanoseconds per unit of each precision name, in both the v2 (`ns`, `us`, `ms`, `s`) and v1 (`n`, `u`, `ms`, `s`, `m`, `h`) spellings.
    public static func nanoseconds(perUnitOf precision: String) -> Int64? {
        switch precision {
        case "ns", "n", "": return 1
        case "us", "u", "µ": return 1_000
        case "ms": return 1_000_000
        case "s": return 1_000_000_000
        case "m": return 60_000_000_000
        case "h": return 3_600_000_000_000
        default: return nil
        }
    }

    /// Why a write's body cannot be read: it came compressed (a `Content-Encoding` other than `identity`),
    /// and the sandbox reads line protocol uncompressed only; nil when it can be read.
    public static func encodingRefusal(_ request: SandboxRequest) -> String? {
        guard let encoding = request.header("Content-Encoding")?.lowercased(), encoding != "identity" else { return nil }
        return "the sandbox does not decode Content-Encoding \(encoding): send line protocol uncompressed"
    }

    /// All points of `text`, or the first line that fails; points without a timestamp get `now`.
    public static func parse(_ text: String, precision: Int64, now: Date) throws -> [LinePoint] {
        let nowNanos = Int64(now.timeIntervalSince1970 * 1e9)
        var points: [LinePoint] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw[...]
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            do {
                points.append(try parseLine(Array(trimmed.unicodeScalars), precision: precision, now: nowNanos))
            } catch let reason as Reason {
                throw ParseError(line: index + 1, text: String(trimmed), reason: reason.text)
            }
        }
        return points
    }

    private struct Reason: Error { var text: String }

    private static func parseLine(_ s: [Unicode.Scalar], precision: Int64, now: Int64) throws -> LinePoint {
        var i = 0
        /// Reads up to an unescaped character of `stops`; backslash escapes the characters in `escapable`.
        func token(until stops: Set<Unicode.Scalar>, escapable: Set<Unicode.Scalar>) -> String {
            var out = String.UnicodeScalarView()
            while i < s.count, !stops.contains(s[i]) {
                if s[i] == "\\", i + 1 < s.count, escapable.contains(s[i + 1]) {
                    out.append(s[i + 1])
                    i += 2
                } else {
                    out.append(s[i])
                    i += 1
                }
            }
            return String(out)
        }
        let measurement = token(until: [",", " "], escapable: [",", " ", "\\"])
        guard !measurement.isEmpty else { throw Reason(text: "missing measurement") }
        var tags: [(String, String)] = []
        while i < s.count, s[i] == "," {
            i += 1
            let key = token(until: ["=", ",", " "], escapable: [",", "=", " ", "\\"])
            guard i < s.count, s[i] == "=", !key.isEmpty else { throw Reason(text: "missing tag key") }
            i += 1
            let value = token(until: [",", " "], escapable: [",", "=", " ", "\\"])
            guard !value.isEmpty else { throw Reason(text: "missing tag value") }
            tags.append((key, value))
        }
        guard i < s.count, s[i] == " " else { throw Reason(text: "missing fields") }
        while i < s.count, s[i] == " " { i += 1 }
        var fields: [(String, LinePoint.Value)] = []
        repeat {
            if !fields.isEmpty { i += 1 }
            let key = token(until: ["=", ",", " "], escapable: [",", "=", " ", "\\"])
            guard !key.isEmpty, i < s.count, s[i] == "=" else { throw Reason(text: "missing field key") }
            i += 1
            if i < s.count, s[i] == "\"" {
                i += 1
                var out = String.UnicodeScalarView()
                while i < s.count, s[i] != "\"" {
                    if s[i] == "\\", i + 1 < s.count, s[i + 1] == "\"" || s[i + 1] == "\\" { i += 1 }
                    out.append(s[i])
                    i += 1
                }
                guard i < s.count else { throw Reason(text: "unterminated string field value") }
                i += 1
                fields.append((key, .string(String(out))))
            } else {
                let raw = token(until: [",", " "], escapable: [])
                guard let value = fieldValue(raw) else { throw Reason(text: "invalid field value \"\(raw)\" for \(key)") }
                fields.append((key, value))
            }
        } while i < s.count && s[i] == ","
        var time = now
        while i < s.count, s[i] == " " { i += 1 }
        if i < s.count {
            let raw = String(String.UnicodeScalarView(s[i...])).trimmingCharacters(in: .whitespaces)
            guard let stamp = Int64(raw) else { throw Reason(text: "invalid timestamp \"\(raw)\"") }
            let (scaled, overflow) = stamp.multipliedReportingOverflow(by: precision)
            guard !overflow else { throw Reason(text: "timestamp \(raw) out of range") }
            time = scaled
        }
        return LinePoint(measurement: measurement, tags: tags.sorted { $0.0 < $1.0 }, fields: fields, time: time)
    }

    private static func fieldValue(_ raw: String) -> LinePoint.Value? {
        switch raw {
        case "t", "T", "true", "True", "TRUE": return .boolean(true)
        case "f", "F", "false", "False", "FALSE": return .boolean(false)
        default: break
        }
        if raw.hasSuffix("i") { return Int64(raw.dropLast()).map(LinePoint.Value.integer) }
        if raw.hasSuffix("u") { return UInt64(raw.dropLast()).map(LinePoint.Value.unsigned) }
        guard let first = raw.unicodeScalars.first, "+-.0123456789".unicodeScalars.contains(first), let d = Double(raw), d.isFinite else { return nil }
        return .float(d)
    }

    /// RFC 3339 with nanoseconds, trailing zeros dropped, as InfluxDB writes times.
    public static func formatTime(_ nanos: Int64) -> String {
        let seconds = nanos >= 0 ? nanos / 1_000_000_000 : (nanos - 999_999_999) / 1_000_000_000
        let fraction = nanos - seconds * 1_000_000_000
        var out = RFC3339.format(Date(timeIntervalSince1970: TimeInterval(seconds)))
        if out.hasSuffix("Z") { out.removeLast() }
        if let dot = out.firstIndex(of: ".") { out = String(out[..<dot]) }
        if fraction != 0 {
            var digits = String(fraction)
            digits = String(repeating: "0", count: 9 - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            out += "." + digits
        }
        return out + "Z"
    }
}

/// Points written through the sandbox's InfluxDB data endpoints, in memory only (never in `--state`),
/// by a key naming the product, cluster and bucket or database.
public final class PointStore: @unchecked Sendable {
    private let lock = NSLock()
    private var points: [String: [LinePoint]] = [:]

    public init() {}

    public func append(_ new: [LinePoint], to key: String) {
        lock.withLock {
            var list = points[key, default: []]
            // A point with the same series and time replaces the fields it names, as in InfluxDB.
            for point in new {
                if let i = list.firstIndex(where: { $0.measurement == point.measurement && $0.time == point.time
                                                    && $0.tags.map(\.0) == point.tags.map(\.0) && $0.tags.map(\.1) == point.tags.map(\.1) }) {
                    for (name, value) in point.fields {
                        if let j = list[i].fields.firstIndex(where: { $0.0 == name }) { list[i].fields[j].1 = value } else { list[i].fields.append((name, value)) }
                    }
                } else {
                    list.append(point)
                }
            }
            points[key] = list
        }
    }

    public func points(_ key: String) -> [LinePoint] { lock.withLock { points[key] ?? [] } }
}

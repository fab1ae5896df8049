import Foundation

/// Parses and prints durations the way people type them: `30s`, `2m`, `90d`, `1y6mo`, `2.5d`.
/// Each caller names the units it accepts, because `m` means minutes to one API and months to another.
public struct DurationUnits: Sendable {
    /// Unit suffix and its length in seconds, e.g. ("mo", 2_592_000).
    public let units: [(suffix: String, seconds: Double)]

    public init(_ units: [(String, Double)]) {
        // Longest suffix first, so "mo" wins over "m" and "ms" over "m".
        self.units = units.map { (suffix: $0.0, seconds: $0.1) }.sorted { $0.suffix.count > $1.suffix.count }
    }

    public var suffixes: String { units.map(\.suffix).sorted { a, b in seconds(a) < seconds(b) }.joined(separator: ", ") }

    private func seconds(_ suffix: String) -> Double { units.first { $0.suffix == suffix }?.seconds ?? 0 }

    /// Request timeouts: `500ms`, `30s`, `2m`, `1h`.
    public static let timeout = DurationUnits([("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)])
    /// InfluxDB 3 retention periods, as influxctl takes them: `m h d w mo y` (m is minutes, mo 30 days).
    public static let retention = DurationUnits([("m", 60), ("h", 3600), ("d", 86400), ("w", 604_800),
                                                ("mo", 2_592_000), ("y", 31_536_000)])
    /// How retention periods are shown: years and days, never the ambiguous months and weeks
    /// (`30d` stays `30d` rather than becoming `1mo`; `1y6mo` shows as `1y180d`).
    public static let retentionDisplay = DurationUnits([("m", 60), ("h", 3600), ("d", 86400), ("y", 31_536_000)])
    /// Lifetimes such as `--expires-in`: `s m h d w mo y`.
    public static let lifetime = DurationUnits([("s", 1), ("m", 60), ("h", 3600), ("d", 86400), ("w", 604_800),
                                               ("mo", 2_592_000), ("y", 31_536_000)])
}

public enum HumanDuration {
    /// The longest duration accepted, about 3,000 years: beyond it dates and counts stop being representable.
    public static let maximumSeconds = 1e11

    /// Parses a sequence of number+unit parts (`1y6mo`, `2.5d`) into seconds, or nil when it is not one
    /// (or is longer than `maximumSeconds`).
    public static func parse(_ text: String, units: DurationUnits) -> Double? {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        guard !rest.isEmpty else { return nil }
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, let value = Double(number), value.isFinite else { return nil }
            rest = rest.dropFirst(number.count)
            guard let unit = units.units.first(where: { rest.hasPrefix($0.suffix) }) else { return nil }
            rest = rest.dropFirst(unit.suffix.count)
            total += value * unit.seconds
            if total > maximumSeconds { return nil }
        }
        return total
    }

    /// Prints seconds with the largest units first (`1y6mo`, `2h30m`); `parse` reads the result back.
    public static func format(seconds: Double, units: DurationUnits) -> String {
        if seconds == 0 { return "0" }
        var remaining = seconds
        var out = ""
        for unit in units.units.sorted(by: { $0.seconds > $1.seconds }) where remaining >= unit.seconds {
            let count = (remaining / unit.seconds).rounded(.down)
            remaining -= count * unit.seconds
            out += "\(Int64(count))\(unit.suffix)"
            if remaining < 1e-9 { break }
        }
        return out.isEmpty ? "\(seconds)s" : out
    }
}

import Foundation

/// What the InfluxDB 2 and InfluxDB 3 emulators read the same way, so that neither borrows from the other.
public enum InfluxData {
    /// The token of an `Authorization: Token …` or `Bearer …` header (the scheme in any case, as InfluxDB
    /// OSS reads it; the InfluxDB 3 data endpoints take both schemes too).
    public static func token(in header: String?) -> String? {
        guard let header else { return nil }
        for scheme in ["token ", "bearer "] where header.lowercased().hasPrefix(scheme) && header.count > scheme.count {
            return String(header.dropFirst(scheme.count))
        }
        return nil
    }

    /// A Flux duration literal such as `-1h30m` or `10s`, in nanoseconds; the InfluxQL subset reads the
    /// duration in `now() - 1h` with it too.
    public static func duration(_ text: String) -> Int64? {
        var rest = Substring(text)
        var sign: Int64 = 1
        if rest.hasPrefix("-") { sign = -1; rest = rest.dropFirst() }
        let units: [(String, Int64)] = [("ns", 1), ("us", 1_000), ("ms", 1_000_000), ("s", 1_000_000_000), ("mo", 2_592_000_000_000_000),
                                        ("m", 60_000_000_000), ("h", 3_600_000_000_000), ("d", 86_400_000_000_000),
                                        ("w", 604_800_000_000_000), ("y", 31_536_000_000_000_000)]
        var total: Int64 = 0
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard let n = Int64(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            guard let (unit, size) = units.first(where: { rest.hasPrefix($0.0) }) else { return nil }
            rest = rest.dropFirst(unit.count)
            total += n * size
        }
        return sign * total
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// RFC 3339 timestamps: strict parsing of what servers and users send, and one canonical form vmctl prints.
public enum RFC3339 {
    /// Parses `2026-11-23T18:57:07Z`, with optional fractional seconds and a `Z` or `±hh:mm` offset.
    public static func parse(_ text: String) -> Date? {
        let b = Array(text.utf8)
        func digits(_ at: Int, _ count: Int) -> Int? {
            guard at + count <= b.count else { return nil }
            var v = 0
            for i in at..<at + count {
                guard b[i] >= 48 && b[i] <= 57 else { return nil }
                v = v * 10 + Int(b[i] - 48)
            }
            return v
        }
        guard b.count >= 20,
              let year = digits(0, 4), b[4] == UInt8(ascii: "-"),
              let month = digits(5, 2), b[7] == UInt8(ascii: "-"),
              let day = digits(8, 2), b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == UInt8(ascii: " "),
              let hour = digits(11, 2), b[13] == UInt8(ascii: ":"),
              let minute = digits(14, 2), b[16] == UInt8(ascii: ":"),
              let second = digits(17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var i = 19
        var fraction = 0.0
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            var scale = 0.1
            let start = i
            while i < b.count, b[i] >= 48 && b[i] <= 57 {
                fraction += Double(b[i] - 48) * scale
                scale /= 10
                i += 1
            }
            guard i > start else { return nil }
        }
        guard i < b.count else { return nil }
        var offset = 0
        switch b[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            i += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard let oh = digits(i + 1, 2), i + 3 < b.count, b[i + 3] == UInt8(ascii: ":"), let om = digits(i + 4, 2),
                  oh < 24, om < 60 else { return nil }
            offset = (oh * 3600 + om * 60) * (b[i] == UInt8(ascii: "-") ? -1 : 1)
            i += 6
        default:
            return nil
        }
        guard i == b.count else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let epoch = timegm(&parts)
        // timegm normalises impossible dates (Feb 30 → Mar 2); refuse them instead.
        guard parts.tm_mday == Int32(day), parts.tm_mon == Int32(month - 1) else { return nil }
        return Date(timeIntervalSince1970: Double(epoch - offset) + fraction)
    }

    /// Formats a date in UTC, `2026-11-23T18:57:07Z`, with milliseconds only when there are some.
    public static func format(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970
        var seconds = time_t(interval.rounded(.down))
        let millis = Int(((interval - Double(seconds)) * 1000).rounded())
        if millis == 1000 { seconds += 1 }
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ v: Int32, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        var out = "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
        out += "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))"
        if millis > 0 && millis < 1000 { out += "." + pad(Int32(millis), 3) }
        return out + "Z"
    }

    /// Re-prints a server's timestamp in the canonical form; text that is not RFC 3339 is passed through.
    public static func normalize(_ text: String) -> String {
        isCanonicalShape(text) ? text : parse(text).map(format) ?? text
    }

    /// Whether `text` is already written as `format` writes (`2026-11-23T18:57:07Z`, `….123Z` with
    /// milliseconds other than 000, seconds below 60). Such text normalizes to itself whether or not it is
    /// a real date (one that is not is passed through), so a long list need not parse every timestamp.
    public static func isCanonicalShape(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { b in
            guard b.count == 20 || b.count == 24, b[b.count - 1] == UInt8(ascii: "Z") else { return false }
            func digit(_ i: Int) -> Bool { b[i] >= 48 && b[i] <= 57 }
            for i in [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18] where !digit(i) { return false }
            guard b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"), b[13] == UInt8(ascii: ":"),
                  b[16] == UInt8(ascii: ":"), b[17] < UInt8(ascii: "6") else { return false }
            if b.count == 24 {
                guard b[19] == UInt8(ascii: "."), digit(20), digit(21), digit(22),
                      !(b[20] == 48 && b[21] == 48 && b[22] == 48) else { return false }
            }
            return true
        }
    }
}

import Foundation
import VMCtlCore
import VMCtlSupport

/// Parsing of database settings as influxctl takes them.
enum DatabaseOptions {
    static let maximumRetentionSeconds = Double(Int64.max) / 1_000_000_000 - 1

    /// `30d`, `1y6mo`, `2.5d`, `0` or `infinite` → seconds (0 = infinite).
    static func retention(_ text: String, flag: String) throws -> Double {
        if text == "0" || text.lowercased() == "infinite" { return 0 }
        guard let seconds = HumanDuration.parse(text, units: .retention), seconds > 0 else {
            throw VMCtlError.usage("invalid value \"\(text)\" for \(flag): use m, h, d, w, mo (30 days) and y, combined like 1y6mo or fractional like 2.5d, or 0/infinite")
        }
        // The API counts retention in nanoseconds, in 64 bits: at most about 292 years.
        if seconds > maximumRetentionSeconds {
            throw VMCtlError.usage("\(flag) \(text) is longer than the API can express (at most 292y); use 0 or infinite to keep data for ever")
        }
        return seconds
    }

    /// `--max-tables` and `--max-columns` as influxctl takes them: 0 means "the server's default" and
    /// sends nothing; otherwise 1 to 2147483647 (the API's int32).
    static func limit(_ text: String?, flag: String) throws -> Int64? {
        guard let text else { return nil }
        guard let n = Int64(text), n >= 0, n <= Int64(Int32.max) else {
            throw VMCtlError.usage("invalid value \"\(text)\" for \(flag): use a whole number from 1 to 2147483647, or 0 for the default")
        }
        return n == 0 ? nil : n
    }

    /// The partition template from `--template-tag`, `--template-tag-bucket TAG,N` and `--template-timeformat`:
    /// tags, then buckets, then the time part; 1 to 8 parts; each tag once; 1 to 100000 buckets.
    static func template(tags: [String], buckets: [String], timeFormat: String?) throws -> [PartitionPart]? {
        if tags.isEmpty && buckets.isEmpty && timeFormat == nil { return nil }
        var parts: [PartitionPart] = []
        var seen = Set<String>()
        func claim(_ tag: String) throws {
            guard !tag.isEmpty else { throw VMCtlError.usage("a partition template tag needs a name") }
            guard seen.insert(tag).inserted else { throw VMCtlError.usage("tag \"\(tag)\" appears twice in the partition template") }
        }
        for tag in tags {
            try claim(tag)
            parts.append(.tag(tag))
        }
        for bucket in buckets {
            let pieces = bucket.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard pieces.count == 2, let count = Int(pieces[1].trimmingCharacters(in: .whitespaces)) else {
                throw VMCtlError.usage("invalid value \"\(bucket)\" for --template-tag-bucket: use TAG,NUMBER, e.g. host,100")
            }
            guard (1...100_000).contains(count) else {
                throw VMCtlError.usage("--template-tag-bucket \(bucket): the number of buckets must be from 1 to 100000")
            }
            try claim(pieces[0])
            parts.append(.bucket(tag: pieces[0], count: count))
        }
        let format = timeFormat ?? "%Y-%m-%d"
        guard !format.isEmpty else { throw VMCtlError.usage("--template-timeformat must not be empty (the default is %Y-%m-%d)") }
        parts.append(.time(format))
        guard parts.count <= 8 else {
            throw VMCtlError.usage("a partition template has at most 8 parts; this one has \(parts.count) (tags and buckets, plus the time)")
        }
        return parts
    }

    /// What every product's names share: something printable. Each product checks its own rules before
    /// it sends anything (InfluxDB 3: `InfluxDB3Names`).
    static func checkName(_ name: String, noun: String = "database") throws {
        if name.isEmpty { throw VMCtlError.usage("a \(noun) name must not be empty") }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == " " }) {
            throw VMCtlError.usage("a \(noun) name has no spaces or control characters")
        }
    }
}

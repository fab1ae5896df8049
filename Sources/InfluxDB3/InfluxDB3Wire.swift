import VMCtlCore
import VMCtlSupport
/// The JSON shapes of the InfluxDB 3 Cloud Dedicated / Clustered Management API
/// (docs/api/influxdb3.md): camelCase keys, `{code, message}` errors.
enum InfluxDB3Wire {
    struct Permission: Codable, Equatable {
        var action: String
        var resource: String
    }

    struct Token: Decodable {
        var accountId: String?
        var clusterId: String?
        var id: String
        var description: String?
        var permissions: [Permission]?
        var createdAt: String?
        var expiresAt: String?
        var revokedAt: String?
        var accessToken: String?
    }

    struct TokenCreate: Encodable {
        var description: String
        var permissions: [Permission]
        var expiresAt: String?
    }

    struct TokenUpdate: Encodable {
        var description: String?
        var permissions: [Permission]?
    }

    /// A partition template part: `{type: "tag"|"time", value: String}` or
    /// `{type: "bucket", value: {tagName, numberOfBuckets}}`.
    struct Part: Codable {
        var type: String
        var text: String?
        var bucket: Bucket?

        struct Bucket: Codable {
            var tagName: String
            var numberOfBuckets: Int
        }

        enum CodingKeys: String, CodingKey { case type, value }

        init(_ part: PartitionPart) {
            switch part {
            case .tag(let t): type = "tag"; text = t
            case .time(let f): type = "time"; text = f
            case .bucket(let t, let n): type = "bucket"; bucket = Bucket(tagName: t, numberOfBuckets: n)
            }
        }

        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            type = try c.decode(String.self, forKey: .type)
            if type == "bucket" {
                bucket = try c.decode(Bucket.self, forKey: .value)
            } else {
                text = try c.decode(String.self, forKey: .value)
            }
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(type, forKey: .type)
            if let bucket { try c.encode(bucket, forKey: .value) } else { try c.encode(text ?? "", forKey: .value) }
        }

        var part: PartitionPart? {
            switch type {
            case "tag": return text.map(PartitionPart.tag)
            case "time": return text.map(PartitionPart.time)
            case "bucket": return bucket.map { .bucket(tag: $0.tagName, count: $0.numberOfBuckets) }
            default: return nil
            }
        }
    }

    struct Database: Decodable {
        var accountId: String?
        var clusterId: String?
        /// In rename and undelete answers (and, on some servers, lists): what undelete takes.
        var id: Int64?
        var name: String
        var maxTables: Int64?
        var maxColumnsPerTable: Int64?
        var retentionPeriod: Int64?
        var partitionTemplate: [Part]?
    }

    struct DatabaseCreate: Encodable {
        var name: String
        var maxTables: Int64?
        var maxColumnsPerTable: Int64?
        var retentionPeriod: Int64?
        var partitionTemplate: [Part]?
    }

    struct DatabaseUpdate: Encodable {
        var maxTables: Int64?
        var maxColumnsPerTable: Int64?
        var retentionPeriod: Int64?
    }

    struct Table: Decodable {
        var accountId: String?
        var clusterId: String?
        var databaseName: String?
        var id: Int64?
        var name: String
        var partitionTemplate: [Part]?
    }

    struct TableCreate: Encodable {
        var name: String
        var partitionTemplate: [Part]?
    }

    struct Rename: Encodable {
        var name: String
    }
}

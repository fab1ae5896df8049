import VMCtlCore
import VMCtlSupport
/// The JSON shapes of the InfluxDB 2 API (docs/api/influxdb2.md): `/api/v2`, camelCase, `{code, message}` errors.
enum InfluxDB2Wire {
    struct Resource: Codable, Equatable {
        var type: String
        var id: String?
        var name: String?
        var orgID: String?
        var org: String?
    }

    struct Permission: Codable, Equatable {
        var action: String
        var resource: Resource
    }

    struct Authorization: Decodable {
        var id: String
        var status: String?
        var description: String?
        var orgID: String?
        var org: String?
        var userID: String?
        var user: String?
        var permissions: [Permission]?
        var createdAt: String?
        var updatedAt: String?
        /// The secret: on create, and (OSS) in lists to its owner. vmctl shows it only on create.
        var token: String?
    }

    struct Authorizations: Decodable {
        var authorizations: [Authorization]
    }

    struct AuthorizationCreate: Encodable {
        var orgID: String
        /// The owner; influx-cli names it for an all-access token, whose `users` permission is that user's.
        var userID: String?
        var description: String
        var status: String
        var permissions: [Permission]
    }

    struct AuthorizationUpdate: Encodable {
        var status: String?
        var description: String?
    }

    struct User: Decodable {
        var id: String
        var name: String?
    }

    /// `links` of a list: `next` is there while more pages may follow.
    struct Links: Decodable {
        var next: String?
    }

    struct Org: Decodable {
        var id: String
        var name: String?
    }

    struct Orgs: Decodable {
        var orgs: [Org]
    }

    struct RetentionRule: Codable {
        var type: String
        var everySeconds: Int64
    }

    struct Bucket: Decodable {
        var id: String
        var name: String
        var orgID: String?
        var type: String?
        var retentionRules: [RetentionRule]?
    }

    struct Buckets: Decodable {
        var buckets: [Bucket]
        var links: Links?
    }

    struct BucketCreate: Encodable {
        var orgID: String
        var name: String
        var retentionRules: [RetentionRule]
    }
}

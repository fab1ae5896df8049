import Foundation
import SandboxCore
import VMCtlSupport

/// The InfluxDB 2 server: orgs, users, buckets and authorizations.
public struct InfluxDB2State: Codable, Sendable {
    /// An org or a user. The optional fields are absent from state files of older sandboxes.
    public struct Named: Codable, Sendable {
        public var id: String
        public var name: String
        public var description: String?
        public var createdAt: String?
        public var updatedAt: String?
    }

    public struct Bucket: Codable, Sendable {
        public var id: String
        public var name: String
        public var orgID: String
        public var type: String
        public var everySeconds: Int64
        public var createdAt: String
        public var description: String?
        public var updatedAt: String?
        /// As OSS normalises it at creation; derived from the retention when absent.
        public var shardGroupSeconds: Int64?
    }

    public struct Resource: Codable, Sendable, Equatable {
        public var type: String
        public var id: String?
        public var orgID: String?
    }

    public struct Permission: Codable, Sendable, Equatable {
        public var action: String
        public var resource: Resource
    }

    public struct Authorization: Codable, Sendable {
        public var id: String
        public var token: String
        public var status: String
        public var description: String
        public var orgID: String
        public var userID: String
        public var permissions: [Permission]
        public var createdAt: String
        public var updatedAt: String
    }

    public var orgs: [Named] = []
    public var users: [Named] = []
    public var buckets: [Bucket] = []
    public var authorizations: [Authorization] = []

    /// One org with its system buckets and a `metrics` bucket, and the admin user.
    public static func seeded() -> InfluxDB2State {
        var state = InfluxDB2State()
        let created = RFC3339.format(Date())
        let org = Named(id: Random.hexID(), name: "sandbox-org", description: "", createdAt: created, updatedAt: created)
        state.orgs = [org]
        state.users = [Named(id: Random.hexID(), name: "admin", createdAt: created, updatedAt: created)]
        state.buckets = [
            Bucket(id: Random.hexID(), name: "_monitoring", orgID: org.id, type: "system", everySeconds: 604_800, createdAt: created,
                   description: "System bucket for monitoring logs", updatedAt: created),
            Bucket(id: Random.hexID(), name: "_tasks", orgID: org.id, type: "system", everySeconds: 259_200, createdAt: created,
                   description: "System bucket for task logs", updatedAt: created),
            Bucket(id: Random.hexID(), name: "metrics", orgID: org.id, type: "user", everySeconds: 0, createdAt: created, updatedAt: created),
        ]
        return state
    }

    /// Makes `token` the operator token, as the sandbox's key: what OSS's setup gives its first token, read
    /// and write on every resource type of every org but `instance`, which no OSS token holds (so granting
    /// it is refused with 403 like any permission the caller lacks). An operator token of an older state
    /// file that holds `instance` loses it.
    public mutating func ensureOperator(token: String) {
        if let i = authorizations.firstIndex(where: { $0.token == token }) {
            authorizations[i].permissions.removeAll { $0.resource.type == "instance" }
            return
        }
        let now = RFC3339.format(Date())
        let permissions = InfluxDB2Emulator.allResourceTypes.filter { $0 != "instance" }.flatMap { type in
            ["read", "write"].map { Permission(action: $0, resource: Resource(type: type)) }
        }
        authorizations.insert(Authorization(id: Random.hexID(), token: token, status: "active", description: "sandbox operator token",
                                            orgID: orgs[0].id, userID: users[0].id, permissions: permissions,
                                            createdAt: now, updatedAt: now), at: 0)
    }
}

import VMCtlCore
import VMCtlSupport

/// What `--read-database` / `--write-database` reduce to: the one type and tenant a VictoriaMetrics Cloud
/// token can have (docs/api/vmcloud.md, access tokens). Worked out once, before anything is sent, and
/// handed to the create as it is. Pure, so it is tested without a server.
public struct VMCloudTokenPlan: Equatable, Sendable {
    public var description: String
    public var access: VMCloudAccess
    /// nil for every tenant (`'*'`), else `<accountID>` or `<accountID>:<projectID>`.
    public var tenant: String?

    public init(description: String, access: VMCloudAccess, tenant: String?) {
        self.description = description
        self.access = access
        self.tenant = tenant
    }

    public init(_ request: TokenCreateRequest) throws {
        let (access, tenant) = try Self.reduce(read: request.read, write: request.write)
        self.init(description: request.description, access: access, tenant: tenant)
    }

    /// The one access and tenant the flags reduce to, or the rule they break.
    public static func reduce(read: [String], write: [String]) throws -> (access: VMCloudAccess, tenant: String?) {
        let databases = Array(Set(read + write)).sorted()
        guard !databases.isEmpty else {
            throw VMCtlError.usage("a token needs at least one --read-database or --write-database",
                                   hint: "use '*' for every tenant, e.g. vmctl token create --read-database '*' \"grafana\"")
        }
        if databases.count > 1 {
            if databases.contains("*") {
                throw VMCtlError.usage("a VictoriaMetrics Cloud token covers either every tenant ('*') or one tenant, not both (\(databases.joined(separator: ", ")))",
                                       hint: "drop the tenant to cover all, or create a separate token for tenant \(databases.first { $0 != "*" }!)")
            }
            throw VMCtlError.usage("a VictoriaMetrics Cloud token covers one tenant, but \(databases.count) were given (\(databases.joined(separator: ", ")))",
                                   hint: "create one token per tenant, or use '*' for a token that covers every tenant")
        }
        let database = databases[0]
        if database != "*" {
            try Self.checkTenant(database)
        }
        let canRead = read.contains(database), canWrite = write.contains(database)
        return (canRead && canWrite ? .readWrite : (canRead ? .read : .write), database == "*" ? nil : database)
    }

    /// A tenant is `<accountID>` or `<accountID>:<projectID>`, decimal, each fitting in 32 bits.
    public static func checkTenant(_ tenant: String) throws {
        let parts = tenant.split(separator: ":", omittingEmptySubsequences: false)
        let valid = (1...2).contains(parts.count) && parts.allSatisfy { part in
            !part.isEmpty && part.allSatisfy { $0.isASCII && $0.isNumber } && UInt32(part) != nil
        }
        if !valid {
            throw VMCtlError.usage("\"\(tenant)\" is not a tenant: use <accountID> or <accountID>:<projectID> with decimal numbers below 2^32 (e.g. 0 or 12:3), or '*' for every tenant")
        }
    }

    /// The permissions a token of `access` on `tenant` grants, in vmctl's terms.
    public static func permissions(_ access: VMCloudAccess?, tenant: String?) -> [Permission] {
        let database = tenant ?? "*"
        switch access {
        case .read: return [Permission(.read, database: database)]
        case .write: return [Permission(.write, database: database)]
        case .readWrite: return [Permission(.read, database: database), Permission(.write, database: database)]
        case nil: return []
        }
    }
}

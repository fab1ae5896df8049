import Foundation
import VMCtlCore
import VMCtlSupport

/// The `influxdb2` product: InfluxDB 2.x OSS and Cloud (TSM) at the profile's URL, `/api/v2`. What it can do
/// is what it conforms to.
public struct InfluxDB2Backend: TokenActivation, TokenReveal, OrgWideTokens, DatabaseManagement {
    public let product = ProductKind.influxdb2
    let client: APIClient
    let org: String?
    let orgID: String?
    let profileName: String

    public init(client: APIClient, org: String?, orgID: String?, profileName: String) {
        self.client = client
        self.org = org
        self.orgID = orgID
        self.profileName = profileName
    }

    /// The request as it is, once it asks for something.
    public func plan(_ request: TokenCreateRequest) throws -> TokenCreateRequest {
        if !request.allAccess && !request.operatorAccess && request.read.isEmpty && request.write.isEmpty {
            throw VMCtlError.usage("an InfluxDB 2 token needs permissions: --read-database/--write-database BUCKET, --all-access or --operator")
        }
        return request
    }

    /// The org is looked up only by the calls that must send its ID (create); lists filter by its name.
    public func tokens(in scope: String?) async throws -> InfluxDB2Tokens {
        InfluxDB2Tokens(client: client, org: orgRef, dataPlane: dataPlane)
    }

    public func databases() async throws -> InfluxDB2Buckets {
        InfluxDB2Buckets(client: client, org: orgRef)
    }

    public func checkAccess() async throws -> String {
        let buckets = try await InfluxDB2Buckets(client: client, org: orgRef).list().count
        return Self.count(buckets, "bucket") + " visible in org \(orgRef.name)"
    }

    private var orgRef: InfluxDB2OrgRef {
        InfluxDB2OrgRef(id: orgID, name: org ?? orgID ?? "-", named: org != nil || orgID != nil, profileName: profileName, lookup: resolveOrg)
    }

    var dataPlane: InfluxDB2DataPlane {
        InfluxDB2DataPlane(client: client, url: client.settings.baseURL.absoluteString, org: orgID ?? org ?? "", orgIsID: orgID != nil)
    }

    /// The profile's org as an ID, looked up once by name when the profile names it.
    @Sendable func resolveOrg() async throws -> InfluxDB2Org {
        if let orgID { return InfluxDB2Org(id: orgID, name: org ?? orgID) }
        guard let org else { throw InfluxDB2OrgRef.unnamed(profileName) }
        let found: InfluxDB2Wire.Orgs = try await client.get("/api/v2/orgs", query: [("org", org)], notFound: "no organization named \"\(org)\"")
        guard let match = found.orgs.first(where: { $0.name == org }) ?? found.orgs.first else {
            throw VMCtlError.notFound("no organization named \"\(org)\"", hint: "check org in profile \"\(profileName)\"")
        }
        return InfluxDB2Org(id: match.id, name: org)
    }
}

/// An organization: its ID and the name to show.
struct InfluxDB2Org: Sendable {
    var id: String
    var name: String
}

/// The profile's org as the API's lists take it: by ID when the profile has it, else by name (`orgID=` or
/// `org=` filter), so a list needs no lookup; only what must send the org's ID (a create) looks it up.
struct InfluxDB2OrgRef: Sendable {
    let id: String?
    /// The org as the profile names it, for messages.
    let name: String
    /// Whether the profile names an org at all.
    let named: Bool
    let profileName: String
    let lookup: @Sendable () async throws -> InfluxDB2Org

    /// The query item that filters a list to this org.
    func filter() throws -> (String, String) {
        guard named else { throw Self.unnamed(profileName) }
        return id.map { ("orgID", $0) } ?? ("org", name)
    }

    var notFound: String { "no organization named \"\(name)\"" }

    static func unnamed(_ profileName: String) -> VMCtlError {
        VMCtlError.config("profile \"\(profileName)\" (influxdb2) names no organization",
                          hint: "add org = \"NAME\" or org_id = \"ID\" to the profile")
    }
}

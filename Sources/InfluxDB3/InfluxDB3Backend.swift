import Foundation
import VMCtlCore
import VMCtlSupport

/// The `dedicated` and `clustered` products: InfluxDB 3's Management API. Dedicated paths sit under
/// `/accounts/{account_id}/clusters/{cluster_id}`; Clustered has the same operations at its own URL. What it
/// can do is what it conforms to.
public struct InfluxDB3Backend: TokenPermissionChanges, ExpiringTokens, RevokedTokensListed, DatabaseAdministration, DatabaseLimits,
                                PartitionTemplates, TableManagement {
    public let product: ProductKind
    let client: APIClient
    /// `/accounts/…/clusters/…` for Dedicated, empty for Clustered.
    let prefix: String

    /// The cluster's data URL, where its tokens are used.
    let dataURL: String

    public init(product: ProductKind, client: APIClient, prefix: String, dataURL: String) {
        self.product = product
        self.client = client
        self.prefix = prefix
        self.dataURL = dataURL
    }

    /// The request as it is: permissions are sent as given.
    public func plan(_ request: TokenCreateRequest) throws -> TokenCreateRequest { request }

    public func tokens(in scope: String?) async throws -> InfluxDB3Tokens {
        InfluxDB3Tokens(client: client, prefix: prefix, product: product, dataURL: dataURL)
    }

    public func checkAccess() async throws -> String {
        Self.count(try await InfluxDB3Databases(client: client, prefix: prefix, product: product).list().count, "database") + " visible"
    }

    public func tables() -> any TableService {
        InfluxDB3Tables(client: client, prefix: prefix)
    }

    public func databases() async throws -> InfluxDB3Databases {
        InfluxDB3Databases(client: client, prefix: prefix, product: product)
    }

    /// `--read-database`/`--write-database` as the API's permission list: reads first, each once.
    static func permissions(read: [String], write: [String]) -> [InfluxDB3Wire.Permission] {
        var out: [InfluxDB3Wire.Permission] = []
        for (action, databases) in [("read", read), ("write", write)] {
            for db in databases where !out.contains(InfluxDB3Wire.Permission(action: action, resource: db)) {
                out.append(InfluxDB3Wire.Permission(action: action, resource: db))
            }
        }
        return out
    }
}

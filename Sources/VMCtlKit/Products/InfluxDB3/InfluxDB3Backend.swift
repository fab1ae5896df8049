import Foundation
import VMCtlSupport

/// The `dedicated` and `clustered` products: InfluxDB 3's Management API. Dedicated paths sit under
/// `/accounts/{account_id}/clusters/{cluster_id}`; Clustered has the same operations at its own URL.
public struct InfluxDB3Backend: ProductBackend {
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

    public func dataPlane(deployment: String?) async throws -> DataPlaneService {
        InfluxDB3DataPlane(client: client, prefix: prefix, dataURL: dataURL)
    }

    public func tokens(deployment: String?) async throws -> TokenService {
        return InfluxDB3Tokens(client: client, prefix: prefix, product: product, dataURL: dataURL)
    }

    public func checkAccess() async throws -> String {
        Self.count(try await InfluxDB3Databases(client: client, prefix: prefix, product: product).list().count, "database") + " visible"
    }

    public func tables() throws -> TableService {
        InfluxDB3Tables(client: client, prefix: prefix)
    }

    public func databases() async throws -> DatabaseService {
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

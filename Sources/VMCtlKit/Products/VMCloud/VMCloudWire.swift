/// The JSON shapes of the VictoriaMetrics Cloud API (api/vmcloud.md). Unknown fields are ignored and
/// optional ones may be absent, as the API notes say.
enum VMCloudWire {
    /// DeploymentSummary (the list) and DeploymentInfo (one deployment) in one shape: the summary is the
    /// info without the fields after `status`, which are then absent.
    struct Deployment: Decodable {
        var id: String
        var name: String?
        var type: String?
        var tier: Int64?
        var version: String?
        var cloud_provider: String?
        var region: String?
        var created_at: String?
        var status: String?
        var retention_value: Int64?
        var retention_unit: String?
        var deduplication_value: Int64?
        var deduplication_unit: String?
        var storage_size_gb: Int64?
        var maintenance_window: String?
        var price: Price?
        var vmsingle_settings: [String]?
        var vmstorage_settings: [String]?
        var vmselect_settings: [String]?
        var vminsert_settings: [String]?
        var access_endpoint: String?
    }

    struct Price: Decodable {
        var compute_cost: Double?
        var storage_cost: Double?
        var total_cost: Double?
    }

    struct AccessToken: Decodable {
        var id: String
        var value: String?
        var type: String?
        var description: String?
        var created_by: String?
        var created_at: String?
        var tenant_id: String?
        var last_used_at: String?
    }

    struct AccessTokenCreate: Encodable {
        var type: String
        var description: String
        var tenant_id: String?
    }
}

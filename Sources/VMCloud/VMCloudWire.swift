import VMCtlCore
import VMCtlSupport
/// The JSON shapes of the VictoriaMetrics Cloud API (docs/api/vmcloud.md). Unknown fields are ignored and
/// optional ones may be absent, as docs/api/vmcloud.md, basics, says.
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

    /// A list of 10,000 tokens is read without the `Decodable` machinery (docs/performance.md).
    struct AccessToken: JSONObjectReadable {
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

extension VMCloudWire {
    struct DeploymentCreate: Encodable {
        var name: String
        var type: String
        var provider: String
        var region: String
        var tier: UInt32
        var storage_size: UInt64
        var storage_size_unit: String
        var deduplication: UInt32
        var deduplication_unit: String
        var retention: UInt32
        var retention_unit: String
        var maintenance_window: String
    }

    struct DeploymentUpdate: Encodable {
        var name: String
        var tier: UInt32
        var storage_size: UInt64
        var storage_size_unit: String
        var deduplication: UInt32
        var deduplication_unit: String
        var retention: UInt32
        var retention_unit: String
        var maintenance_window: String
        var flags: Flags
    }

    struct Flags: Encodable {
        var single_flags: [String]
        var select_flags: [String]
        var storage_flags: [String]
        var insert_flags: [String]
    }

    struct Tier: Decodable {
        var id: Int64
        var type: String?
        var cloud_provider: String?
        var name: String?
        var compute_cost_per_hour: Double?
        var ingestion_rate: Int64?
        var active_time_series: Int64?
        var new_series_over_24h: Int64?
        var datapoints_read_rate: Int64?
        var series_read_per_query: Int64?
        var access_token_concurrent_requests: Int64?
    }

    struct Region: Decodable {
        var cloud_provider: String?
        var name: String
    }

    struct Provider: Decodable {
        var id: String
        var url: String?
    }

    struct ApiKey: Decodable {
        var id: String
        var name: String?
        var permission: String?
        var deployment_ids: [String]?
        var all_deployments: Bool?
        var expires_at: String?
        var created_at: String?
        var value: String?
    }

    struct ApiKeyCreate: Encodable {
        var name: String
        var permission: String
        var deployment_ids: [String]?
        var all_deployments: Bool
        var expires_at: String?
    }
}

extension VMCloudWire.AccessToken {
    init(fields: JSONObjectFields) throws(JSONObjectFields.Mismatch) {
        self.init(id: try fields.string("id"), value: try fields.optionalString("value"), type: try fields.optionalString("type"),
                  description: try fields.optionalString("description"), created_by: try fields.optionalString("created_by"),
                  created_at: try fields.optionalString("created_at"), tenant_id: try fields.optionalString("tenant_id"),
                  last_used_at: try fields.optionalString("last_used_at"))
    }
}

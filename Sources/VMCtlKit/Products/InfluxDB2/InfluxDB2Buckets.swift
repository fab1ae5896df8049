import Foundation

/// `/api/v2/buckets` of one org, followed page by page.
struct InfluxDB2Buckets: DatabaseService {
    let client: APIClient
    let org: InfluxDB2Org
    static let pageSize = 100

    var noun: String { "bucket" }

    /// Every bucket of the org, following the pages (at most 100 a page).
    func all() async throws -> [InfluxDB2Wire.Bucket] {
        var buckets: [InfluxDB2Wire.Bucket] = []
        var offset = 0
        while true {
            let page: InfluxDB2Wire.Buckets = try await client.get("/api/v2/buckets", query: [
                ("orgID", org.id), ("limit", String(Self.pageSize)), ("offset", String(offset)),
            ])
            buckets += page.buckets
            if page.buckets.count < Self.pageSize || offset > 1_000_000 { return buckets }
            offset += page.buckets.count
        }
    }

    func namesByID() async throws -> [String: String] {
        Dictionary(try await all().map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    func list() async throws -> [Database] {
        try await all().map(database)
    }

    func create(_ spec: DatabaseSpec) async throws -> Database {
        let rules = (spec.retentionSeconds ?? 0) > 0 ? [InfluxDB2Wire.RetentionRule(type: "expire", everySeconds: Int64(spec.retentionSeconds!))] : []
        let body = InfluxDB2Wire.BucketCreate(orgID: org.id, name: spec.name, retentionRules: rules)
        let created: InfluxDB2Wire.Bucket = try await client.send("POST", "/api/v2/buckets", json: body)
        return database(created)
    }

    func delete(_ name: String) async throws {
        guard let bucket = try await all().first(where: { $0.name == name }) else {
            throw VMCtlError.notFound("no bucket named \"\(name)\" in org \(org.name)")
        }
        try await client.send("DELETE", "/api/v2/buckets/\(APIClient.segment(bucket.id))", notFound: "no bucket named \"\(name)\"")
    }

    private func database(_ b: InfluxDB2Wire.Bucket) -> Database {
        let expire = b.retentionRules?.first { $0.type == "expire" }?.everySeconds ?? 0
        return Database(name: b.name, product: .influxdb2, id: b.id, retentionSeconds: Double(expire), orgID: b.orgID ?? org.id)
    }
}

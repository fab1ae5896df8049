import Foundation
import VMCtlCore
import VMCtlSupport

/// `/api/v2/buckets` of one org, followed page by page.
public struct InfluxDB2Buckets: DatabaseService {
    let client: APIClient
    let org: InfluxDB2OrgRef
    static let pageSize = 100

    public var noun: String { "bucket" }

    /// Every bucket of the org the token may see, page by page while the server says more follow.
    func all() async throws -> [InfluxDB2Wire.Bucket] {
        var buckets: [InfluxDB2Wire.Bucket] = []
        var offset = 0
        while true {
            let page: InfluxDB2Wire.Buckets = try await client.get("/api/v2/buckets", query: [
                try org.filter(), ("limit", String(Self.pageSize)), ("offset", String(offset)),
            ], notFound: org.notFound)
            buckets += page.buckets
            // OSS links the next page only when this one is full; without links, a short page is the last.
            let more = page.links.map { $0.next != nil } ?? (page.buckets.count == Self.pageSize)
            if !more || page.buckets.isEmpty || offset > 1_000_000 { return buckets }
            offset += Self.pageSize
        }
    }

    /// One bucket by name, through the API's own filter (`GET /buckets?org=..&name=..`).
    func lookup(_ name: String) async throws -> InfluxDB2Wire.Bucket {
        let missing = VMCtlError.notFound("no bucket named \"\(name)\" in org \(org.name)", hint: "run 'vmctl database list' to see the buckets")
        let found: InfluxDB2Wire.Buckets
        do {
            found = try await client.get("/api/v2/buckets", query: [try org.filter(), ("name", name)])
        } catch let error as VMCtlError where error.kind == .notFound {
            throw missing
        }
        // OSS answers 200 with no bucket when the bucket exists but this token may not read it.
        guard let bucket = found.buckets.first(where: { $0.name == name }) else { throw missing }
        return bucket
    }

    public func list() async throws -> [Database] {
        try await all().map(database)
    }

    public func create(_ spec: DatabaseSpec) async throws -> Database {
        let rules = (spec.retentionSeconds ?? 0) > 0 ? [InfluxDB2Wire.RetentionRule(type: "expire", everySeconds: Int64(spec.retentionSeconds!))] : []
        let body = InfluxDB2Wire.BucketCreate(orgID: try await org.lookup().id, name: spec.name, retentionRules: rules)
        let created: InfluxDB2Wire.Bucket = try await client.send("POST", "/api/v2/buckets", json: body)
        return database(created)
    }

    /// A permission names a bucket by its ID: a new bucket of the same name is not covered, so there is
    /// nothing to warn of.
    public func tokensNaming(_ name: String, after change: DatabaseNameChange) -> String? { nil }

    public func delete(_ name: String) async throws -> String? {
        let bucket = try await lookup(name)
        try await client.send("DELETE", "/api/v2/buckets/\(APIClient.segment(bucket.id))", notFound: "no bucket named \"\(name)\"")
        return nil
    }

    private func database(_ b: InfluxDB2Wire.Bucket) -> Database {
        let expire = b.retentionRules?.first { $0.type == "expire" }?.everySeconds ?? 0
        var database = Database(name: b.name, product: .influxdb2, id: b.id, retentionSeconds: Double(expire))
        database[InfluxDB2Fields.orgID] = b.orgID ?? org.id
        return database
    }
}

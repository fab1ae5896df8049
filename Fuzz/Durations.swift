@testable import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCloud
@testable import InfluxDB2
@testable import InfluxDB3
@testable import VMCtlSupport
import Foundation

// The parsers of durations, retention periods, sizes and timestamps: HumanDuration with each set of
// units, DatabaseOptions.retention (InfluxDB 3), VMCloudDeploymentRules (storage, retention,
// deduplication, maintenance window) and RFC 3339. Each refuses bad text with nil or a usage error,
// never traps, and what it accepts stays in range and prints back to something it reads again.

private let unitSets: [(String, DurationUnits)] = [
    ("timeout", .timeout), ("retention", .retention), ("retentionDisplay", .retentionDisplay), ("lifetime", .lifetime),
]

private func usageOnly<T>(_ what: String, _ body: () throws -> T) -> T? {
    do {
        return try body()
    } catch let error as VMCtlError where error.kind == .usage {
        return nil
    } catch {
        fuzzFail("\(what) threw \(error), not a usage error")
    }
}

@_cdecl("LLVMFuzzerTestOneInput") public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    let text = String(decoding: bytes, as: UTF8.self)

    for (name, units) in unitSets {
        guard let seconds = HumanDuration.parse(text, units: units) else { continue }
        guard seconds.isFinite, seconds >= 0, seconds <= HumanDuration.maximumSeconds else {
            fuzzFail("\(name): \(text) parsed to \(seconds)")
        }
        let shown = HumanDuration.format(seconds: seconds, units: units)
        let smallest = units.units.map(\.seconds).min()!
        if seconds >= smallest {
            guard let back = HumanDuration.parse(shown, units: units) else { fuzzFail("\(name): \(text) → \(shown) does not parse") }
            // Shown rounded down to the smallest unit; floating-point noise may cost that unit once more
            // (7487737.8s shows as ...37s799ms), which is no concern for a display.
            if back > seconds * (1 + 1e-12) || seconds - back > 2 * smallest {
                fuzzFail("\(name): \(text) = \(seconds)s shows as \(shown) = \(back)s")
            }
        }
    }

    if let seconds = usageOnly("DatabaseOptions.retention", { try DatabaseOptions.retention(text, flag: "--retention-period") }) {
        _ = InfluxDB3Databases.nanoseconds(seconds)
        _ = Database.shape(Products.registry.databaseSchema).value(of: Database(name: "db", product: .dedicated, retentionSeconds: seconds))
    }
    if let storage = usageOnly("storage", { try VMCloudDeploymentRules.storage(text) }) {
        _ = VMCloudDeploymentRules.gigabytes(storage)
        _ = usageOnly("checkStorage") { try VMCloudDeploymentRules.checkStorage(storage) }
    }
    if let retention = usageOnly("retention", { try VMCloudDeploymentRules.retention(text) }) {
        _ = usageOnly("checkRetention") { try VMCloudDeploymentRules.checkRetention(retention) }
    }
    _ = usageOnly("deduplication") { try VMCloudDeploymentRules.deduplication(text) }
    _ = usageOnly("maintenanceWindow") { try VMCloudDeploymentRules.maintenanceWindow(text) }

    if let date = RFC3339.parse(text) {
        let shown = RFC3339.format(date)
        guard let back = RFC3339.parse(shown), abs(back.timeIntervalSince(date)) <= 0.0005 else {
            fuzzFail("RFC 3339: \(text) → \(shown) does not read back")
        }
    }
    _ = RFC3339.normalize(text)

    // A retention a server sends (InfluxDB 2 counts it in seconds, in 64 bits) shows without trapping.
    if bytes.count >= 8 {
        let raw = bytes.prefix(8).reduce(Int64(0)) { $0 << 8 | Int64($1) }
        let database = Database(name: "db", product: .influxdb2, retentionSeconds: Double(raw))
        _ = database.retentionText
        _ = Database.shape(Products.registry.databaseSchema).value(of: database)
    }
    return 0
}

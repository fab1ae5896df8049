import Foundation
import VMCtlCore
import VMCtlSupport

/// A quantity with the unit the VictoriaMetrics Cloud API wants beside it (`10` `GB`, `1` `m`).
public struct UnitValue: Sendable, Equatable, CustomStringConvertible {
    public var value: UInt64
    public var unit: String
    public init(_ value: UInt64, _ unit: String) {
        self.value = value
        self.unit = unit
    }
    public var description: String { "\(value)\(unit)" }
}

/// `deployment create`'s request as the API takes it: read from what the user gave and checked.
public struct VMCloudNewDeployment: Sendable, Equatable {
    public var name: String
    public var type: String
    public var provider: String
    public var region: String
    /// A tier ID, or a name to look up in the catalog.
    public var tier: String
    public var storage: UnitValue
    public var retention: UnitValue
    public var deduplication: UnitValue
    public var maintenanceWindow: String
}

/// `deployment update`'s changes as the API takes them; nil leaves a setting as it is.
public struct VMCloudDeploymentChanges: Sendable, Equatable {
    public var storage: UnitValue?
    public var retention: UnitValue?
    public var deduplication: UnitValue?
    public var maintenanceWindow: String?
}
import VMCtlSupport

/// The human forms of deployment settings and the client-side rules of docs/api/vmcloud.md, checked before
/// anything is sent. Pure, so every rule is tested without a server.
public enum VMCloudDeploymentRules {
    public static let providers = ["aws"]
    /// Friendly names of the two maintenance windows the API accepts.
    public static let maintenanceWindows: KeyValuePairs<String, String> = ["weekend": "Sat-Sun 3-4am", "business": "Mon-Fri 4-5am"]

    /// `10GB`, `2TB` → value and unit (`GB` or `TB`); at most what a signed 64-bit number holds, as JSON carries it.
    public static func storage(_ text: String, flag: String = "--storage") throws -> UnitValue {
        try quantity(text, units: ["GB": "GB", "TB": "TB", "G": "GB", "T": "TB"], flag: flag,
                     example: "a whole number with GB or TB, e.g. 10GB or 2TB", max: UInt64(Int64.max))
    }

    /// What `deployment create` was given, read and checked; usage errors name the flag or the rule.
    public static func read(_ spec: DeploymentSpec) throws -> VMCloudNewDeployment {
        guard DeploymentSpec.types.contains(spec.type) else {
            throw VMCtlError.usage(choiceError(spec.type, flag: "--type", choices: DeploymentSpec.types))
        }
        let provider = spec.provider ?? "aws"
        guard providers.contains(provider) else { throw VMCtlError.usage(choiceError(provider, flag: "--provider", choices: providers)) }
        let new = VMCloudNewDeployment(
            name: spec.name, type: spec.type, provider: provider, region: spec.region, tier: spec.tier,
            storage: try storage(spec.storage), retention: try retention(spec.retention),
            deduplication: try deduplication(spec.deduplication ?? "0"),
            maintenanceWindow: try maintenanceWindow(spec.maintenanceWindow ?? "weekend"))
        try check(new)
        return new
    }

    /// What `deployment update` was given, read and checked as far as it can be without the deployment.
    public static func read(_ changes: DeploymentChanges) throws -> VMCloudDeploymentChanges {
        let read = VMCloudDeploymentChanges(
            storage: try changes.storage.map { try storage($0) },
            retention: try changes.retention.map { try retention($0) },
            deduplication: try changes.deduplication.map { try deduplication($0) },
            maintenanceWindow: try changes.maintenanceWindow.map { try maintenanceWindow($0) })
        if let retention = read.retention { try checkRetention(retention) }
        if let name = changes.name, name.trimmingCharacters(in: .whitespaces).isEmpty {
            throw VMCtlError.usage("a deployment needs a name")
        }
        return read
    }

    private static func choiceError(_ value: String, flag: String, choices: [String]) -> String {
        var message = "invalid value \"\(value)\" for \(flag): use \(WordList.joined(choices, conjunction: "or"))"
        if let close = Suggestion.closest(to: value, among: choices) { message += " (did you mean \"\(close)\"?)" }
        return message
    }

    /// `30d`, `1m` or `1mo` (months, as the API counts) → value and unit (`d` or `m`).
    public static func retention(_ text: String, flag: String = "--retention") throws -> UnitValue {
        try quantity(text, units: ["d": "d", "m": "m", "mo": "m"], flag: flag,
                     example: "days or months, e.g. 30d or 1m (m means months)")
    }

    /// `30s`, `500ms`, `0` → value and unit (`s` or `ms`).
    public static func deduplication(_ text: String, flag: String = "--deduplication") throws -> UnitValue {
        if text == "0" { return UnitValue(0, "s") }
        return try quantity(text, units: ["s": "s", "ms": "ms"], flag: flag, example: "seconds or milliseconds, e.g. 30s or 500ms, or 0 for none")
    }

    /// `weekend`/`business` or the API's own strings.
    public static func maintenanceWindow(_ text: String, flag: String = "--maintenance-window") throws -> String {
        if let match = maintenanceWindows.first(where: { $0.key == text.lowercased() }) { return match.value }
        if maintenanceWindows.contains(where: { $0.value == text }) { return text }
        throw VMCtlError.usage("invalid \(flag) \"\(text)\": use weekend (Sat-Sun 3-4am) or business (Mon-Fri 4-5am)")
    }

    /// Storage in GB, whatever the unit.
    public static func gigabytes(_ storage: UnitValue) -> UInt64 {
        guard storage.unit == "TB" else { return storage.value }
        let (gb, overflow) = storage.value.multipliedReportingOverflow(by: 1024)
        return overflow ? UInt64.max : gb
    }

    /// The rules the official Go client checks before creating a deployment, and no more: the server
    /// decides the rest. The message names the rule that is broken.
    public static func check(_ spec: VMCloudNewDeployment) throws {
        if spec.name.trimmingCharacters(in: .whitespaces).isEmpty { throw VMCtlError.usage("a deployment needs a name") }
        if spec.tier == "0" { throw VMCtlError.usage("tier 0 does not exist: pick one from 'vmctl tier list'") }
        try checkStorage(spec.storage)
        // The Go client checks the single-node limit on create only, and only as given in TB.
        if spec.type == "single_node" && spec.storage.unit == "TB" && spec.storage.value > 16 {
            throw VMCtlError.usage("a single-node deployment holds at most 16TB of storage (got \(spec.storage)); use a cluster for more")
        }
        try checkRetention(spec.retention)
    }

    static func checkRetention(_ retention: UnitValue) throws {
        if retention.value == 0 { throw VMCtlError.usage("retention must be more than 0 (e.g. 30d or 1m)") }
    }

    /// Create and update: not zero, and at least 10 when given in GB (the Go client's rule).
    static func checkStorage(_ storage: UnitValue) throws {
        if storage.value == 0 || (storage.unit == "GB" && storage.value < 10) {
            throw VMCtlError.usage("storage must be at least 10GB, VictoriaMetrics Cloud's minimum (got \(storage))")
        }
    }

    /// `max`: the largest value the API's field holds (32 bits for durations, 64 for storage).
    private static func quantity(_ text: String, units: [String: String], flag: String, example: String,
                                 max: UInt64 = UInt64(UInt32.max)) throws -> UnitValue {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        let suffix = String(text.dropFirst(digits.count))
        guard !digits.isEmpty, let value = UInt64(digits), value <= max, let unit = units[suffix] else {
            throw VMCtlError.usage("invalid \(flag) \"\(text)\": use \(example)")
        }
        return UnitValue(value, unit)
    }
}

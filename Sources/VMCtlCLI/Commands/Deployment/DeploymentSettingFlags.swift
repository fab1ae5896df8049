import VMCtlCore
import VMCtlSupport
/// The settings `deployment create` and `deployment update` share.
enum DeploymentSettingFlags {
    static let tier = ValueFlag("tier", "TIER", "price tier, by ID or name (see 'vmctl tier list')", completion: .tier)
    static let storage = ValueFlag("storage", "SIZE", "disk size, e.g. 10GB or 2TB (at least 10GB; single node at most 16TB)")
    static let retention = ValueFlag("retention", "DURATION", "how long data is kept: days or months, e.g. 30d or 1m (m means months)")
    static let deduplication = ValueFlag("deduplication", "DURATION", "deduplication interval, e.g. 30s or 500ms; 0 for none")
    static let maintenanceWindow = ValueFlag("maintenance-window", "WINDOW", "weekend (Sat-Sun 3-4am) or business (Mon-Fri 4-5am)",
                                             completion: .suggestions(["weekend", "business"]))
    static let all: [any FlagKey] = [tier, storage, retention, deduplication, maintenanceWindow]
}

import VMCtlCore
import VMCtlSupport
/// `vmctl database …`
enum DatabaseCommands {
    static let group = CommandSpec(
        name: "database",
        summary: "manage databases (InfluxDB 3) or buckets (InfluxDB 2)",
        discussion: """
        Retention periods are written as influxctl writes them: m (minutes), h, d, w, mo (30 days) and y,
        combined like 1y6mo or fractional like 2.5d; 0 or infinite keeps data forever.
        """,
        subcommands: [DatabaseListCommand.spec, DatabaseCreateCommand.spec, DatabaseUpdateCommand.spec, DatabaseDeleteCommand.spec,
                      DatabaseRenameCommand.spec, DatabaseUndeleteCommand.spec])

    static let retentionPeriod = ValueFlag("retention-period", "DURATION", "how long data is kept, e.g. 30d, 1y6mo, 0 for ever")
    static let maxTables = ValueFlag("max-tables", "N", "most tables (default 500)", requires: Capability.databaseLimits.id)
    static let maxColumns = ValueFlag("max-columns", "N", "most columns per table (default 250)", requires: Capability.databaseLimits.id)
    static let limitFlags: [any FlagKey] = [retentionPeriod, maxTables, maxColumns]
    static let name = RequiredArgument("NAME", "the database", completion: .database)
}

import VMCtlCore
import VMCtlSupport
/// `vmctl database create`
struct DatabaseCreateCommand: ProductCommand {
    static let spec = CommandSpec(
        name: "create",
        summary: "create a database",
        discussion: PartitionTemplateFlags.discussion,
        arguments: [name],
        flags: DatabaseCommands.limitFlags + [retention] + PartitionTemplateFlags.all,
        examples: [
            Example("A database keeping 30 days", "vmctl database create metrics --retention-period 30d"),
            Example("An InfluxDB 2 bucket keeping 90 days", "vmctl database create telegraf --retention 90d"),
            Example("Partitioned by region and hashed host, by month",
                    "vmctl database create telemetry --template-tag region --template-tag-bucket host,100 --template-timeformat '%Y-%m'"),
        ],
        runner: DatabaseCreateCommand.self)

    static var capability: Capability<any DatabaseManagement> { .databases }

    static let name = RequiredArgument("NAME", "the database's name (1 to 64 characters)")
    static let retention = ValueFlag("retention", "DURATION", "the same as --retention-period (the influx CLI's name for buckets)")

    var spec: DatabaseSpec

    init(_ parsed: ParsedCommand) throws {
        let flags = DatabaseCommands.self
        try parsed.requireAtMostOne(of: [flags.retentionPeriod, Self.retention])
        do {
            let name = parsed[Self.name]
            try DatabaseOptions.checkName(name)
            let retentionFlag = parsed.given(Self.retention) ? Self.retention : flags.retentionPeriod
            spec = DatabaseSpec(
                name: name,
                retentionSeconds: try parsed[retentionFlag].map { try DatabaseOptions.retention($0, flag: "--\(retentionFlag.spec.name)") },
                maxTables: try DatabaseOptions.limit(parsed[flags.maxTables], flag: "--max-tables"),
                maxColumnsPerTable: try DatabaseOptions.limit(parsed[flags.maxColumns], flag: "--max-columns"),
                partitionTemplate: try PartitionTemplateFlags.template(parsed))
        } catch let error as VMCtlError where error.hint == nil {
            throw parsed.usageError(error.message)
        }
    }

    func run(_ context: CommandContext, _ backend: any DatabaseManagement) async throws -> CommandResult {
        let databases = try await backend.databases()
        return CommandResult(try context.databaseView().details(try await databases.create(spec)))
    }
}

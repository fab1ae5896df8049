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

    static let limitFlags: [FlagSpec] = [
        .option("retention-period", "DURATION", "how long data is kept, e.g. 30d, 1y6mo, 0 for ever"),
        .option("max-tables", "N", "most tables (default 500)"),
        .option("max-columns", "N", "most columns per table (default 250)"),
    ]
}

/// `vmctl database list`
struct DatabaseListCommand: RunnableCommand {
    static let spec = CommandSpec(name: "list", aliases: ["ls"], summary: "list databases",
                                  products: [.dedicated, .clustered, .influxdb2], runner: DatabaseListCommand.self)

    init(_ parsed: ParsedCommand) throws {}

    func run(_ context: CommandContext) async throws -> CommandResult {
        let backend = try context.backend()
        return CommandResult(DatabaseView.list(try await backend.databases().list(), product: backend.product))
    }
}

/// `vmctl database create`
struct DatabaseCreateCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "create",
        summary: "create a database",
        discussion: """
        A partition template is fixed at creation: tags (--template-tag), tag buckets (--template-tag-bucket
        TAG,N with 1 to 100000 buckets) and a time format (--template-timeformat, default %Y-%m-%d), at most
        8 parts in all, each tag once. Parts go tags first, then buckets, then time.
        """,
        arguments: [ArgumentSpec("NAME", "the database's name (1 to 64 characters)")],
        flags: DatabaseCommands.limitFlags + [
            .option("retention", "DURATION", "the same as --retention-period (the influx CLI's name for buckets)"),
            .option("template-tag", "TAG", "partition by the value of TAG", repeatable: true),
            .option("template-tag-bucket", "TAG,N", "partition by TAG hashed into N buckets", repeatable: true),
            .option("template-timeformat", "FORMAT", "time part of the partition template (default %Y-%m-%d)"),
        ],
        examples: [
            Example("A database keeping 30 days", "vmctl database create metrics --retention-period 30d"),
            Example("An InfluxDB 2 bucket keeping 90 days", "vmctl database create telegraf --retention 90d"),
            Example("Partitioned by region and hashed host, by month",
                    "vmctl database create telemetry --template-tag region --template-tag-bucket host,100 --template-timeformat '%Y-%m'"),
        ],
        products: [.dedicated, .clustered, .influxdb2],
        runner: DatabaseCreateCommand.self)

    var spec: DatabaseSpec

    init(_ parsed: ParsedCommand) throws {
        try parsed.requireAtMostOne(of: ["retention-period", "retention"])
        do {
            let name = parsed.argument("NAME")!
            try DatabaseOptions.checkName(name)
            let retentionFlag = parsed.has("retention") ? "retention" : "retention-period"
            spec = DatabaseSpec(
                name: name,
                retentionSeconds: try parsed.value(retentionFlag).map { try DatabaseOptions.retention($0, flag: "--\(retentionFlag)") },
                maxTables: try DatabaseOptions.positive(parsed.value("max-tables"), flag: "--max-tables"),
                maxColumnsPerTable: try DatabaseOptions.positive(parsed.value("max-columns"), flag: "--max-columns"),
                partitionTemplate: try DatabaseOptions.template(tags: parsed.values("template-tag"), buckets: parsed.values("template-tag-bucket"),
                                                                timeFormat: parsed.value("template-timeformat")))
        } catch let error as VMCtlError where error.hint == nil {
            throw parsed.usageError(error.message)
        }
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        let databases = try await context.backend().databases()
        return CommandResult(DatabaseView.details(try await databases.create(spec)))
    }
}

/// `vmctl database update`
struct DatabaseUpdateCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "update",
        summary: "change a database's retention period or limits (its partition template is fixed)",
        arguments: [ArgumentSpec("NAME", "the database", completion: .database)],
        flags: DatabaseCommands.limitFlags,
        examples: [Example("Keep a year, allow more tables", "vmctl database update metrics --retention-period 1y --max-tables 1000")],
        products: [.dedicated, .clustered],
        runner: DatabaseUpdateCommand.self)

    var name: String
    var changes: DatabaseChanges

    init(_ parsed: ParsedCommand) throws {
        name = parsed.argument("NAME")!
        do {
            changes = DatabaseChanges(
                retentionSeconds: try parsed.value("retention-period").map { try DatabaseOptions.retention($0, flag: "--retention-period") },
                maxTables: try DatabaseOptions.positive(parsed.value("max-tables"), flag: "--max-tables"),
                maxColumnsPerTable: try DatabaseOptions.positive(parsed.value("max-columns"), flag: "--max-columns"))
        } catch let error as VMCtlError where error.hint == nil {
            throw parsed.usageError(error.message)
        }
        if changes == DatabaseChanges() {
            throw parsed.usageError("nothing to change: give --retention-period, --max-tables or --max-columns")
        }
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        CommandResult(DatabaseView.details(try await context.backend().databases().update(name, changes)))
    }
}

/// `vmctl database delete`
struct DatabaseDeleteCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "delete",
        aliases: ["rm"],
        summary: "delete databases",
        discussion: """
        Asks for confirmation on a terminal; refuses without --force when stdin is not a terminal. Goes on
        after a failure. InfluxDB 3 keeps a deleted database for a while ('vmctl database undelete');
        tokens that name it keep naming it, and cover a new database of the same name.
        """,
        arguments: [ArgumentSpec("NAME", "the databases to delete", arity: .oneOrMore, completion: .database)],
        flags: [SharedFlags.force],
        examples: [Example("Delete two databases from a script", "vmctl database delete --force scratch1 scratch2")],
        products: [.dedicated, .clustered, .influxdb2],
        runner: DatabaseDeleteCommand.self)

    var names: [String]
    var force: Bool

    init(_ parsed: ParsedCommand) throws {
        names = try ArgumentChecks.uniqueIDs(parsed.arguments("NAME"), parsed: parsed)
        force = parsed.has("force")
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        let what = BulkOperation.describe(names, noun: "database")
        try context.requireConfirmable(force: force, action: "delete \(what)")
        let databases = try await context.backend().databases()
        let noun = databases.noun
        try context.confirm("Delete \(BulkOperation.describe(names, noun: noun)) and all data in \(names.count == 1 ? "it" : "them")?", force: force)
        return await BulkOperation.run(names, verb: "Deleted \(noun)", noun: noun) { name in try await databases.delete(name) }
    }
}

/// `vmctl database rename`
struct DatabaseRenameCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "rename",
        summary: "rename a database",
        discussion: "Tokens name databases: after a rename, tokens for the old name no longer cover it. Update them with 'vmctl token update'.",
        arguments: [ArgumentSpec("NAME", "the database", completion: .database), ArgumentSpec("NEW_NAME", "its new name")],
        examples: [Example("Rename a database", "vmctl database rename metrics metrics_v1")],
        products: [.dedicated, .clustered],
        runner: DatabaseRenameCommand.self)

    var name: String
    var newName: String

    init(_ parsed: ParsedCommand) throws {
        name = parsed.argument("NAME")!
        newName = parsed.argument("NEW_NAME")!
        do { try DatabaseOptions.checkName(newName) } catch let error as VMCtlError { throw parsed.usageError(error.message) }
        if name == newName { throw parsed.usageError("the new name is the same as the old one") }
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        let renamed = try await context.backend().databases().rename(name, to: newName)
        return CommandResult(DatabaseView.details(renamed),
                             warnings: ["tokens that name \(name) do not cover \(newName); update them with 'vmctl token update'"])
    }
}

/// `vmctl database undelete`
struct DatabaseUndeleteCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "undelete",
        summary: "restore a deleted database (within the cluster's grace period, about 7 days on Dedicated)",
        arguments: [ArgumentSpec("NAME", "the deleted database's name; no live database may have it")],
        examples: [Example("Bring back a database deleted by mistake", "vmctl database undelete metrics")],
        products: [.dedicated, .clustered],
        runner: DatabaseUndeleteCommand.self)

    var name: String

    init(_ parsed: ParsedCommand) throws {
        name = parsed.argument("NAME")!
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        CommandResult(DatabaseView.details(try await context.backend().databases().undelete(name)))
    }
}

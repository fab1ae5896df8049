import Testing
@testable import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCloud
@testable import InfluxDB2
@testable import InfluxDB3
@testable import VMCtlSupport

/// Layer 1: argv → typed options, or the exact usage error. No I/O.
@Suite struct ParserTests {
    @Test func tokenCreateWithRepeatedFlagsAndQuotedDescription() throws {
        let c = try command(TokenCreateCommand.self, ["token", "create", "--read-database", "*", "--write-database", "metrics",
                                                      "--read-database=logs", "vmagent prod"])
        #expect(c.request.description == "vmagent prod")
        #expect(c.request.read == ["*", "logs"])
        #expect(c.request.write == ["metrics"])
        #expect(c.deployment == nil)
    }

    @Test func globalFlagsBeforeAndAfterTheCommandWords() throws {
        guard case .run(let before) = try parse(["--format", "json", "--profile=prod", "token", "list"]),
              case .run(let after) = try parse(["token", "list", "--profile", "prod", "--format=json", "--debug"]) else {
            Issue.record("not a run")
            return
        }
        #expect(before.global.format == .json)
        #expect(before.global.profile == "prod")
        #expect(after.global.format == .json)
        #expect(after.global.profile == "prod")
        #expect(after.global.debug)
        #expect(!before.global.debug)
    }

    @Test func aliasRevokeRunsDelete() throws {
        let c = try command(TokenDeleteCommand.self, ["token", "revoke", "tok-a", "tok-b", "tok-a", "--force"])
        #expect(c.ids == ["tok-a", "tok-b"])
        #expect(c.force)
    }

    @Test func doubleDashEndsFlags() throws {
        let c = try command(TokenCreateCommand.self, ["token", "create", "--write-database", "*", "--", "--not-a-flag"])
        #expect(c.request.description == "--not-a-flag")
    }

    @Test func timeoutDurations() throws {
        let p = try #require(try parsedRun(["token", "list", "--timeout", "2m"]))
        #expect(p.global.timeout == 120)
        let q = try #require(try parsedRun(["token", "list", "--timeout=500ms"]))
        #expect(q.global.timeout == 0.5)
    }

    @Test func expiresInIsKeptAsSeconds() throws {
        let c = try command(TokenCreateCommand.self, ["token", "create", "--read-database", "db", "--expires-in", "1y6mo", "x"])
        let expected: Double = 31_536_000 + 6 * 2_592_000
        #expect(c.expiry.expiresIn == expected)
        let d = try command(TokenCreateCommand.self, ["token", "create", "--read-database", "db", "--expires-at", "2027-01-31T01:02:03+01:00", "x"])
        #expect(d.request.expiresAt == "2027-01-31T00:02:03Z" && d.expiry.expiresAt == "2027-01-31T00:02:03Z")
    }

    @Test func helpAtEveryLevel() throws {
        for args in [["--help"], ["-h"], ["token", "--help"], ["token", "create", "-h"], ["token", "create", "--read-database", "x", "--help"]] {
            guard case .help(let chain) = try parse(args) else {
                Issue.record("\(args) is not help")
                continue
            }
            #expect(chain.first?.name == "vmctl")
        }
        guard case .help(let chain) = try parse(["help", "token", "revoke"]) else {
            Issue.record("help command")
            return
        }
        #expect(chain.map(\.name) == ["vmctl", "token", "delete"])
    }

    @Test func version() throws {
        guard case .version = try parse(["--version"]) else {
            Issue.record("--version")
            return
        }
        guard case .run(let p) = try parse(["version"]) else {
            Issue.record("version")
            return
        }
        #expect(p.commandLine == "vmctl version")
    }

    /// Every mistake: the exact message (and that it is a usage error, exit 2, with the usage as hint).
    @Test(arguments: [
        (["tokn", "list"], "unknown command \"tokn\" for \"vmctl\" (did you mean \"token\"?)"),
        (["token", "crate"], "unknown command \"crate\" for \"vmctl token\" (did you mean \"create\"?)"),
        (["token", "create", "--raed-database", "x", "d"], "unknown flag --raed-database for \"vmctl token create\" (did you mean --read-database?)"),
        (["token", "create", "--read-database"], "flag --read-database needs a value (DB)"),
        (["token", "create", "--read-database", "--write-database", "x", "d"], "flag --read-database needs a value (DB) before --write-database"),
        (["token", "create", "--read-database", "*"], "missing argument DESCRIPTION"),
        (["token", "create", "--read-database", "*", "vmagent", "prod"], "unexpected argument \"prod\": vmctl token create takes one DESCRIPTION; quote it if it has spaces"),
        (["token", "list", "--format", "yaml"], "invalid value \"yaml\" for --format: use table or json"),
        (["token", "list", "--format", "jsn"], "invalid value \"jsn\" for --format: use table or json (did you mean \"json\"?)"),
        (["token", "list", "--timeout", "soon"], "invalid value \"soon\" for --timeout: use a duration such as 30s, 2m or 500ms"),
        (["token", "list", "--deployment", "a", "--deployment", "b"], "flag --deployment given more than once (\"a\" and \"b\")"),
        (["token", "list", "--force"], "vmctl token list has no --force flag; token delete and rotate take it"),
        (["token", "--force", "delete", "x"], "unknown flag --force for \"vmctl token\" (it belongs to \"vmctl token delete\")"),
        (["token"], "vmctl token needs a subcommand: create, list, get, reveal, update, delete, rotate, examples, check"),
        (["--json", "token", "list"], "unknown flag --json for \"vmctl\": use --format json"),
        (["token", "list", "--json"], "unknown flag --json for \"vmctl token list\": use --format json"),
        (["token", "delete"], "missing argument ID"),
        (["token", "list", "--debug=yes"], "flag --debug takes no value (got \"yes\")"),
        (["token", "list", "-x"], "unknown flag -x for \"vmctl token list\""),
        (["help", "tokem"], "unknown command \"tokem\" for \"vmctl\" (did you mean \"token\"?)"),
        (["token", "create", "--read-database", "*", "--expires-at", "tomorrow", "d"], "invalid value \"tomorrow\" for --expires-at: use RFC 3339, e.g. 2027-01-31T00:00:00Z"),
        (["token", "create", "--read-database", "*", "--expires-at", "2027-01-01T00:00:00Z", "--expires-in", "1d", "d"], "--expires-at and --expires-in cannot be used together"),
        (["token", "create", "--all-access", "--read-database", "b", "d"], "--all-access already grants everything; drop --read-database and --write-database"),
        (["token", "create", "--read-database", "*", "  "], "DESCRIPTION must not be empty"),
        (["profile", "create", "p"], "--product is required: use vmcloud, dedicated, clustered or influxdb2"),
        (["profile", "create", "p", "--product", "vmclod"], "unknown product \"vmclod\": use vmcloud, dedicated, clustered or influxdb2 (did you mean \"vmcloud\"?)"),
        (["profile", "create", "p", "--product", "influxdb2"], "--url is required for product influxdb2"),
        (["profile", "create", "p", "--product", "vmcloud", "--org", "x"], "--org does not apply to product \"vmcloud\" (only influxdb2)"),
        (["profile", "create", "p", "--product", "dedicated", "--account-id", "nope", "--cluster-id", "x"], "--account-id \"nope\" is not a UUID"),
        (["profile", "create", "p", "--product", "vmcloud", "--api-key-env", "abc-123"], "invalid --api-key-env \"abc-123\": give the name of an environment variable, not its value"),
        (["profile", "create", "p", "--product", "vmcloud", "--api-key-env", "A", "--api-key-stdin"], "--api-key-stdin and --api-key-env cannot be used together; keep exactly one"),
        (["profile", "create", "bad name", "--product", "vmcloud"], "invalid profile name \"bad name\": use up to 64 letters, digits, '.', '_' and '-'"),
        (["profile", "create", "p", "--product", "vmcloud", "--url", "ftp://x"], "invalid --url: \"ftp://x\" is not an http:// or https:// URL"),
    ] as [([String], String)])
    func usageErrors(arguments: [String], message: String) {
        let error = usageError(arguments)
        #expect(error?.message == message)
        #expect(error?.kind == .usage)
        #expect(error?.exitCode == 2)
        #expect(error?.hint?.hasPrefix("Usage: vmctl") == true)
    }

    @Test(arguments: [["token", "list", "--api-key", "abc"], ["profile", "create", "p", "--product", "vmcloud", "--token=abc"]])
    func secretsAreNeverFlagValues(arguments: [String]) {
        let error = usageError(arguments)
        #expect(error?.message.contains("vmctl never takes a secret as a flag value") == true)
        #expect(error?.message.contains("abc") == false)
        // No flag of any command takes a secret.
        func walk(_ spec: CommandSpec) {
            for flag in spec.flags + GlobalOptions.flags {
                #expect(!Parser.secretFlagNames.contains(flag.name))
            }
            spec.subcommands.forEach(walk)
        }
        walk(CommandTree.root(for: Products.registry))
    }

    /// The tree itself: every flag and argument name a command reads is declared (the accessors trap otherwise),
    /// names are unique, and global flag names never clash with a command's own.
    @Test func commandTreeIsConsistent() {
        func walk(_ spec: CommandSpec, _ path: [String]) {
            let names = spec.subcommands.flatMap { [$0.name] + $0.aliases }
            #expect(Set(names).count == names.count, "duplicate subcommand names under \(path)")
            let flags = spec.flags.map(\.name)
            #expect(Set(flags).count == flags.count, "duplicate flags in \(path)")
            #expect(Set(flags).isDisjoint(with: GlobalOptions.names), "\(path) redeclares a global flag")
            let shorts = (spec.flags + GlobalOptions.flags).flatMap(\.shorts)
            #expect(Set(shorts).count == shorts.count, "\(path) has two flags with the same one-letter form")
            #expect(!spec.summary.isEmpty && spec.summary.first!.isLowercase, "\(path) summary should start lower case")
            if spec.isGroup { #expect(spec.runner == nil) }
            for sub in spec.subcommands { walk(sub, path + [sub.name]) }
        }
        walk(CommandTree.root(for: Products.registry), ["vmctl"])
    }
}

/// The vmcloud mapping from --read-database/--write-database to one token type and tenant.
@Suite struct VMCloudTokenPlanTests {
    @Test(arguments: [
        (["*"], [], "r", nil),
        ([], ["*"], "w", nil),
        (["*"], ["*"], "rw", nil),
        (["12"], [], "r", "12"),
        (["12:3"], ["12:3"], "rw", "12:3"),
        ([], ["0:0"], "w", "0:0"),
        (["7", "7"], [], "r", "7"),
    ] as [([String], [String], String, String?)])
    func reduces(read: [String], write: [String], type: String, tenant: String?) throws {
        let result = try VMCloudTokenPlan.reduce(read: read, write: write)
        #expect(result.access.rawValue == type)
        #expect(result.tenant == tenant)
    }

    @Test(arguments: [
        ([], [], "a token needs at least one --read-database or --write-database"),
        (["1"], ["2"], "a VictoriaMetrics Cloud token covers one tenant, but 2 were given (1, 2)"),
        (["*"], ["5"], "a VictoriaMetrics Cloud token covers either every tenant ('*') or one tenant, not both (*, 5)"),
        (["metrics"], [], "\"metrics\" is not a tenant: use <accountID> or <accountID>:<projectID> with decimal numbers below 2^32 (e.g. 0 or 12:3), or '*' for every tenant"),
        (["4294967296"], [], "\"4294967296\" is not a tenant: use <accountID> or <accountID>:<projectID> with decimal numbers below 2^32 (e.g. 0 or 12:3), or '*' for every tenant"),
        (["1:2:3"], [], "\"1:2:3\" is not a tenant: use <accountID> or <accountID>:<projectID> with decimal numbers below 2^32 (e.g. 0 or 12:3), or '*' for every tenant"),
        (["-1"], [], "\"-1\" is not a tenant: use <accountID> or <accountID>:<projectID> with decimal numbers below 2^32 (e.g. 0 or 12:3), or '*' for every tenant"),
    ] as [([String], [String], String)])
    func refuses(read: [String], write: [String], message: String) {
        let error = #expect(throws: VMCtlError.self) { try VMCloudTokenPlan.reduce(read: read, write: write) }
        #expect(error?.message == message)
        #expect(error?.kind == .usage)
    }
}

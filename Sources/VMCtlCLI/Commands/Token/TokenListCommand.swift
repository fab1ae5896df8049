import Foundation
import VMCtlCore
import VMCtlSupport

/// `vmctl token list`
struct TokenListCommand: ProductCommand {
    static let spec = CommandSpec(
        name: "list",
        aliases: ["ls"],
        summary: "list access tokens (never their secrets)",
        discussion: """
        --unused-for and --created-before keep the tokens an access review asks about, where the API gives
        the data: creation times everywhere, last use only on VictoriaMetrics Cloud (which tracks it for the
        past 7 days, so a longer --unused-for can only say the token was not used in those 7 days).
        --all-deployments (VictoriaMetrics Cloud) lists the tokens of every deployment in one table with a
        DEPLOYMENT column, reading up to 8 deployments at a time; a deployment that cannot be read is
        reported as an error after the others are listed, and the command exits non-zero.
        """,
        flags: [SharedFlags.deployment, allDeployments, includeRevoked, unusedFor, createdBefore, sort],
        examples: [
            Example("Tokens of the profile's deployment or cluster", "vmctl token list"),
            Example("Descriptions of every token, for a script", "vmctl token list --format json | jq -r '.[].description'"),
            Example("Newest last, revoked ones too", "vmctl token list --include-revoked --sort created"),
            Example("Quarterly access review: tokens of every deployment not used lately",
                    "vmctl token list --all-deployments --unused-for 7d"),
            Example("Tokens older than this year", "vmctl token list --created-before 2026-01-01"),
        ],
        runner: TokenListCommand.self)

    static var capability: Capability<any TokenAdministration> { .tokens }

    static let includeRevoked = ToggleFlag("include-revoked", "also list revoked tokens", requires: Capability.revokedTokensListed.id)
    static let sort = ChoiceFlag<SortField>("sort", "FIELD", "sort by id, description or created")
    static let allDeployments = ToggleFlag("all-deployments", "the tokens of every deployment, with a DEPLOYMENT column",
                                           requires: Capability.everyTokenScope.id)
    static let unusedFor = ValueFlag("unused-for", "DURATION", "only tokens never used, or last used longer ago than this (e.g. 7d)",
                                     requires: Capability.tokenLastUse.id)
    static let createdBefore = ValueFlag("created-before", "DATE", "only tokens created before this RFC 3339 date or time (e.g. 2026-01-01)")

    enum SortField: String, CaseIterable, Sendable { case id, description, created }

    var deployment: String?
    var allDeployments: Bool
    var includeRevoked: Bool
    var sort: SortField?
    /// Seconds a token must have gone unused.
    var unusedFor: Double?
    var unusedForText: String?
    var createdBefore: Date?

    init(_ parsed: ParsedCommand) throws {
        deployment = parsed[SharedFlags.deployment]
        allDeployments = parsed[Self.allDeployments]
        includeRevoked = parsed[Self.includeRevoked]
        sort = parsed[Self.sort]
        if allDeployments && deployment != nil {
            throw parsed.usageError("--all-deployments and --deployment cannot be used together: every deployment, or the one named")
        }
        if let text = parsed[Self.unusedFor] {
            guard let seconds = HumanDuration.parse(text, units: .lifetime), seconds > 0 else {
                throw parsed.usageError("invalid value \"\(text)\" for --unused-for: use a duration such as 7d, 90d or 1y (units \(DurationUnits.lifetime.suffixes))")
            }
            unusedFor = seconds
            unusedForText = text
        }
        if let text = parsed[Self.createdBefore] {
            guard let date = Self.dateOrTime(text) else {
                throw parsed.usageError("invalid value \"\(text)\" for --created-before: use an RFC 3339 date or time, e.g. 2026-01-01 or 2026-01-01T12:00:00Z")
            }
            createdBefore = date
        }
    }

    /// An RFC 3339 date-time, or a full date meaning its first instant in UTC.
    static func dateOrTime(_ text: String) -> Date? {
        RFC3339.parse(text) ?? (text.count == 10 ? RFC3339.parse(text + "T00:00:00Z") : nil)
    }

    func run(_ context: CommandContext, _ backend: any TokenAdministration) async throws -> CommandResult {
        var list: [Token]
        var failures: [VMCtlError] = []
        var scope: String
        var leading: [TokenColumn] = []
        if allDeployments {
            let every = try context.view(of: backend, as: .everyTokenScope)
            leading = [every.scopeColumn]
            let scopes = try await Self.everyScope(every)
            let includeRevoked = self.includeRevoked
            let outcomes = try await concurrentMap(scopes) { tokens -> Result<[Token], VMCtlError> in
                do { return .success(try await tokens.list(includeRevoked: includeRevoked)) } catch { return .failure(VMCtlError.from(error)) }
            }
            list = []
            for (tokens, outcome) in zip(scopes, outcomes) {
                switch outcome {
                case .success(let found): list += found
                case .failure(var failure):
                    if !failure.message.contains(tokens.scopeDescription) { failure.message = "\(tokens.scopeDescription): \(failure.message)" }
                    failures.append(failure)
                }
            }
            scope = "any \(every.scopeColumn.label.lowercased())"
        } else if sort == nil {
            // Printed in the order it comes: a long list is kept on disk as it is read, not in memory.
            let tokens = try await backend.tokens(in: deployment)
            let view = try context.tokenView()
            let kept = SpillingList(spool: view.spool)
            let matches = filter(now: context.dependencies.now()), sink = kept.sink
            try await tokens.list(includeRevoked: includeRevoked, into: ListSink(restart: sink.restart, add: { token in
                if matches(token) { try sink.add(token) }
            }))
            let scope = tokens.scopeDescription + (unusedFor != nil || createdBefore != nil ? " that match the filters" : "")
            let presentation = kept.spool.map { view.list($0, scope: scope) } ?? view.list(kept.items, scope: scope)
            return CommandResult(presentation, warnings: try lastUseWarnings(context, backend))
        } else {
            let tokens = try await backend.tokens(in: deployment)
            list = try await tokens.list(includeRevoked: includeRevoked)
            scope = tokens.scopeDescription
        }
        list = list.filter(filter(now: context.dependencies.now()))
        switch sort {
        case .id: list.sort { $0.id < $1.id }
        case .description: list.sort { $0.description.lowercased() < $1.description.lowercased() }
        case .created: list.sort { ($0.createdAt.flatMap(RFC3339.parse) ?? .distantPast) < ($1.createdAt.flatMap(RFC3339.parse) ?? .distantPast) }
        case nil: break
        }
        if unusedFor != nil || createdBefore != nil { scope += " that match the filters" }
        var presentation = try context.tokenView().list(list, scope: scope, leading: leading)
        if list.isEmpty && !failures.isEmpty { presentation.emptyMessage = nil }
        return CommandResult(presentation, warnings: try lastUseWarnings(context, backend), failures: failures)
    }

    /// Whether a token passes --unused-for and --created-before.
    private func filter(now: Date) -> (Token) -> Bool {
        let cutoff = unusedFor.map { now.addingTimeInterval(-$0) }, createdBefore = self.createdBefore
        return { token in
            if let cutoff, let used = token.lastUsedAt.flatMap(RFC3339.parse), used >= cutoff { return false }
            if let createdBefore, token.createdAt.flatMap(RFC3339.parse).map({ $0 < createdBefore }) != true { return false }
            return true
        }
    }

    /// What --unused-for cannot tell past the product's window of last use.
    private func lastUseWarnings(_ context: CommandContext, _ backend: any TokenAdministration) throws -> [String] {
        let descriptor = try context.activeProfile().descriptor
        guard let unusedFor, let tracking = try? context.view(of: backend, as: .tokenLastUse), let window = type(of: tracking).lastUseWindow,
              unusedFor > window else { return [] }
        let tracked = HumanDuration.format(seconds: window, units: .retentionDisplay)
        return ["\(descriptor.displayName) tracks a token's last use for the past \(tracked) only, so the tokens listed were not used in the past \(tracked); whether they were used in the \(unusedForText ?? "") asked for cannot be told"]
    }

    /// The token services of every scope, as the command sees them.
    private static func everyScope<Backend: EveryTokenScope>(_ backend: Backend) async throws -> [any TokenService] {
        try await backend.everyScope().map { $0 }
    }
}

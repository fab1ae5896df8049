import Foundation
import VMCtlCore
import VMCtlSupport

/// The one deployment a command works on, and the one place that knows how to reach it. Every request under
/// `/deployments/{id}` goes through `call`, which holds three rules, once:
/// - a name is looked up once per command (a whole ID is taken as it is);
/// - a stored ID (`deployment_id`, saved by `profile create`/`update`) is used without a lookup, and when a
///   call under it answers "not found" the name is looked up once more and the call made again if the name
///   now has another ID, with a warning that says how to store it;
/// - a deployment the API key cannot see is "not found" however it was named: a key limited to some
///   deployments lists only those, so a name of another resolves to nothing, while its ID is denied (403);
///   a denial is therefore checked against the key's own list (one request, only then), and a deployment
///   not in it is reported as not found. A denial on a deployment the key can see stays a denial.
/// Its details (`GET /deployments/{id}`) are fetched at most once per command, whoever asks first.
final class DeploymentScope: Sendable {
    /// What is known of the deployment: its ID, and its name and type when a lookup gave them.
    struct Known: Sendable {
        var id: String
        var name: String?
        var type: String?
    }

    private struct State {
        var known: Known
        /// The name's second lookup after a stale stored ID, shared by everyone who asks.
        var relookup: Task<Known, Error>?
        var details: Task<VMCloudWire.Deployment, Error>?
    }

    private let client: APIClient
    private let state: Locked<State>
    /// The profile whose stored ID this is; nil when the ID was not stored.
    private let storedBy: String?

    private init(client: APIClient, known: Known, storedBy: String?) {
        self.client = client
        state = Locked(State(known: known))
        self.storedBy = storedBy
    }

    /// A deployment the user named (by name, ID or ID prefix), looked up now unless it is a whole ID.
    static func resolve(_ reference: String, client: APIClient) async throws -> DeploymentScope {
        try await resolveAll([reference], client: client)[0]
    }

    /// Several references with at most one list call, however many names there are.
    static func resolveAll(_ references: [String], client: APIClient) async throws -> [DeploymentScope] {
        let needsList = references.contains { !Identifier.isUUID($0) }
        let summaries: [VMCloudWire.Deployment] = needsList ? try await client.get("/api/v1/deployments") : []
        return try references.map { DeploymentScope(client: client, known: try find($0, in: summaries), storedBy: nil) }
    }

    /// The profile's deployment by the ID stored beside its name.
    static func stored(id: String, name: String, profileName: String, client: APIClient) -> DeploymentScope {
        DeploymentScope(client: client, known: Known(id: id, name: name), storedBy: profileName)
    }

    /// A deployment a list has just shown.
    static func listed(_ summary: VMCloudWire.Deployment, client: APIClient) -> DeploymentScope {
        DeploymentScope(client: client, known: Known(id: summary.id, name: summary.name, type: summary.type), storedBy: nil)
    }

    /// The deployment as known now.
    var known: Known { state.current.known }
    var id: String { known.id }

    /// `deployment "prod" (0f6c…)`, or `deployment 0f6c…` when only the ID is known.
    var description: String { Self.describe(known) }

    static func describe(_ known: Known) -> String {
        known.name.map { "deployment \"\($0)\" (\(known.id))" } ?? "deployment \(known.id)"
    }

    /// `/api/v1/deployments/{id}` of the deployment as known now.
    static func path(_ id: String) -> String { "/api/v1/deployments/\(APIClient.segment(id))" }

    /// Runs a request under the deployment's path (given its ID) by the rules above.
    func call<T>(_ request: (_ id: String) async throws -> T) async throws -> T {
        let used = known
        do {
            return try await denialChecked(used) { try await request(used.id) }
        } catch let error as VMCtlError where error.kind == .notFound && storedBy != nil {
            let fresh = try await lookedUpAgain(used)
            guard fresh.id != used.id else { throw error }
            return try await denialChecked(fresh) { try await request(fresh.id) }
        }
    }

    /// The deployment's own answer (type, access endpoint, settings), fetched once.
    func details() async throws -> VMCloudWire.Deployment {
        let task: Task<VMCloudWire.Deployment, Error> = state.withLock { state in
            if let details = state.details { return details }
            let client = self.client
            let started = Task { [self] in
                try await call { id in try await client.get(Self.path(id), notFound: "no \(description)") as VMCloudWire.Deployment }
            }
            state.details = started
            return started
        }
        return try await task.value
    }

    private func denialChecked<T>(_ known: Known, _ request: () async throws -> T) async throws -> T {
        do {
            return try await request()
        } catch let error as VMCtlError where error.kind == .auth && error.httpStatus == 403 {
            guard let visible: [VMCloudWire.Deployment] = try? await client.get("/api/v1/deployments"),
                  !visible.contains(where: { Identifier.asciiLowercased($0.id) == Identifier.asciiLowercased(known.id) }) else { throw error }
            throw VMCtlError.notFound("no \(Self.describe(known)) among the \(visible.count == 1 ? "1 deployment" : "\(visible.count) deployments") this API key can see",
                                      hint: "run 'vmctl deployment list' to see them")
        }
    }

    /// The stored ID's name looked up once more (once per command, shared), with a warning when it moved.
    private func lookedUpAgain(_ stale: Known) async throws -> Known {
        let task: Task<Known, Error> = state.withLock { state in
            if let relookup = state.relookup { return relookup }
            let (client, profileName) = (self.client, storedBy ?? "")
            let started = Task {
                let summaries: [VMCloudWire.Deployment] = try await client.get("/api/v1/deployments")
                let fresh = try Self.find(stale.name ?? stale.id, in: summaries)
                if fresh.id != stale.id {
                    client.notices?.warning("profile \"\(profileName)\" stored ID \(stale.id) for deployment \"\(stale.name ?? "")\", "
                                            + "which now has ID \(fresh.id); run 'vmctl profile update \(profileName) --deployment \(stale.name ?? fresh.id)' to store it")
                }
                return fresh
            }
            state.relookup = started
            return started
        }
        let fresh = try await task.value
        state.withLock { state in
            if state.known.id != fresh.id {
                state.known = fresh
                state.details = nil
            }
        }
        return fresh
    }

    /// A UUID is taken as it is; anything else is found in the deployment list, by name and then as a
    /// prefix of an ID.
    static func find(_ reference: String, in summaries: [VMCloudWire.Deployment]) throws -> Known {
        if Identifier.isUUID(reference) { return Known(id: Identifier.asciiLowercased(reference)) }
        guard let match = try IDPrefix.find(reference, in: summaries, shape: .uuid, noun: "deployment", id: \.id, name: \.name,
                                            label: { "\($0.id) (\($0.name ?? "-"))" }) else {
            var message = IDPrefix.Shape.uuid.couldBePrefix(reference)
                ? "no deployment is named \"\(reference)\" or has an ID starting with it" : "no deployment named \"\(reference)\""
            if let close = Suggestion.closest(to: reference, among: summaries.compactMap(\.name)) {
                message += " (did you mean \"\(close)\"?)"
            }
            throw VMCtlError.notFound(message, hint: "run 'vmctl deployment list' to see the deployments")
        }
        return Known(id: match.id, name: match.name, type: match.type)
    }
}

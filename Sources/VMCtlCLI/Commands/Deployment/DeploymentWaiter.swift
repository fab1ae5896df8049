import VMCtlCore
import VMCtlSupport
/// `--wait`: polls a deployment until it is RUNNING, it fails, or the time is up.
struct DeploymentWaiter {
    let service: DeploymentService
    let context: CommandContext
    /// Seconds to wait at most.
    let timeout: Double

    /// Polls quickly at first, then every few seconds.
    static let intervals: [Double] = [0.5, 1, 1, 2, 3, 5]

    static let waitFlag = ToggleFlag("wait", "wait until the deployment is RUNNING, showing progress on stderr")
    static let waitTimeoutFlag = ValueFlag("wait-timeout", "DURATION", "how long --wait waits at most (default 15m)")
    static let flags: [any FlagKey] = [waitFlag, waitTimeoutFlag]

    /// A `--wait-timeout` value in seconds; 15 minutes when not given.
    static func parseTimeout(_ parsed: ParsedCommand) throws -> Double {
        guard let text = parsed[waitTimeoutFlag] else { return 15 * 60 }
        guard let seconds = HumanDuration.parse(text, units: .lifetime), seconds > 0 else {
            throw parsed.usageError("invalid value \"\(text)\" for --wait-timeout: use a duration such as 90s, 10m or 1h")
        }
        return seconds
    }

    /// `--wait-timeout` in seconds, or nil without `--wait`.
    static func timeout(_ parsed: ParsedCommand) throws -> Double? {
        guard parsed[waitFlag] else {
            if parsed.given(waitTimeoutFlag) { throw parsed.usageError("--wait-timeout goes with --wait") }
            return nil
        }
        return try parseTimeout(parsed)
    }

    /// Polls until RUNNING; the deployment returned keeps the tier's name `deployment` had (a poll reads no
    /// catalog), unless its tier changed meanwhile.
    func wait(for deployment: Deployment) async throws -> Deployment {
        let progress = ProgressLine(notices: context.notices)
        let now = context.dependencies.now
        let started = now()
        var current = deployment
        var poll = 0
        while true {
            let elapsed = now().timeIntervalSince(started)
            switch current.status {
            case "RUNNING":
                progress.finish("Deployment \(current.name) is RUNNING (waited \(Self.describe(elapsed)))")
                return current
            case "ERROR", "STOPPED":
                progress.finish("Deployment \(current.name) is \(current.status)")
                throw VMCtlError.failure("deployment \(current.name) is \(current.status), not RUNNING",
                                         hint: "see 'vmctl deployment get \(current.id)' and the VictoriaMetrics Cloud console")
            default:
                break
            }
            if elapsed >= timeout {
                progress.finish("Still \(current.status) after \(Self.describe(elapsed))")
                throw VMCtlError.failure("timed out after \(Self.describe(timeout)) waiting for deployment \(current.name) to be RUNNING (it is \(current.status))",
                                         hint: "check again later with 'vmctl deployment get \(current.id)'")
            }
            progress.update("Waiting for deployment \(current.name): \(current.status)", detail: "(\(Self.describe(elapsed)))")
            await pause(after: &poll, elapsed: elapsed)
            current = try await service.get(current.id)
            if current.tierName == nil && current.tier == deployment.tier { current.tierName = deployment.tierName }
        }
    }

    /// Polls a deployment by name or ID until the API no longer knows it (404), or the time is up.
    /// Returns how it was named.
    func waitUntilDeleted(_ reference: String) async throws -> String {
        let progress = ProgressLine(notices: context.notices)
        let now = context.dependencies.now
        let started = now()
        var poll = 0
        var name = reference
        while true {
            let elapsed = now().timeIntervalSince(started)
            let status: String
            do {
                let current = try await service.get(poll == 0 ? reference : name)
                (name, status) = (current.id, current.status)
            } catch let error as VMCtlError where error.kind == .notFound {
                progress.finish("Deployment \(reference) is deleted\(poll == 0 ? "" : " (waited \(Self.describe(elapsed)))")")
                return reference
            }
            if elapsed >= timeout {
                progress.finish("Still \(status) after \(Self.describe(elapsed))")
                throw VMCtlError.failure("timed out after \(Self.describe(timeout)) waiting for deployment \(reference) to be deleted (it is \(status))",
                                         hint: "check again later with 'vmctl deployment get \(name)'")
            }
            progress.update("Waiting for deployment \(reference) to go: \(status)", detail: "(\(Self.describe(elapsed)))")
            await pause(after: &poll, elapsed: elapsed)
        }
    }

    /// Sleeps until the next poll: quickly at first, then every few seconds, never past the deadline.
    private func pause(after poll: inout Int, elapsed: Double) async {
        let interval = Self.intervals[min(poll, Self.intervals.count - 1)]
        poll += 1
        await context.dependencies.sleep(min(interval, max(0.05, timeout - elapsed)))
    }

    static func describe(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s < 60 ? "\(s)s" : "\(s / 60)m\(s % 60 == 0 ? "" : "\(s % 60)s")"
    }
}

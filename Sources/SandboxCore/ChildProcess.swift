import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Stopping a child process, the one way the sandbox (its VictoriaMetrics) and the end-to-end tests
/// (the sandbox, vmagent) do it.
public enum ChildProcess {
    /// Stops `process` if it is running: SIGTERM, then SIGKILL when it has not exited within `grace`
    /// seconds; returns once it has exited (its `terminationStatus` is then set).
    public static func stop(_ process: Process, grace: Double = 5) {
        guard process.isRunning else { return }
        let pid = process.processIdentifier
        process.terminate()
        let deadline = Date().addingTimeInterval(grace)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(pid, SIGKILL) }
        process.waitUntilExit()
    }
}

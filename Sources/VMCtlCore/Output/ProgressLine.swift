import VMCtlSupport

/// Progress on stderr: one line rewritten in place on a terminal, plain lines (only when something
/// changes) otherwise, so logs stay readable (and with `--format json`, where each is a `{"note": …}` line).
/// It speaks through `Notices`, so what a server said (a status) is escaped like every other line.
public final class ProgressLine: @unchecked Sendable {
    private let notices: Notices
    private let live: Bool
    private var lastPlain: String?
    private var drawn = false

    public init(notices: Notices) {
        self.notices = notices
        live = notices.live
    }

    /// Shows the current state. `detail` (e.g. elapsed time) only refreshes the live line.
    public func update(_ state: String, detail: String = "") {
        let state = Renderer.oneLine(state)
        if live {
            notices.progress("\r\u{1B}[2K\(state)\(detail.isEmpty ? "" : " \(Renderer.oneLine(detail))")")
            drawn = true
        } else if state != lastPlain {
            notices.line(state)
            lastPlain = state
        }
    }

    /// Ends the progress with a final line.
    public func finish(_ line: String) {
        if live && drawn { notices.progress("\r\u{1B}[2K") }
        notices.line(line)
        drawn = false
    }
}

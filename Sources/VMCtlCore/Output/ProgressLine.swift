import VMCtlSupport
/// Progress on stderr: one line rewritten in place on a terminal, plain lines (only when something
/// changes) otherwise, so logs stay readable.
public final class ProgressLine: @unchecked Sendable {
    private let io: IOStreams
    private var lastPlain: String?
    private var drawn = false

    public init(io: IOStreams) { self.io = io }

    /// Shows the current state. `detail` (e.g. elapsed time) only refreshes the live line.
    public func update(_ state: String, detail: String = "") {
        if io.stderrIsTTY {
            io.stderr.write("\r\u{1B}[2K\(state)\(detail.isEmpty ? "" : " \(detail)")")
            drawn = true
        } else if state != lastPlain {
            io.stderr.write(state + "\n")
            lastPlain = state
        }
    }

    /// Ends the progress with a final line.
    public func finish(_ line: String) {
        if io.stderrIsTTY && drawn { io.stderr.write("\r\u{1B}[2K") }
        io.stderr.write(line + "\n")
        drawn = false
    }
}

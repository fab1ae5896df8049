import VMCtlSupport

/// How results are printed.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table
    case json
}

/// The one way vmctl speaks on stderr besides results and errors: warnings, notices (a retry, a stale
/// stored ID), progress, the `--debug` log and the questions it asks.
///
/// In table mode every line passes through `Renderer.oneLine`, so nothing a server or a user sent can break
/// a line or drive the terminal. With `--format json` every line is one JSON object instead
/// (`{"warning": …}`, `{"note": …}`, `{"debug": …}`), so a script can read stderr line by line
/// (docs/json.md, stderr); a question is asked only when stderr is a terminal, where a person reads it.
/// Commands get it from their context, and the API client from whoever made it; nothing else writes to stderr.
public struct Notices: Sendable {
    let sink: TextSink
    let style: Style
    /// The format of the run: JSON lines on stderr with `.json`.
    public let format: OutputFormat
    /// Whether stderr is a terminal.
    let terminal: Bool

    /// - Parameter color: whether `Warning:` may be coloured (only ever on a terminal).
    public init(_ sink: TextSink, color: Bool, format: OutputFormat = .table, terminal: Bool = false) {
        self.sink = sink
        style = Style(enabled: color && format == .table)
        self.format = format
        self.terminal = terminal
    }

    /// Notices from the streams of a run: coloured when allowed and stderr is a terminal.
    public init(io: IOStreams, color: Bool, format: OutputFormat = .table) {
        self.init(io.stderr, color: color && io.stderrIsTTY, format: format, terminal: io.stderrIsTTY)
    }

    /// `Warning: …` on a line of its own; `{"warning": "…"}` with `--format json`.
    public func warning(_ message: String) {
        sink.write(format == .json ? Self.jsonLine("warning", message) : Self.warningLine(message, style: style))
    }

    /// A line as it is (escaped), without a label: "Revoked token …", a hint, a note; `{"note": "…"}` with
    /// `--format json`.
    public func line(_ message: String) {
        sink.write(format == .json ? Self.jsonLine("note", message) : Renderer.oneLine(message) + "\n")
    }

    /// A question on the terminal, with the answer expected on the same line. With `--format json` it is
    /// asked only when stderr is a terminal: otherwise stderr holds JSON lines alone.
    public func ask(_ question: String) {
        if format == .json && !terminal { return }
        sink.write(question.split(separator: "\n", omittingEmptySubsequences: false).map { Renderer.oneLine(String($0)) }
            .joined(separator: "\n") + " ")
    }

    /// Whether progress may rewrite a line in place: on a terminal, in table mode.
    public var live: Bool { terminal && format == .table }

    /// Raw text for live progress (a line rewritten in place); nothing with `--format json`, where
    /// progress is said in whole lines (`line`).
    public func progress(_ text: String) {
        if format == .json { return }
        sink.write(text)
    }

    /// Where `--debug` writes: stderr as it is, or with `--format json` each line as `{"debug": "…"}`.
    public var debugLog: TextSink {
        format == .json ? JSONLinesSink(key: "debug", sink: sink) : sink
    }

    static func warningLine(_ message: String, style: Style) -> String {
        style.yellow("Warning:") + " \(Renderer.oneLine(message))\n"
    }

    /// `{"key": "message"}` and a newline: one line, whatever the message holds.
    static func jsonLine(_ key: String, _ message: String) -> String {
        JSONValue.obj([key: .string(message)]).serialized(pretty: false) + "\n"
    }
}

/// A sink that writes each line of what it is given as `{"key": "line"}`, all of one write at once.
struct JSONLinesSink: TextSink {
    let key: String
    let sink: TextSink

    func write(_ text: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        guard !lines.isEmpty else { return }
        sink.write(lines.map { Notices.jsonLine(key, String($0)) }.joined())
    }
}

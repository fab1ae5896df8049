import VMCtlSupport

/// How results are printed.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table
    case json
}

/// The one way vmctl speaks on stderr besides results and errors: warnings, notices (a retry, a stale
/// stored ID) and the questions it asks. Every line passes through `Renderer.oneLine`, so nothing a server
/// or a user sent can break a line or drive the terminal. Commands get it from their context, and the API
/// client from whoever made it; nothing else writes to stderr.
public struct Notices: Sendable {
    let sink: TextSink
    let style: Style

    /// - Parameter color: whether `Warning:` may be coloured (only ever on a terminal).
    public init(_ sink: TextSink, color: Bool) {
        self.sink = sink
        style = Style(enabled: color)
    }

    /// Notices from the streams of a run: coloured when allowed and stderr is a terminal.
    public init(io: IOStreams, color: Bool) {
        self.init(io.stderr, color: color && io.stderrIsTTY)
    }

    /// `Warning: …` on a line of its own.
    public func warning(_ message: String) {
        sink.write(Self.warningLine(message, style: style))
    }

    /// A line as it is (escaped), without a label: "Revoked token …", a hint, a note.
    public func line(_ message: String) {
        sink.write(Renderer.oneLine(message) + "\n")
    }

    /// A question on the terminal, with the answer expected on the same line.
    public func ask(_ question: String) {
        sink.write(question.split(separator: "\n", omittingEmptySubsequences: false).map { Renderer.oneLine(String($0)) }
            .joined(separator: "\n") + " ")
    }

    /// Raw text for live progress (a line rewritten in place).
    public func progress(_ text: String) {
        sink.write(text)
    }

    static func warningLine(_ message: String, style: Style) -> String {
        style.yellow("Warning:") + " \(Renderer.oneLine(message))\n"
    }
}

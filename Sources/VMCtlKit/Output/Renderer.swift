/// Prints command results and errors in the chosen format: data on stdout, everything else on stderr.
public struct Renderer: Sendable {
    public let io: IOStreams
    public let format: OutputFormat
    public let color: Bool

    public init(io: IOStreams, format: OutputFormat, color: Bool) {
        self.io = io
        self.format = format
        self.color = color
    }

    private var errStyle: Style { Style(enabled: color && io.stderrIsTTY) }

    /// Prints a result and returns the exit code it calls for.
    public func render(_ result: CommandResult) -> Int32 {
        for warning in result.warnings { io.stderr.write(Renderer.warningLine(warning, io: io, color: color)) }
        for note in result.notes { io.stderr.write(note + "\n") }
        if let p = result.presentation {
            switch format {
            case .json:
                io.stdout.write(p.json.serialized() + "\n")
            case .table:
                if let empty = p.emptyMessage, p.table.isEmptyList {
                    io.stderr.write(empty + "\n")
                } else {
                    let table = TableRenderer(width: io.stdoutIsTTY ? io.terminalWidth : nil,
                                              style: Style(enabled: color && io.stdoutIsTTY))
                    io.stdout.write(table.render(p.table))
                }
                if let secret = p.secret {
                    io.stdout.write(secret + "\n")
                }
            }
        }
        for failure in result.failures { writeError(failure) }
        return result.failures.first?.exitCode ?? 0
    }

    /// `Warning: …` for stderr, yellow on a colour terminal.
    public static func warningLine(_ message: String, io: IOStreams, color: Bool) -> String {
        Style(enabled: color && io.stderrIsTTY).yellow("Warning:") + " \(message)\n"
    }

    /// Prints an error: `Error: …`, an optional hint line, and with `--format json` the JSON error object.
    public func render(_ error: VMCtlError) -> Int32 {
        writeError(error)
        return error.exitCode
    }

    private func writeError(_ error: VMCtlError) {
        io.stderr.write(errStyle.red("Error:") + " \(error.message)\n")
        if let hint = error.hint { io.stderr.write(hint + "\n") }
        if format == .json {
            let object = JSONValue.obj(["error": .obj(["code": .string(error.kind.rawValue),
                                                       "exit_code": .int(Int64(error.exitCode)),
                                                       "message": .string(error.message)])])
            io.stderr.write(object.serialized(pretty: false) + "\n")
        }
    }
}

extension TableView {
    var isEmptyList: Bool {
        if case .list(_, let rows) = self { return rows.isEmpty }
        return false
    }
}

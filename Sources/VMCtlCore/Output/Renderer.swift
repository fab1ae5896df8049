import VMCtlSupport
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

    /// Where warnings and notes are said.
    public var notices: Notices { Notices(io: io, color: color, format: format) }

    /// Prints a result and returns the exit code it calls for.
    public func render(_ result: CommandResult) -> Int32 {
        let notices = self.notices
        result.warnings.forEach(notices.warning)
        result.notes.forEach(notices.line)
        if let p = result.presentation {
            switch format {
            case .json:
                if let list = p.items {
                    writeJSON(list)
                } else {
                    var bytes = p.json.serializedBytes()
                    bytes.append(UInt8(ascii: "\n"))
                    io.stdout.write(bytes: bytes)
                }
            case .table:
                let table = TableRenderer(width: io.stdoutIsTTY ? io.terminalWidth : nil,
                                          style: Style(enabled: color && io.stdoutIsTTY))
                if let list = p.items {
                    if let empty = p.emptyMessage, list.count == 0 {
                        notices.line(empty)
                    } else {
                        table.renderList(columns: list.columns, count: list.count, row: list.row, keepRows: !list.rowsRereadable) {
                            io.stdout.write(bytes: $0)
                        }
                    }
                } else {
                    let view = p.table
                    if let empty = p.emptyMessage, view.isEmptyList {
                        notices.line(empty)
                    } else {
                        io.stdout.write(table.render(view))
                    }
                }
                if let secret = p.secret {
                    io.stdout.write(secret + "\n")
                }
            }
        }
        // With --format json, stderr carries one error object: the failure that sets the exit code. Every
        // failure of a bulk command is in its results on stdout.
        for failure in format == .json ? Array(result.failures.prefix(1)) : result.failures { writeError(failure) }
        return result.failures.first?.exitCode ?? 0
    }

    /// A list as a JSON array, item after item, handed to stdout in chunks: the same text as the whole
    /// array serialized at once, without holding it.
    private func writeJSON(_ list: PresentedList) {
        var out: [UInt8] = []
        out.reserveCapacity(list.count > 0 ? TableRenderer.chunkBytes + 16 << 10 : 3)
        let stdout = io.stdout
        JSONValue.writeContainer(UInt8(ascii: "["), UInt8(ascii: "]"), count: list.count, indent: 0, to: &out) { i, out, level in
            list.writeJSON(i, &out, level)
            if out.count >= TableRenderer.chunkBytes {
                stdout.write(bytes: out)
                out.removeAll(keepingCapacity: true)
            }
        }
        out.append(UInt8(ascii: "\n"))
        io.stdout.write(bytes: out)
    }

    /// `text` with every control character (line breaks, escapes, NUL, DEL, C1) written as a visible
    /// escape, so that a message echoing user or server input stays one line and cannot drive the terminal.
    /// Every error, hint and warning line passes through here.
    public static func oneLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            guard isControl(scalar) else { out.unicodeScalars.append(scalar); continue }
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out += "\\u{" + String(scalar.value, radix: 16) + "}"
            }
        }
        return out
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}"
    }

    /// Prints an error: `Error: …` and an optional hint line, or with `--format json` the JSON error object
    /// alone, hint included (docs/json.md, errors).
    public func render(_ error: VMCtlError) -> Int32 {
        writeError(error)
        return error.exitCode
    }

    private func writeError(_ error: VMCtlError) {
        if format == .json {
            io.stderr.write(Self.errorObject(error).serialized(pretty: false) + "\n")
            return
        }
        var text = errStyle.red("Error:") + " \(Renderer.oneLine(error.message))\n"
        if let hint = error.hint { text += Renderer.oneLine(hint) + "\n" }
        io.stderr.write(text)
    }

    /// `{"error": {"code", "exit_code", "message", "hint"}}`: the hint is null when there is none.
    public static func errorObject(_ error: VMCtlError) -> JSONValue {
        .obj(["error": .obj(["code": .string(error.kind.rawValue),
                             "exit_code": .int(Int64(error.exitCode)),
                             "message": .string(error.message),
                             "hint": .optional(error.hint)])])
    }
}

extension TableView {
    var isEmptyList: Bool {
        if case .list(_, let rows) = self { return rows.isEmpty }
        return false
    }
}

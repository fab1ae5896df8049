import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Small wrappers over termios and ioctl for the few terminal things vmctl does.
public enum Terminal {
    /// The terminal's width in columns: `COLUMNS` when it holds a positive number (as `ls` does, so a
    /// user can ask for another width), else what the terminal on `fd` says; nil when neither tells.
    public static func width(fd: Int32, columns: String? = nil) -> Int? {
        if let columns, let n = Int(columns.trimmingCharacters(in: .whitespaces)), n > 0 { return n }
        var size = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    /// Turns echo off on a terminal and returns the settings to restore, or nil if `fd` is not a terminal.
    public static func disableEcho(fd: Int32) -> termios? {
        guard isatty(fd) == 1 else { return nil }
        var original = termios()
        guard tcgetattr(fd, &original) == 0 else { return nil }
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO)
        SavedTerminal.remember(fd: fd, original)
        _ = tcsetattr(fd, TCSAFLUSH, &silent)
        return original
    }

    public static func restore(fd: Int32, _ settings: termios) {
        var settings = settings
        _ = tcsetattr(fd, TCSAFLUSH, &settings)
        SavedTerminal.forget()
    }
}

/// The terminal settings to put back if the process is interrupted while echo is off.
/// Kept in plain globals because the SIGINT handler may only do async-signal-safe work.
public enum SavedTerminal {
    public nonisolated(unsafe) static var fd: Int32 = -1
    public nonisolated(unsafe) static var settings = termios()

    public static func remember(fd: Int32, _ value: termios) {
        settings = value
        self.fd = fd
    }

    public static func forget() { fd = -1 }

    /// Called from the signal handler.
    public static func restoreIfNeeded() {
        if fd >= 0 { _ = tcsetattr(fd, TCSANOW, &settings) }
    }
}

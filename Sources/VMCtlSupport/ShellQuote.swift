import Foundation

/// Words as a POSIX shell needs them to come out the same: bare when only safe characters are in them,
/// else in single quotes (`'*'`, `'a b'`, `'it'\''s'`).
public enum ShellQuote {
    public static func word(_ s: String) -> String {
        if !s.isEmpty && s.unicodeScalars.allSatisfy(isSafe) { return s }
        return "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    public static func line(_ words: [String]) -> String { words.map(word).joined(separator: " ") }

    private static func isSafe(_ c: Unicode.Scalar) -> Bool {
        CharacterClass.alphanumeric(c) || "-_./:=@%+,".unicodeScalars.contains(c)
    }
}

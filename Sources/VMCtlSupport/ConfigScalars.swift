import Foundation

/// Values written into the configuration files vmctl prints for clients (`token examples`).

/// A YAML scalar that reads back as `s`: plain when safe, else double-quoted.
public func yamlString(_ s: String) -> String {
    let plain = !s.isEmpty && s.unicodeScalars.allSatisfy { CharacterClass.alphanumeric($0) || "-_./:@+=".unicodeScalars.contains($0) }
    if plain { return s }
    return "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
}

/// A TOML basic string.
public func tomlString(_ s: String) -> String {
    "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
}

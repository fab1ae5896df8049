import Foundation
import VMCtlSupport

/// Random identifiers and secrets for the sandbox's resources.
public enum Random {
    public static func uuid() -> String { UUID().uuidString.lowercased() }

    /// A 16-hex-digit ID, as InfluxDB 2 uses.
    public static func hexID() -> String {
        String((0..<16).map { _ in "0123456789abcdef".randomElement()! })
    }

    public static func secret(length: Int = 40) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        return String((0..<length).map { _ in alphabet.randomElement()! })
    }
}

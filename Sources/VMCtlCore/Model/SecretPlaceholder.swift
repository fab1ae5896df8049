import VMCtlSupport
/// The placeholder that stands for a secret vmctl does not print.
public enum SecretPlaceholder {
    public static let text = "<TOKEN>"
}

/// ASCII classes without Foundation's Unicode tables.
public enum CharacterClass {
    public static func alphanumeric(_ s: Unicode.Scalar) -> Bool {
        (48...57).contains(s.value) || (65...90).contains(s.value) || (97...122).contains(s.value)
    }
}

/// ASCII classes without Foundation's Unicode tables.
enum CharacterClass {
    static func alphanumeric(_ s: Unicode.Scalar) -> Bool {
        (48...57).contains(s.value) || (65...90).contains(s.value) || (97...122).contains(s.value)
    }
}

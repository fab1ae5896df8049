/// Words as a sentence lists them: "a", "a or b", "a, b and c".
public enum WordList {
    public static func joined(_ words: [String], conjunction: String) -> String {
        guard words.count > 1 else { return words.first ?? "" }
        return words.dropLast().joined(separator: ", ") + " \(conjunction) " + words.last!
    }
}

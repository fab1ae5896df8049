/// "Did you mean" for mistyped command words, flags and choice values.
public enum Suggestion {
    /// The candidate closest to `input`, if it is close enough to be a likely typo or a prefix.
    public static func closest(to input: String, among candidates: [String]) -> String? {
        let lowered = input.lowercased()
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(lowered, candidate.lowercased())
            if best == nil || distance < best!.distance { best = (candidate, distance) }
        }
        // Close means a few edits, and fewer edits than the word has letters ("b" is not a typo of "a").
        if let best, best.distance <= max(1, min(3, input.count / 3)), best.distance < input.count { return best.candidate }
        // A unique prefix of three or more letters: `tok` for `token`.
        if lowered.count >= 3 {
            let prefixed = candidates.filter { $0.lowercased().hasPrefix(lowered) }
            if prefixed.count == 1 { return prefixed[0] }
        }
        return nil
    }

    /// Damerau–Levenshtein distance (optimal string alignment): a swap of two letters counts as one edit.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[x.count][y.count]
    }
}

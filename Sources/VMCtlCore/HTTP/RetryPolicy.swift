import Foundation
import VMCtlSupport

/// When and how long to wait before sending a request again.
/// Idempotent requests are retried on connection errors and on 429, 502, 503 and 504; a POST only when
/// the connection could not even be opened. At most `maxAttempts` in all, exponential backoff with jitter,
/// and a server's `Retry-After` honoured up to `maxRetryAfter`.
public struct RetryPolicy: Sendable {
    public var maxAttempts = 3
    public var baseDelay = 0.5
    public var maxDelay = 8.0
    public var maxRetryAfter = 60.0

    public init() {}

    public static let retryableStatuses: Set<Int> = [429, 502, 503, 504]

    /// The backoff before attempt `attempt + 1`: base·2^(attempt−1), scaled by a random factor in [0.5, 1].
    public func backoff(afterAttempt attempt: Int, random: Double) -> Double {
        let exponential = baseDelay * pow(2, Double(attempt - 1))
        return min(maxDelay, exponential) * (0.5 + 0.5 * random)
    }

    /// Seconds from a `Retry-After` header: delta-seconds or an HTTP date.
    public static func retryAfter(_ value: String?, now: Date) -> Double? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value), seconds >= 0 { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        if let date = formatter.date(from: value) { return max(0, date.timeIntervalSince(now)) }
        return nil
    }
}

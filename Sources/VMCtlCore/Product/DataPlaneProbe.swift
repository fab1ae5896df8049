import Foundation
import VMCtlSupport

/// Uses a token once against a data endpoint and says what the answer means for the token: only 401 and
/// 403 mean the token is refused; a network failure means the endpoint cannot be reached.
public struct DataPlaneProbe: Sendable {
    /// The management client, whose transport, timeout, `--debug` and redaction the probe shares.
    let client: APIClient
    let credential: Credential
    let secret: String

    public init(client: APIClient, credential: Credential, secret: String) {
        self.client = client
        self.credential = credential
        self.secret = secret
    }

    /// - Parameter acceptsBadRequest: a write that stores nothing may be answered 400 (no points); the
    ///   server authenticates before it reads the body, so that still says the token was accepted.
    public func probe(_ purpose: ClientExample.Purpose, _ method: String, _ urlText: String, body: Data? = nil,
               headers: [(name: String, value: String)] = [], acceptsBadRequest: Bool = false) async -> DirectionCheck {
        guard let url = URL(string: urlText), let scheme = url.scheme, let host = url.host,
              let base = URL(string: "\(scheme)://\(host)\(url.port.map { ":\($0)" } ?? "")") else {
            return DirectionCheck(purpose, url: urlText, outcome: .failed(status: 0, message: "not a URL"))
        }
        let data = client.derived(baseURL: base, credential: credential, secret: secret)
        do {
            let (_, response) = try await data.exchange(method, url, headers: [("User-Agent", VMCtlVersion.userAgent)] + headers,
                                                        body: body, idempotent: method == "GET")
            switch response.status {
            case 200..<300: return DirectionCheck(purpose, url: urlText, outcome: .ok(status: response.status))
            case 400 where acceptsBadRequest: return DirectionCheck(purpose, url: urlText, outcome: .ok(status: 400))
            case 401, 403: return DirectionCheck(purpose, url: urlText, outcome: .refused(status: response.status))
            default:
                let message = data.serverMessage(response.body) ?? HTTPStatus.reason(response.status)
                return DirectionCheck(purpose, url: urlText, outcome: .failed(status: response.status, message: message))
            }
        } catch {
            return DirectionCheck(purpose, url: urlText, outcome: .unreachable((error as? VMCtlError)?.message ?? "\(error)"))
        }
    }
}

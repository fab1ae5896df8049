import Foundation
import VMCtlSupport

/// Helpers for emulator responses.
public enum Reply {
    public static func error(_ status: Int, _ message: String) -> SandboxResponse {
        .json(status, .obj(["message": .string(message)]))
    }

    /// Parses a JSON object body, or answers 400.
    public static func jsonObject(_ request: SandboxRequest) -> Result<JSONValue, SandboxFailure> {
        guard let value = try? JSONParser.parse(request.body), case .object = value else {
            return .failure(SandboxFailure(400, "request body must be a JSON object"))
        }
        return .success(value)
    }
}

// A bare URLSession GET, the floor for any Swift program that fetches a URL: scripts/bench.sh builds it
// with the same flags as the vmctl under test and runs it beside curl and vmctl.
// Usage: bare-get URL [NAME:VALUE ...]   prints the body; bare-get with no URL only starts and exits.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

let arguments = CommandLine.arguments
guard arguments.count >= 2, let url = URL(string: arguments[1]) else { exit(0) }
var request = URLRequest(url: url)
for header in arguments.dropFirst(2) {
    guard let colon = header.firstIndex(of: ":") else { continue }
    request.setValue(header[header.index(after: colon)...].trimmingCharacters(in: .whitespaces), forHTTPHeaderField: String(header[..<colon]))
}
let done = DispatchSemaphore(value: 0)
nonisolated(unsafe) var code: Int32 = 1
URLSession.shared.dataTask(with: request) { data, response, _ in
    if let data, (response as? HTTPURLResponse)?.statusCode == 200 {
        FileHandle.standardOutput.write(data)
        code = 0
    }
    done.signal()
}.resume()
done.wait()
exit(code)

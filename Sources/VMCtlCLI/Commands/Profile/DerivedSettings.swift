import Foundation
import VMCtlCore
import VMCtlSupport

/// The keys vmctl works out for a profile (`deployment_id` from `deployment`), so that commands need not
/// look them up each time. `profile create` and `update` fill them when what they derive from is set; if
/// the server cannot tell now, the profile is saved without them and commands look the name up instead.
enum DerivedSettings {
    /// `profile` with its derived keys worked out again, and a warning when they could not be.
    static func fill(_ profile: Profile, context: CommandContext) async -> (Profile, String?) {
        let descriptor = profile.descriptor
        let derivedKeys = descriptor.profileKeys.filter { $0.derivedFrom != nil }
        var profile = profile
        for key in derivedKeys { profile.settings[key.name] = nil }
        guard let derive = descriptor.deriveSettings,
              derivedKeys.contains(where: { profile.setting($0.derivedFrom ?? "") != nil }) else { return (profile, nil) }
        let sources = WordList.joined(Set(derivedKeys.compactMap(\.derivedFrom)).sorted(), conjunction: "and")
        do {
            var once = context.retryPolicy
            once.maxAttempts = 1
            let derived = try await derive(profile, try context.with(retryPolicy: once).apiClient(for: profile).0)
            for key in derivedKeys { profile.settings[key.name] = derived[key.name] }
            return (profile, nil)
        } catch let error as VMCtlError {
            return (profile, "could not look up the \(sources) of profile \(profile.name) now (\(error.message)); "
                        + "each command will look it up until 'vmctl profile update \(profile.name)' can")
        } catch {
            return (profile, "could not look up the \(sources) of profile \(profile.name) now; each command will look it up")
        }
    }
}

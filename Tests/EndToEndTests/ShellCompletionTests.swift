import Foundation
import Testing
import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCtlSupport

/// Layer 3: the checked-in completion scripts, loaded by the real shells, offering candidates at points of
/// a command line — including profile names from the config and live deployment names from the sandbox.
@Suite struct ShellCompletionTests {
    static let zshDriver = #"""
    # zsh -f driver.zsh FPATH_DIR LINE: types LINE and a tab into an interactive zsh, prints the candidates.
    # Typing waits for the prompt: before the line editor runs, the terminal is in cooked mode and would
    # treat the ^U below as "kill line". Markers are written so that their echo differs from their output.
    zmodload zsh/zpty
    zpty z zsh -f -i
    zpty -w z "PROMPT='<P>' RPROMPT=''"
    zpty -w z "fpath=($1 \$fpath); autoload -U compinit; compinit -u -D"
    zpty -w z "zstyle ':completion:*' insert-tab false"
    zpty -w z 'compadd () {
      if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi
      typeset -a __hits
      builtin compadd -A __hits "$@"
      local h; for h in $__hits; do print -r -- "<C>$h</C>"; done
    }'
    zpty -w z "bindkey '^I' complete-word"
    zpty -w z "print -r -- '<READY''>'"
    local out m
    zpty -r z out '*<READY>*<P>*'
    zpty -w -n z "$2"$'\t'
    zpty -w z $'\C-u'"print -r -- '<DO''NE>'"
    zpty -r z out '*<DONE>*'
    for m in ${(f)"$(print -r -- $out | grep -o '<C>[^<]*</C>')"}; do print -r -- ${${m#<C>}%</C>}; done
    zpty -d z
    """#

    /// zsh -f driver-bash.zsh SCRIPT OUT LINE: types LINE and a tab into an interactive bash, which splits the
    /// line into COMP_WORDS as it does for a user (at `=`, among others); the completion function's
    /// candidates are written to OUT.
    static let bashDriver = #"""
    zmodload zsh/zpty
    zpty b bash --norc --noprofile -i
    zpty -w b "PS1='<P>'"
    zpty -w b "source '$1'; _vmctl_test() { _vmctl \"\$@\"; printf '%s\\n' \"\${COMPREPLY[@]}\" > '$2'; }; complete -F _vmctl_test vmctl"
    zpty -w b "echo '<READY''>'"
    local out
    zpty -r b out '*<READY>*<P>*'
    zpty -w -n b "$3"$'\t'
    zpty -w b $'\C-u'"echo '<DO''NE>'"
    zpty -r b out '*<DONE>*'
    zpty -d b
    """#

    /// The candidates `shell` offers for `line` (the cursor at its end).
    static func complete(_ shell: String, _ line: String, user: VMCtlUser) throws -> [String] {
        let completions = repositoryRoot.appendingPathComponent("completions")
        var environment = user.environment
        environment["PATH"] = productsDirectory.path + ":" + (environment["PATH"] ?? "")
        environment["XDG_CONFIG_HOME"] = nil
        environment["LINE"] = line
        // Headroom for a machine busy with the other tests; the 2s default is tested on its own.
        environment["VMCTL_COMPLETION_TIMEOUT"] = "20s"
        let result: ProcessResult
        switch shell {
        case "bash":
            let driver = user.home + "/driver-bash.zsh", out = user.home + "/bash-candidates"
            try bashDriver.write(toFile: driver, atomically: true, encoding: .utf8)
            try? FileManager.default.removeItem(atPath: out)
            let zsh = ProcessRunner.find("zsh", path: environment["PATH"]) ?? "/usr/bin/zsh"
            let driven = try runProcess(zsh, ["-f", driver, completions.appendingPathComponent("vmctl.bash").path, out, line],
                                        environment: environment, timeout: 30)
            result = ProcessResult(code: driven.code, stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "", stderr: driven.stderr)
        case "zsh":
            let driver = user.home + "/driver.zsh"
            try zshDriver.write(toFile: driver, atomically: true, encoding: .utf8)
            let zsh = ProcessRunner.find("zsh", path: environment["PATH"]) ?? "/usr/bin/zsh"
            result = try runProcess(zsh, ["-f", driver, completions.path, line], environment: environment, timeout: 30)
        default:
            // Installed where fish looks first, as a user would, so fish's own completions for other
            // programs called vmctl stay out of it.
            let dir = user.home + "/fish-completions"
            try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try? FileManager.default.removeItem(atPath: dir + "/vmctl.fish")
            try FileManager.default.copyItem(atPath: completions.appendingPathComponent("vmctl.fish").path, toPath: dir + "/vmctl.fish")
            let fish = ProcessRunner.find("fish", path: environment["PATH"]) ?? "/usr/bin/fish"
            result = try runProcess(fish, ["--no-config", "-c", "set -p fish_complete_path \(dir); complete -C \"$LINE\""], environment: environment)
        }
        return result.stdout.split(separator: "\n").map(String.init).filter { !$0.isEmpty }.sorted()
    }

    static func available(_ shell: String) -> Bool { Tools.available(shell) }

    @Test(.enabled(if: available("bash") && available("zsh") && available("fish"), "needs bash, zsh and fish"),
          arguments: ["bash", "zsh", "fish"])
    func candidates(shell: String) async throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        try user.createProfile(sandbox: sandbox)
        try user.createProfile("second", sandbox: sandbox)
        func names(_ line: String) throws -> [String] {
            try Self.complete(shell, line, user: user).map { String($0.split(separator: "\t").first ?? "") }
        }

        // vmctl tok<TAB> cr<TAB> --re<TAB> → vmctl token create --read-database
        #expect(try names("vmctl tok") == ["token"])
        #expect(try names("vmctl token cr") == ["create"])
        #expect(try names("vmctl token create --re") == ["--read-database"])
        // Fixed values, aliases, global flags after the command words.
        #expect(try names("vmctl token list --format ") == ["json", "table"])
        #expect(try names("vmctl token revoke --fo") == ["--force", "--format"])
        #expect(try names("vmctl deployment create x --maintenance-window ") == ["business", "weekend"])
        // Profiles from the config file; live deployment names and token IDs from the sandbox.
        #expect(try names("vmctl --profile ") == ["sandbox", "second"])
        #expect(try names("vmctl deployment get ") == ["dev-single", "prod-cluster"])
        let prod = try await sandbox.deploymentID("prod-cluster")
        let tokenIDs = try await sandbox.tokenSecrets(prod).keys.sorted()
        #expect(try names("vmctl token revoke ") == tokenIDs)
        #expect(try names("vmctl help token up") == ["update"])
        // Tiers and regions from the sandbox's catalog.
        #expect(try names("vmctl deployment update prod-cluster --tier c.") == ["c.medium.a", "c.small.a"])
        #expect(try names("vmctl deployment create x --region eu-") == ["eu-central-1", "eu-west-1"])
    }

    /// `vmctl -p home token revoke <TAB>` offers home's tokens, not the default profile's: the profile and
    /// the config file of the line (`-p`, `--profile`, `--profile=`, `--config`, `--config=`, quoted as the
    /// user quotes them) and an exported `VMCTL_CONFIG` reach the live lookup.
    @Test(.enabled(if: available("bash") && available("zsh") && available("fish"), "needs bash, zsh and fish"),
          arguments: ["bash", "zsh", "fish"])
    func liveLookupsUseTheProfileAndConfigOfTheLine(shell: String) async throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        try user.createProfile(sandbox: sandbox)
        try user.createProfile("home", sandbox: sandbox, deployment: "dev-single")
        let created = try user.vmctl(["token", "create", "-p", "home", "--write-database", "*", "home token", "--format", "json"])
        #expect(created.code == 0, "\(created.stderr)")
        let dev = try await sandbox.deploymentID("dev-single"), prod = try await sandbox.deploymentID("prod-cluster")
        let home = try await sandbox.tokenSecrets(dev).keys.sorted(), theDefault = try await sandbox.tokenSecrets(prod).keys.sorted()
        #expect(!home.isEmpty && Set(home).isDisjoint(with: theDefault))
        func ids(_ line: String) throws -> [String] {
            try Self.complete(shell, line, user: user).map { String($0.split(separator: "\t").first ?? "") }
        }

        #expect(try ids("vmctl token revoke ") == theDefault)
        #expect(try ids("vmctl -p home token revoke ") == home)
        #expect(try ids("vmctl token get --profile home ") == home)
        #expect(try ids("vmctl --profile=home token revoke ") == home)

        // Another config file, in a directory with a space, whose default profile is "home".
        let other = user.home + "/other dir/config.toml"
        try FileManager.default.createDirectory(atPath: user.home + "/other dir", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: user.configPath, toPath: other)
        #expect(try user.vmctl(["--config", other, "profile", "use", "home"]).code == 0)
        #expect(try ids("vmctl --config '\(other)' token revoke ") == home)
        #expect(try ids("vmctl token revoke --config=\"\(other)\" ") == home)
        #expect(try ids("vmctl --config '\(other)' -p sandbox token revoke ") == theDefault)
        user.environment["VMCTL_CONFIG"] = other
        #expect(try ids("vmctl token revoke ") == home)
    }

    /// bash splits `--flag=value` at `=` when it completes; the words are put back together.
    @Test(.enabled(if: available("bash") && available("zsh"), "needs bash and zsh"))
    func bashCompletesValuesAfterAnEqualsSign() throws {
        let user = VMCtlUser()
        #expect(try Self.complete("bash", "vmctl token list --format=", user: user) == ["json", "table"])
        #expect(try Self.complete("bash", "vmctl token list --format=js", user: user) == ["json"])
        #expect(try Self.complete("bash", "vmctl --format=json token cr", user: user) == ["create"])
    }

    @Test(.enabled(if: available("fish"), "needs fish"))
    func fishShowsTokenDescriptions() throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        try user.createProfile(sandbox: sandbox)
        let candidates = try Self.complete("fish", "vmctl token get ", user: user)
        #expect(candidates.count == 1 && candidates[0].hasSuffix("\tdefault"))
    }

    @Test func scriptsMatchWhatTheBinaryPrints() throws {
        let user = VMCtlUser()
        for (shell, file) in [("bash", "vmctl.bash"), ("zsh", "_vmctl"), ("fish", "vmctl.fish")] {
            let printed = try user.vmctl(["completion", shell]).stdout
            let checkedIn = try String(contentsOf: repositoryRoot.appendingPathComponent("completions/\(file)"), encoding: .utf8)
            #expect(printed == checkedIn, "completions/\(file) differs from 'vmctl completion \(shell)'")
        }
    }

    @Test func liveLookupsFailSilentlyAndQuickly() async throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        try user.createProfile(sandbox: sandbox)
        try user.createProfile("wrong", sandbox: sandbox, key: "not-a-key")
        let ok = try user.vmctl(["__complete", "deployments"])
        #expect(ok.stdout == "dev-single\nprod-cluster\n" && ok.stderr == "")
        let denied = try user.vmctl(["__complete", "deployments", "--profile", "wrong"])
        #expect(denied.code == 0 && denied.stdout == "" && denied.stderr == "")

        try await sandbox.injectFault(#"{"path":"/api/v1/deployments","delay_ms":8000,"times":5}"#)
        let started = Date()
        let slow = try user.vmctl(["__complete", "deployments"])
        #expect(slow.stdout == "" && slow.stderr == "")
        #expect(Date().timeIntervalSince(started) < 5)

        sandbox.stop()
        let down = try user.vmctl(["__complete", "tokens"])
        #expect(down.code == 0 && down.stdout == "" && down.stderr == "")
    }

    @Test(.enabled(if: Tools.available("man"), "needs man"))
    func manPageRendersTheWholeTree() throws {
        var environment = ProcessInfo.processInfo.environment
        environment["MANWIDTH"] = "200"
        environment["MANPAGER"] = "cat"
        environment["PAGER"] = "cat"
        let man = ProcessRunner.find("man", path: environment["PATH"]) ?? "/usr/bin/man"
        let r = try runProcess(man, ["-l", repositoryRoot.appendingPathComponent("docs/vmctl.1").path], environment: environment)
        #expect(r.code == 0)
        let text = r.stdout.replacingOccurrences(of: "\u{8}.", with: "", options: .regularExpression)
        func walk(_ chain: [CommandSpec]) {
            if chain.count > 1 { #expect(text.contains(HelpRenderer.usageLine(chain)), "man page lacks \(HelpRenderer.usageLine(chain))") }
            for sub in chain.last!.subcommands where !sub.hidden { walk(chain + [sub]) }
        }
        walk([CommandTree.root(for: Products.registry)])
        #expect(text.contains("EXIT STATUS"))
    }
}

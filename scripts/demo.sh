#!/usr/bin/env bash
# Builds vmctl and vmctl-sandbox as users get them (the static release build of scripts/build-static.sh,
# which needs nothing beyond the Swift toolchain), starts the sandbox on a free loopback port, and runs
# vmctl's main job against it: create a profile, create a token, list the tokens, revoke the token. When
# VictoriaMetrics is installed (Debian's victoria-metrics package), the sandbox runs it behind its gateway
# (--data-plane) and the demo also writes a sample with the new token and reads it back, with the commands
# vmctl printed.
# Uses a throw-away config file, so your own ~/.config/vmctl is never touched, and stops the sandbox when done.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/build-static.sh
bin=$(swift build -c release --scratch-path .build-static --show-bin-path)

work=$(mktemp -d)
sandbox_pid=""
cleanup() {
    [ -n "$sandbox_pid" ] && kill "$sandbox_pid" 2>/dev/null && wait "$sandbox_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

data_plane=()
command -v victoria-metrics >/dev/null 2>&1 && data_plane=(--data-plane)
"$bin/vmctl-sandbox" --port 0 "${data_plane[@]}" >"$work/sandbox.out" 2>/dev/null &
sandbox_pid=$!
for _ in $(seq 100); do
    [ "$(wc -l <"$work/sandbox.out")" -ge 2 ] && break
    sleep 0.1
done
url=$(sed -n 's/^vmctl-sandbox listening on //p' "$work/sandbox.out")
key=$(sed -n 's/^API key: //p' "$work/sandbox.out")
[ -n "$url" ] && [ -n "$key" ] || { echo "the sandbox did not start" >&2; exit 1; }
echo "Sandbox running at $url"

export VMCTL_CONFIG="$work/config.toml"
# Prints each command as a shell would need it typed ('*' stays quoted), then runs it.
run() {
    local shown=() word
    for word in "$@"; do
        if [[ "$word" =~ ^[A-Za-z0-9_./:=@%+,-]+$ ]]; then shown+=("$word"); else shown+=("'${word//\'/\'\\\'\'}'"); fi
    done
    printf '\n$ vmctl %s\n' "${shown[*]}"
    "$bin/vmctl" "$@"
}

printf '%s\n' "$key" | run profile create sandbox --product vmcloud --url "$url" --deployment prod-cluster --api-key-stdin
run deployment list
run token create --read-database '*' --write-database '*' "vmagent prod" | tee "$work/created.txt"
id=$(sed -n 's/^ID  *//p' "$work/created.txt")
run token list
if [ ${#data_plane[@]} -gt 0 ]; then
    # From token to data: the examples vmctl prints, run as printed: first the step that writes the token
    # file (mode 0600; the secret in it with --reveal), then curl, which reads the file.
    run token examples "$id" --tenant 0 --client curl
    "$bin/vmctl" token examples "$id" --tenant 0 --client curl --reveal --format json 2>/dev/null >"$work/examples.json"
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); open(sys.argv[2]+"/setup.sh","w").write(d["token_file_setup"]+"\n"); [open(sys.argv[2]+"/"+e["purpose"]+".sh","w").write(e["text"]+"\n") for e in d["examples"]]' "$work/examples.json" "$work"
    printf '\n$ # write the token file, then a sample, then read it back (VictoriaMetrics makes it searchable within a second or two)\n'
    (cd "$work" && sh setup.sh && sh write.sh)
    for _ in $(seq 30); do
        answer=$(cd "$work" && sh read.sh)
        case "$answer" in *'"vmctl_example"'*) break ;; esac
        sleep 1
    done
    printf '%s\n' "$answer"
    case "$answer" in *'"vmctl_example"'*) ;; *) echo "the sample did not come back" >&2; exit 1 ;; esac
    run token check "$id" --tenant 0
fi
run token revoke --force "$id"
run token list --format json

printf '\nDone. vmctl is at %s/vmctl; the sandbox is at %s/vmctl-sandbox.\n' "$bin" "$bin"
printf 'To install both, with the man page and the shell completions: bash scripts/build-static.sh --prefix ~/.local (README, Install)\n'

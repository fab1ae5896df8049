#!/usr/bin/env bash
# Builds vmctl and vmctl-sandbox, starts the sandbox on a free loopback port, and runs vmctl's main job
# against it: create a profile, create a token, list the tokens, revoke the token. Uses a throw-away
# config file, so your own ~/.config/vmctl is never touched, and stops the sandbox when done.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build -c release --product vmctl
swift build -c release --product vmctl-sandbox
bin=$(swift build -c release --show-bin-path)

work=$(mktemp -d)
sandbox_pid=""
cleanup() {
    [ -n "$sandbox_pid" ] && kill "$sandbox_pid" 2>/dev/null && wait "$sandbox_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

"$bin/vmctl-sandbox" --port 0 >"$work/sandbox.out" 2>/dev/null &
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
run() {
    printf '\n$ vmctl %s\n' "$*"
    "$bin/vmctl" "$@"
}

printf '%s\n' "$key" | run profile create sandbox --product vmcloud --url "$url" --deployment prod-cluster --api-key-stdin
run deployment list
run token create --read-database '*' --write-database '*' "vmagent prod" | tee "$work/created.txt"
id=$(sed -n 's/^ID  *//p' "$work/created.txt")
run token list
run token revoke --force "$id"
run token list --format json

printf '\nDone. vmctl is at %s/vmctl; the sandbox is at %s/vmctl-sandbox.\n' "$bin" "$bin"

#!/usr/bin/env bash
# Regenerates everything vmctl writes from its command tree: completions/, docs/reference/, docs/vmctl.1 and
# README.md's list of commands (between its <!-- commands:begin --> and <!-- commands:end --> lines).
# The tests fail when the checked-in files differ from what this writes.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product vmctl
"$(swift build --show-bin-path)/vmctl" __generate .

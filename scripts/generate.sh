#!/usr/bin/env bash
# Regenerates everything vmctl writes from its command tree: completions/, docs/reference/ and docs/vmctl.1.
# The tests fail when the checked-in files differ from what this writes.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product vmctl
"$(swift build --show-bin-path)/vmctl" __generate .

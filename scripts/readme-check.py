#!/usr/bin/env python3
"""Runs the README's and the docs' shell walkthroughs as written, in order, and fails when one does not work.

    python3 scripts/readme-check.py [-v] [FILE.md ...]      (default: README.md and docs/*.md)
    python3 scripts/readme-check.py --lint [FILE.md ...]    only check the markers and notes below; run nothing

-v prints what every section printed, not only a failing section's.

Every fenced ```sh block of a file is run with bash (-euo pipefail), in the order of the file. A file is cut
into sections at its `## ` headings; the blocks of one section run in one shell, so a variable a block sets
is there for the next, and every section starts afresh: its own empty working directory, its own throw-away
VMCTL_CONFIG, its own sandbox, and no background process of it survives it. All sections share one
temporary HOME whose ~/.local/bin comes first on PATH, ahead of /usr/bin (where Debian's victoria-metrics
package installs VictoriaMetrics' own vmctl), as Debian's ~/.profile puts it; the README's Install section
installs vmctl there, so every later `vmctl` is the static build the README tells users to install. The
rest of the environment is cleared (no VMCTL_PROFILE, VMCTL_API_KEY or XDG_CONFIG_HOME of yours).

A block runs unless the Markdown says otherwise, in an HTML comment on a line of its own (shown in the
source, hidden when rendered). Each is printed when the check runs, so nothing is skipped silently:

    <!-- readme-check: skip (REASON) -->        the next block is not run, for REASON (required)
    <!-- readme-check: skip above (REASON) -->  the block just above is not run (for the README's opening
                                                lines, which must stay the two set-up commands)
    <!-- readme-check: exit N -->               the next block must end with exit code N (a failure the
                                                text promises); it runs in a subshell
    <!-- readme-check: sandbox [ARGS] -->       this section starts with `vmctl-sandbox --port 0 ARGS` in the
                                                background, started as the README's tour shows, and
                                                SANDBOX_URL and SANDBOX_KEY exported
    <!-- readme-check: repository -->           this section runs in the repository's root (the Install
                                                section builds from it) instead of an empty directory

A block that is not run says so to readers too, not only in the comment a rendered page hides: the
nearest line of text before a `skip` marker (after a `skip above` marker) is a note of its own, in
parentheses, that says "not run by the README check" and why, e.g.

    (Needs a VictoriaMetrics Cloud account; not run by the README check.)

    <!-- readme-check: skip (needs a VictoriaMetrics Cloud account: the sandbox variant below runs instead) -->
    ```sh

The check fails when a skipped block lacks its note, and when a note stands where no block is skipped, so
the two stay in sync.

Placeholders are never filled in by this script: a walkthrough keeps an ID it needs in a shell variable
(`id=$(vmctl token create ... --format json | jq -r .id)`), as a reader pasting it would.

Exit status 0 when every block that runs succeeds (or ends with the exit code its marker names), 1 otherwise.
"""

import glob
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECTION_TIMEOUT = 600
DIRECTIVE = re.compile(r"^<!--\s*readme-check:\s*(.*?)\s*-->\s*$")
# The visible note of a skipped block: a line of its own, in parentheses (see the header).
NOTE = re.compile(r"^\(.*\bnot run by the README check\b.*\)\s*$", re.IGNORECASE)
NOTE_EXAMPLE = "(Needs a VictoriaMetrics Cloud account; not run by the README check.)"
FENCE = re.compile(r"^(`{3,})(.*)$")


class Block:
    def __init__(self, path, line, text):
        self.path, self.line, self.text = path, line, text
        self.skip = None          # the reason, when not run
        self.exit = 0             # the exit code it must end with

    @property
    def where(self):
        return f"{os.path.relpath(self.path, ROOT)}:{self.line}"


class Section:
    def __init__(self, path, title):
        self.path, self.title = path, title
        self.blocks = []
        self.sandbox = None       # the sandbox's arguments, when the section has one
        self.in_repository = False


def fail(message):
    print(f"readme-check: {message}", file=sys.stderr)
    sys.exit(1)


def parse(path):
    """The file's sections with their sh blocks and what the directives say about them."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    sections = [Section(path, "(top)")]
    pending = []              # directives waiting for the next block
    last_block = None
    notes = set()             # lines that are a skipped block's visible note
    explained = set()         # the notes a skip marker claimed

    def note_beside(i, step):
        """The index of the nearest non-blank line before (step -1) or after (step 1) line i, if a note."""
        j = i + step
        while 0 <= j < len(lines) and not lines[j].strip():
            j += step
        return j if 0 <= j < len(lines) and NOTE.match(lines[j].strip()) else None

    def require_note(i, step):
        j = note_beside(i, step)
        if j is None:
            where = f"{os.path.relpath(path, ROOT)}:{i + 1}"
            side = "above" if step < 0 else "below"
            fail(f"{where}: a block that is not run needs a visible note on the nearest line of text {side} "
                 f"this marker, in parentheses, e.g. {NOTE_EXAMPLE}")
        explained.add(j)

    i = 0
    while i < len(lines):
        line = lines[i]
        fence = FENCE.match(line)
        if NOTE.match(line.strip()):
            notes.add(i)
        if line.startswith("## "):
            if pending:
                fail(f"{path}:{i + 1}: a readme-check marker before a heading, not a block: {pending[0][1]}")
            sections.append(Section(path, line[3:].strip()))
            last_block = None
        elif DIRECTIVE.match(line):
            words = DIRECTIVE.match(line).group(1)
            where = f"{os.path.relpath(path, ROOT)}:{i + 1}"
            if words.startswith("skip above"):
                reason = re.fullmatch(r"skip above \((.+)\)", words)
                if not reason or last_block is None:
                    fail(f"{where}: 'skip above (REASON)' needs a reason and a block just above it")
                require_note(i, 1)
                last_block.skip = reason.group(1)
            elif words.startswith("skip"):
                if not re.fullmatch(r"skip \((.+)\)", words):
                    fail(f"{where}: 'skip' needs a reason: <!-- readme-check: skip (REASON) -->")
                require_note(i, -1)
                pending.append(("skip", words[6:-1]))
            elif re.fullmatch(r"exit \d+", words):
                pending.append(("exit", int(words.split()[1])))
            elif words == "sandbox" or words.startswith("sandbox "):
                sections[-1].sandbox = words.split()[1:]
            elif words == "repository":
                sections[-1].in_repository = True
            else:
                fail(f"{where}: unknown readme-check marker: {words}")
        elif fence:
            ticks, info = fence.group(1), fence.group(2).strip()
            start = i
            i += 1
            body = []
            while i < len(lines) and not lines[i].startswith(ticks):
                body.append(lines[i])
                i += 1
            if info == "sh":
                block = Block(path, start + 1, "\n".join(body) + "\n")
                for kind, value in pending:
                    setattr(block, kind, value)
                pending = []
                sections[-1].blocks.append(block)
                last_block = block
            elif pending:
                fail(f"{path}:{start + 1}: a readme-check marker before a block that is not sh")
        elif line.strip() and not line.startswith("<!--") and pending:
            fail(f"{path}:{i + 1}: a readme-check marker must stand right before its block")
        i += 1
    if pending:
        fail(f"{path}: a readme-check marker at the end, with no block after it")
    for j in sorted(notes - explained):
        fail(f"{os.path.relpath(path, ROOT)}:{j + 1}: a note says a block is not run, but no skip marker "
             f"stands beside it (<!-- readme-check: skip (REASON) --> right before the block): {lines[j].strip()}")
    return [s for s in sections if s.blocks]


def quote(text):
    return "'" + text.replace("'", "'\\''") + "'"


# Started as the README's tour starts it; `sandbox` sections get this before their first block.
SANDBOX_START = """\
__out="$__readme_check_dir/sandbox.out"
vmctl-sandbox --port 0 {args} > "$__out" 2>"$__readme_check_dir/sandbox.err" &
for __i in $(seq 300); do grep -q '^Try: ' "$__out" && break; kill -0 $! 2>/dev/null || break; sleep 0.1; done
if ! grep -q '^Try: ' "$__out"; then
    echo "readme-check: the sandbox did not start:" >&2
    cat "$__readme_check_dir/sandbox.err" >&2
    exit 1
fi
export SANDBOX_URL=$(sed -n 's/^vmctl-sandbox listening on //p' "$__out")
export SANDBOX_KEY=$(sed -n 's/^API key: //p' "$__out")
"""


def script_for(section, internal):
    """One bash script running the section's blocks in order, saying which block failed and how."""
    parts = [
        "set -euo pipefail",
        f"__readme_check_dir={quote(internal)}",
        'trap \'__rc=$?; if [ $__rc -ne 0 ]; then echo "readme-check: FAILED at $__readme_check_block: exit code $__rc" >&2; fi\' EXIT',
    ]
    if section.sandbox is not None:
        parts.append("__readme_check_block='starting the sandbox'")
        parts.append(SANDBOX_START.replace("{args}", " ".join(quote(a) for a in section.sandbox)))
    for block in section.blocks:
        if block.skip is not None:
            continue
        parts.append(f"__readme_check_block={quote(block.where)}")
        parts.append(f"printf '\\n### %s\\n' {quote(block.where)} >&2")
        if block.exit == 0:
            parts.append(block.text)
        else:
            # A subshell as a statement of its own, so that -e holds inside it.
            parts.append("set +e")
            parts.append("(\nset -euo pipefail\n" + block.text + ")")
            parts.append("__readme_check_rc=$?")
            parts.append("set -e")
            parts.append(f'if [ $__readme_check_rc -ne {block.exit} ]; then\n'
                         f'    echo "readme-check: {block.where} should end with exit code {block.exit}, not $__readme_check_rc" >&2\n'
                         f'    exit 1\nfi')
    parts.append("__readme_check_block='the end'")
    return "\n".join(parts) + "\n"


def run_section(section, home, path_env):
    """Runs one section; returns (passed, output)."""
    work = tempfile.mkdtemp(prefix="readme-check-")
    internal = tempfile.mkdtemp(prefix="readme-check-internal-")
    try:
        env = {
            "HOME": home,
            "PATH": path_env,
            "LANG": "C.UTF-8",
            "TERM": "dumb",
            "VMCTL_CONFIG": os.path.join(internal, "config", "vmctl.toml"),
            # A walkthrough that would reach a real service fails fast instead: only loopback is reachable.
            "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9",
            "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
            "no_proxy": "127.0.0.1,localhost", "NO_PROXY": "127.0.0.1,localhost",
        }
        with open(os.path.join(internal, "output"), "w+") as output:
            process = subprocess.Popen(["bash", "-c", script_for(section, internal)], cwd=ROOT if section.in_repository else work,
                                       env=env, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT,
                                       start_new_session=True)
            try:
                code = process.wait(timeout=SECTION_TIMEOUT)
                timed_out = False
            except subprocess.TimeoutExpired:
                timed_out = True
                code = None
            # Whatever the section left running (its sandbox, anything put in the background) goes with it.
            try:
                os.killpg(process.pid, signal.SIGTERM)
                time.sleep(0.2)
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait()
            output.seek(0)
            text = output.read()
        if timed_out:
            text += f"\nreadme-check: the section did not finish within {SECTION_TIMEOUT}s\n"
        return code == 0, text
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(internal, ignore_errors=True)


def check_installed(home, path_env, text):
    """After the Install section: `vmctl` on PATH must be the one it installed, and say it is this project."""
    installed = os.path.join(home, ".local", "bin", "vmctl")
    found = shutil.which("vmctl", path=path_env)
    if found is None or os.path.realpath(found) != os.path.realpath(installed):
        return False, text + f"\nreadme-check: after Install, vmctl on PATH is {found}, not {installed}\n"
    version = subprocess.run([found, "--version"], capture_output=True, text=True, env={"PATH": path_env, "HOME": home})
    if version.returncode != 0 or "token administration for VictoriaMetrics Cloud" not in version.stdout:
        return False, text + f"\nreadme-check: {found} --version does not name this project: {version.stdout}{version.stderr}\n"
    return True, text


def main():
    arguments = sys.argv[1:]
    verbose = "-v" in arguments
    lint = "--lint" in arguments
    arguments = [a for a in arguments if a not in ("-v", "--lint")]
    readme = os.path.join(ROOT, "README.md")
    files = [os.path.abspath(f) for f in arguments] or [readme] + sorted(glob.glob(os.path.join(ROOT, "docs", "*.md")))
    sections = [s for f in files for s in parse(f)]
    if lint:
        skipped = sum(1 for s in sections for b in s.blocks if b.skip is not None)
        print(f"readme-check: markers and notes of {len(files)} file(s) agree; {skipped} block(s) marked not to run")
        return 0
    # Every walkthrough runs the vmctl the README's Install section installs, also when only other files
    # are checked.
    install = [s for s in parse(readme) if s.title == "Install"]
    if len(install) != 1:
        fail("README.md has no single '## Install' section to install vmctl with")
    if readme not in files:
        sections.insert(0, install[0])
    home = tempfile.mkdtemp(prefix="readme-check-home-")
    # ~/.local/bin first, as Debian's ~/.profile puts it when it exists; then the system's directories.
    path_env = os.path.join(home, ".local", "bin") + ":" + os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin")
    failed = 0
    ran = skipped = 0
    started = time.monotonic()
    try:
        for section in sections:
            name = f"{os.path.relpath(section.path, ROOT)} § {section.title}"
            for block in section.blocks:
                if block.skip is not None:
                    skipped += 1
                    print(f"skip  {block.where}: {block.skip}")
            runnable = [b for b in section.blocks if b.skip is None]
            if not runnable:
                continue
            t = time.monotonic()
            passed, text = run_section(section, home, path_env)
            ran += len(runnable)
            if passed and section is install[0]:
                passed, text = check_installed(home, path_env, text)
            if passed:
                print(f"ok    {name}: {len(runnable)} block(s) in {time.monotonic() - t:.1f}s")
                if verbose:
                    print("\n".join("      " + line for line in text.rstrip("\n").split("\n")))
            else:
                failed += 1
                print(f"FAIL  {name}\n" + "\n".join("      " + line for line in text.rstrip("\n").split("\n")))
    finally:
        shutil.rmtree(home, ignore_errors=True)
    print(f"readme-check: {ran} block(s) run, {skipped} skipped as marked, {failed} section(s) failed "
          f"({time.monotonic() - started:.0f}s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

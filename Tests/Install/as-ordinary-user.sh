#!/usr/bin/env bash
# Run by .ci/run, as root: a new user who is not root follows the README on a fresh account, with the PATH
# a fresh login gives (Debian: /usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games, no sbin directory),
# plus the Swift toolchain's directory when the system's login profile does not add it (as a user who
# installed Swift adds it to ~/.profile). Fails when any step fails:
#
#   1. in a copy of this repository in the user's home, the README's two set-up commands (its first sh
#      block, as written: the demo against the sandbox, then the tests), and the README's install command
#      (the first line of the Install section's block: --prefix ~/.local);
#   2. Tests/Install/check-install.sh: the install into a temporary prefix, checked there;
#   3. in a new login (now with ~/.local/bin on PATH, as Debian's ~/.profile puts it), the Install section's
#      block as written, then Tests/Install/check-install.sh --home: `vmctl`, `man vmctl` and completion in
#      bash, zsh (with the two lines the README says to add to ~/.zshrc) and fish, as the user has them.
#
#   bash Tests/Install/as-ordinary-user.sh [USER]      (default user: vmctl-ci, created, or re-created, here)
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "$(id -u)" = 0 ] || { echo "as-ordinary-user.sh: run it as root: it creates the user" >&2; exit 2; }
user=${1:-vmctl-ci}
# Root's own tools (useradd, userdel, runuser), wherever root's PATH stops.
PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin
marker=.created-by-vmctl-as-ordinary-user

# A fresh account each run: one this script made before is removed with its home; any other is refused.
if home=$(getent passwd "$user" | cut -d: -f6) && [ -n "$home" ]; then
    [ -f "$home/$marker" ] || { echo "as-ordinary-user.sh: user $user exists and was not made by this script" >&2; exit 2; }
    userdel --remove "$user" 2>/dev/null || true
fi
useradd --create-home --shell /bin/bash "$user"
home=$(getent passwd "$user" | cut -d: -f6)
touch "$home/$marker"
# SwiftPM keeps its lock files in /tmp, named after the path they lock (/tmp/_home_vmctl-ci_vmctl_.build.lock);
# ones left by an account of the same name before belong to its old uid, and would refuse this one.
find /tmp -maxdepth 1 -name "$(tr / _ <<<"$home")_*" ! -user "$user" -delete

# The repository as checked out (tracked files and new ones not ignored; no build directories), owned by
# the user, as their own clone would be.
mkdir "$home/vmctl"
if git rev-parse --git-dir >/dev/null 2>&1; then
    git ls-files -z --cached --others --exclude-standard \
        | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
        | tar --null -T - -cf - | tar -xf - -C "$home/vmctl"
else
    tar --exclude='./.build*' --exclude=./.git -cf - . | tar -xf - -C "$home/vmctl"
fi
chown -R "$user:" "$home"

# As the user: a login shell, with the environment a login gives (runuser -l clears the rest).
as_user() { runuser -l "$user" -c "$1"; }
if [ -z "$(as_user 'command -v swift' || true)" ]; then
    toolchain=$(dirname "$(command -v swift)")
    printf '\n# The Swift toolchain\nPATH="$PATH:%s"\n' "$toolchain" >>"$home/.profile"
fi
login_path=$(as_user 'echo "$PATH"')
echo "as-ordinary-user: $user ($(as_user id)), login PATH=$login_path"
case ":$login_path:" in
    *sbin*) echo "as-ordinary-user.sh: the login PATH has an sbin directory; it must be an ordinary user's" >&2; exit 1 ;;
esac
[ -n "$(as_user 'command -v swift' || true)" ] || { echo "as-ordinary-user.sh: swift is not on $user's PATH" >&2; exit 1; }

# The README's set-up commands (its first sh block) and the Install section's block, as written.
readme_block() {  # the first ```sh block after the line that matches $1 (the file's start when empty)
    awk -v after="$1" '
        after == "" || $0 == after { found = 1 }
        found && /^```sh$/ { inside = 1; next }
        inside && /^```/ { exit }
        inside { print }' README.md
}
setup=$(readme_block "")
install=$(readme_block "## Install")
install_command=$(sed -n 1p <<<"$install")
[ -n "$setup" ] && [[ $install_command == "bash scripts/build-static.sh --prefix ~/.local"* ]] \
    || { echo "as-ordinary-user.sh: README.md: no set-up block, or the Install block does not start with the install" >&2; exit 1; }

# Each step a script in the user's home, run in a login shell, so that no command reads the next from stdin.
step() {  # NAME SCRIPT
    local file="$home/.ci-step-$1.sh" started rc=0
    printf 'set -euo pipefail\ncd ~/vmctl\n%s\n' "$2" >"$file"
    chown "$user:" "$file"
    echo "as-ordinary-user: $1"
    sed 's/^/    $ /' <<<"$2"
    started=$(date +%s)
    as_user "bash $file" </dev/null || rc=$?
    echo "as-ordinary-user: $1: exit $rc, $(( $(date +%s) - started ))s"
    [ $rc -eq 0 ] || exit 1
}
step setup "$setup"$'\n'"$install_command"
step check-install "bash Tests/Install/check-install.sh"
# What the README says to add for zsh (Install, "Man page and shell completion").
printf '%s\n' 'fpath=(~/.local/share/zsh/site-functions $fpath)' 'autoload -Uz compinit && compinit' >"$home/.zshrc"
chown "$user:" "$home/.zshrc"
step installed "$install"$'\n'"bash Tests/Install/check-install.sh --home"
echo "as-ordinary-user: the README's set-up commands and install work for $user"

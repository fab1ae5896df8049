#!/usr/bin/env bash
# Builds vmctl and vmctl-sandbox in release mode with the Swift runtime and Foundation linked statically,
# which makes every vmctl command start faster: the build users get (README, Install). FoundationNetworking
# still needs the system's libcurl; the static link wants the libcurl.so development name, which this script
# provides when the libcurl4-openssl-dev package is not installed.
#
#   bash scripts/build-static.sh [--prefix DIR] [SWIFT_BUILD_ARGS...]
#
# Writes .build-static/release/vmctl and .build-static/release/vmctl-sandbox, with their debug information.
# With --prefix DIR it also installs, as a package would, creating the directories it needs:
#   DIR/bin/vmctl, DIR/bin/vmctl-sandbox                 stripped (vmctl: 62 MB instead of 82)
#   DIR/share/man/man1/vmctl.1                           docs/vmctl.1
#   DIR/share/bash-completion/completions/vmctl          completions/vmctl.bash (loaded by bash-completion)
#   DIR/share/zsh/site-functions/_vmctl                  completions/_vmctl
#   DIR/share/fish/vendor_completions.d/vmctl.fish       completions/vmctl.fish
# e.g. --prefix ~/.local or, as root, --prefix /usr/local: their bin directories come before /usr/bin on
# PATH, where Debian's victoria-metrics package puts VictoriaMetrics' own vmctl. It then asks man,
# bash-completion, zsh and fish (those installed) whether they find what it installed, with DIR/bin on PATH,
# and says what to set where they do not. Runs as any user: nothing here needs root or /usr/sbin.
set -euo pipefail

prefix=""
args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) [ $# -ge 2 ] && [ -n "$2" ] || { echo "build-static.sh: --prefix needs a directory" >&2; exit 2; }; prefix=$2; shift 2 ;;
        --prefix=*) prefix=${1#--prefix=}; [ -n "$prefix" ] || { echo "build-static.sh: --prefix needs a directory" >&2; exit 2; }; shift ;;
        *) args+=("$1"); shift ;;
    esac
done
# A relative prefix is relative to where the command was typed, not to the repository; --prefix=~/x has
# no tilde expansion from the shell.
case "$prefix" in
    "") ;;
    "~") prefix=$HOME ;;
    "~/"*) prefix=$HOME/${prefix#"~/"} ;;
    /*) ;;
    *) prefix=$PWD/$prefix ;;
esac
[ "$prefix" = / ] || prefix=${prefix%/}
cd "$(dirname "$0")/.."

scratch=.build-static
source scripts/lib/curl-link.sh
provide_curl_link "$scratch/lib"
# lld, the toolchain's own linker: gold (the default) prints a note for glibc's mktemp, which the static
# Foundation library calls, on every link.
swift build -c release --static-swift-stdlib --scratch-path "$scratch" -Xswiftc -use-ld=lld -Xlinker -L"$PWD/$scratch/lib" -Xlinker --gc-sections "${args[@]}"
bin=$(swift build -c release --scratch-path "$scratch" --show-bin-path)
# The point of this build: no Swift runtime, Foundation or Dispatch library is loaded at run time (the
# system's libc, libstdc++ and libcurl are).
for name in vmctl vmctl-sandbox; do
    if dynamic=$(ldd "$bin/$name" | grep -E 'lib(swift|Foundation|dispatch|BlocksRuntime)'); then
        echo "build-static.sh: $bin/$name still loads the Swift runtime dynamically:" >&2
        echo "$dynamic" >&2
        exit 1
    fi
done
echo "Built $bin/vmctl and $bin/vmctl-sandbox"

[ -n "$prefix" ] || exit 0

# The installed binaries are stripped (the build's keep their debug information, for debugging). The
# toolchain's llvm-objcopy strips them; binutils' objcopy where a toolchain has none.
toolchain_bin=$(dirname "$(readlink -f "$(command -v swift)")")
objcopy=$toolchain_bin/llvm-objcopy
[ -x "$objcopy" ] || objcopy=$(command -v objcopy || command -v llvm-objcopy || true)
[ -n "$objcopy" ] || { echo "build-static.sh: no objcopy to strip the binaries with: install binutils" >&2; exit 1; }

# Copies (or strips) SOURCE to DEST with MODE through a temporary name in DEST's directory, renamed into
# place, so that a vmctl that is running keeps its file and no half-written file is ever installed.
install_file() {
    local mode=$1 source=$2 dest=$3 how=${4:-copy} tmp
    mkdir -p "$(dirname "$dest")"
    tmp="$(dirname "$dest")/.$(basename "$dest").new"
    if [ "$how" = strip ]; then
        "$objcopy" --strip-all "$source" "$tmp" || { rm -f "$tmp"; return 1; }
    else
        cp "$source" "$tmp" || { rm -f "$tmp"; return 1; }
    fi
    chmod "$mode" "$tmp"
    mv -f "$tmp" "$dest"
}
megabytes() { echo "$(( ($(wc -c <"$1") + 500000) / 1000000 )) MB"; }

man_page=$prefix/share/man/man1/vmctl.1
bash_file=$prefix/share/bash-completion/completions/vmctl
zsh_dir=$prefix/share/zsh/site-functions
fish_dir=$prefix/share/fish/vendor_completions.d
install_file 755 "$bin/vmctl" "$prefix/bin/vmctl" strip
install_file 755 "$bin/vmctl-sandbox" "$prefix/bin/vmctl-sandbox" strip
install_file 644 docs/vmctl.1 "$man_page"
install_file 644 completions/vmctl.bash "$bash_file"
install_file 644 completions/_vmctl "$zsh_dir/_vmctl"
install_file 644 completions/vmctl.fish "$fish_dir/vmctl.fish"
echo "Installed into $prefix:"
printf '  %-58s %s\n' \
    "$prefix/bin/vmctl" "stripped, $(megabytes "$prefix/bin/vmctl")" \
    "$prefix/bin/vmctl-sandbox" "stripped, $(megabytes "$prefix/bin/vmctl-sandbox")" \
    "$man_page" "man page" \
    "$bash_file" "bash completion" \
    "$zsh_dir/_vmctl" "zsh completion" \
    "$fish_dir/vmctl.fish" "fish completion"

# Where each reader looks, asked of the reader itself, with PREFIX/bin first on PATH (as it must be for
# `vmctl` to be this one). One line each; a note says what to set where one does not find its file.
same() { [ -n "$1" ] && [ "$(readlink -f "$1")" = "$(readlink -f "$2")" ]; }
run_shell() { timeout 20 env PATH="$prefix/bin:$PATH" "$@" </dev/null 2>/dev/null || true; }
report() { printf '  %-24s %s\n' "$1" "$2"; }
notes=()
echo "Found, with $prefix/bin on PATH, by:"
if command -v man >/dev/null 2>&1; then
    # man-db adds PREFIX/share/man to its search path for PREFIX/bin on PATH.
    found=$(run_shell man -w vmctl)
    if same "$found" "$man_page"; then
        report "man vmctl" yes
    else
        report "man vmctl" "no: it finds ${found:-no vmctl page}"
        notes+=("for man vmctl, add to your shell's profile: export MANPATH=\"$prefix/share/man:\$MANPATH\" (a MANPATH ending in ':' keeps the system's pages)")
    fi
else
    report "man vmctl" "no: man is not installed"
    notes+=("man is not installed (Debian, Ubuntu: apt-get install man-db); until then: man -l $man_page")
fi
# bash and zsh are asked as they start for you: with ~/.bashrc and ~/.zshrc when you have them (and the
# last line they print is the answer), with nothing when you have none; fish reads its config either way.
bash_completion=""
for f in /usr/share/bash-completion/bash_completion /etc/bash_completion; do
    [ -f "$f" ] && { bash_completion=$f; break; }
done
# What the first TAB after `vmctl ` does when nothing defined vmctl's completion yet: bash-completion's
# default completion (complete -D) loads a file for vmctl from its directories. extdebug tells which
# file the completion function came from.
# shellcheck disable=SC2016
probe='
    if ! complete -p vmctl >/dev/null 2>&1; then
        [ -n "${BASH_COMPLETION_VERSINFO:-}" ] || [ -z "$1" ] || source "$1" >/dev/null 2>&1
        loader=$(complete -p -D 2>/dev/null | sed -n "s/.* -F \([^ ]*\) .*/\1/p")
        [ -n "$loader" ] && "$loader" vmctl "" vmctl >/dev/null 2>&1
    fi
    function=$(complete -p vmctl 2>/dev/null | sed -n "s/.* -F \([^ ]*\) .*/\1/p")
    shopt -s extdebug
    echo "$([ -n "$function" ] && declare -F "$function" | cut -d" " -f3-)"'
if [ -f ~/.bashrc ]; then
    found=$(run_shell bash -i -c "$probe" _ "" | tail -n 1)
else
    found=$(run_shell bash --norc --noprofile -c "$probe" _ "$bash_completion" | tail -n 1)
fi
if same "$found" "$bash_file"; then
    report bash yes
elif [ -z "$bash_completion" ]; then
    report bash "no: the bash-completion package is not installed"
    notes+=("bash completion is loaded by the bash-completion package (Debian, Ubuntu: apt-get install bash-completion); without it, add to ~/.bashrc: source $bash_file")
else
    report bash "no: bash-completion loads ${found:-no completion for vmctl}"
    notes+=("for bash, add to ~/.bashrc: source $bash_file")
fi
if command -v zsh >/dev/null 2>&1; then
    # The _vmctl that compinit would autoload: the first on fpath (zsh ships OpenBSD's).
    # shellcheck disable=SC2016
    probe='autoload -Uz +X _vmctl >/dev/null 2>&1; print -r -- ${functions_source[_vmctl]}'
    if [ -f "${ZDOTDIR:-$HOME}/.zshrc" ]; then
        found=$(run_shell zsh -i -c "$probe" | tail -n 1)
        fpath_is="fpath after ~/.zshrc"
    else
        found=$(run_shell zsh -f -c "$probe")
        fpath_is="default fpath"
    fi
    if same "$found" "$zsh_dir/_vmctl"; then
        report zsh "yes (its $fpath_is; ~/.zshrc must run compinit)"
    else
        report zsh "no: its $fpath_is gives ${found:-no _vmctl}"
        notes+=("for zsh, add to ~/.zshrc, before its compinit (or followed by 'autoload -Uz compinit && compinit' when it has none): fpath=($zsh_dir \$fpath)")
    fi
fi
if command -v fish >/dev/null 2>&1; then
    # fish loads the first vmctl.fish on $fish_complete_path (fish ships one for OpenBSD's vmctl).
    found=$(run_shell fish -c 'for d in $fish_complete_path; if test -f $d/vmctl.fish; echo $d/vmctl.fish; break; end; end')
    if same "$found" "$fish_dir/vmctl.fish"; then
        report fish yes
    else
        report fish "no: its \$fish_complete_path gives ${found:-no vmctl.fish}"
        notes+=("for fish, add to ~/.config/fish/config.fish: set -p fish_complete_path $fish_dir")
    fi
fi
found=$(command -v vmctl || true)
if [ -z "$found" ] || ! same "$found" "$prefix/bin/vmctl"; then
    hint=""
    # Debian's and Ubuntu's ~/.profile add ~/.local/bin when it exists at login: on a first install, it did not.
    if same "$prefix" "$HOME/.local" && grep -qs '\.local/bin' ~/.profile; then hint=" (your ~/.profile does it when you log in again)"; fi
    notes+=("'vmctl' on your PATH is ${found:-not found}, not this one: put $prefix/bin before /usr/bin on PATH$hint")
fi
for note in "${notes[@]}"; do echo "Note: $note" >&2; done

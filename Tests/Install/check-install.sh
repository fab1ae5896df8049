#!/usr/bin/env bash
# Checks vmctl installed as users install it (scripts/build-static.sh --prefix DIR): stripped binaries that
# run, the man page rendered by man, and `vmctl tok<TAB>` completed to `token` by bash (through
# bash-completion's loader), zsh and fish from the installed files. Run by .ci/run as an ordinary user
# (Tests/Install/as-ordinary-user.sh); needs man, bash-completion, zsh and fish.
#
#   bash Tests/Install/check-install.sh           install into a temporary prefix and check it there, each
#                                                 reader pointed at the prefix as for --prefix ~/.local
#                                                 (XDG_DATA_HOME=PREFIX/share for bash-completion and fish,
#                                                 zsh's fpath, man -M and PATH for man)
#   bash Tests/Install/check-install.sh --home    check what `--prefix ~/.local` installed, in the user's own
#                                                 login environment, touched by nothing but what the README
#                                                 says to add (zsh's fpath, in ~/.zshrc): `vmctl` and `man vmctl`
#                                                 from PATH, bash with ~/.bashrc, zsh with ~/.zshrc, fish
#
# Exit status 0 when every check passes, 1 otherwise; one line per check.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD

mode=prefix
case "${1:-}" in
    "") ;;
    --home) mode=home ;;
    *) echo "usage: bash Tests/Install/check-install.sh [--home]" >&2; exit 2 ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
pass() { echo "ok    $*"; }
fail() { echo "FAIL  $*"; failed=1; }

if [ "$mode" = prefix ]; then
    prefix=$work/prefix
    started=$(date +%s)
    if ! bash scripts/build-static.sh --prefix "$prefix" >"$work/install.out" 2>&1; then
        cat "$work/install.out"
        echo "FAIL  bash scripts/build-static.sh --prefix $prefix"
        exit 1
    fi
    pass "bash scripts/build-static.sh --prefix $prefix ($(( $(date +%s) - started ))s)"
    sed -n '/^Installed into/,$p' "$work/install.out" | sed 's/^/      /'
    # The readers find the prefix as they find ~/.local: bash-completion and fish under XDG_DATA_HOME
    # (~/.local/share by default), man-db from PATH; zsh as the install output says.
    export XDG_DATA_HOME=$prefix/share
    zsh_fpath=$prefix/share/zsh/site-functions
else
    prefix=$HOME/.local
    zsh_fpath=""
fi
export PATH="$prefix/bin:$PATH"
cd "$work"

# Files: each where its reader looks, as checked in.
for pair in "share/man/man1/vmctl.1 docs/vmctl.1" \
            "share/bash-completion/completions/vmctl completions/vmctl.bash" \
            "share/zsh/site-functions/_vmctl completions/_vmctl" \
            "share/fish/vendor_completions.d/vmctl.fish completions/vmctl.fish"; do
    set -- $pair
    if cmp -s "$prefix/$1" "$repo/$2"; then pass "$prefix/$1 is $2"; else fail "$prefix/$1 is missing or differs from $2"; fi
done

# Binaries: stripped (no debug information, no symbol table), and they run.
toolchain_bin=$(dirname "$(readlink -f "$(command -v swift)")")
sections() {
    if command -v readelf >/dev/null 2>&1; then readelf -S -W "$1"; else "$toolchain_bin/llvm-objdump" -h "$1"; fi
}
for name in vmctl vmctl-sandbox; do
    file=$prefix/bin/$name
    if [ ! -x "$file" ]; then fail "$file is missing or not executable"; continue; fi
    if ! list=$(sections "$file"); then
        fail "$file: cannot read its sections"
    elif kept=$(grep -oE '\.(debug_[a-z_]+|symtab)' <<<"$list" | sort -u | tr '\n' ' ') && [ -n "$kept" ]; then
        fail "$file is not stripped: $kept"
    else
        pass "$file is stripped ($(( ($(wc -c <"$file") + 500000) / 1000000 )) MB; no .debug_* or .symtab section)"
    fi
done
if [ "$(command -v vmctl)" = "$prefix/bin/vmctl" ] \
    && version=$(vmctl --version) && [[ $version == *"token administration for VictoriaMetrics Cloud"* ]]; then
    pass "vmctl on PATH is $prefix/bin/vmctl: $version"
else
    fail "vmctl on PATH is $(command -v vmctl || echo nothing), not $prefix/bin/vmctl, or its --version is wrong"
fi
if "$prefix/bin/vmctl-sandbox" --help >/dev/null 2>&1; then pass "$prefix/bin/vmctl-sandbox --help"; else fail "$prefix/bin/vmctl-sandbox --help"; fi

# man: the page man finds (from PATH, as man-db derives PREFIX/share/man from PREFIX/bin), and rendered.
man_args=()
[ "$mode" = prefix ] && man_args=(-M "$prefix/share/man")
found=$(man -w vmctl 2>&1 || true)
if [ "$found" = "$prefix/share/man/man1/vmctl.1" ]; then pass "man -w vmctl: $found"; else fail "man -w vmctl: $found"; fi
if page=$(MANPAGER=cat PAGER=cat MANWIDTH=100 man "${man_args[@]}" vmctl 2>"$work/man.err") \
    && [[ $page == *"VMCTL(1)"* ]] && grep -q 'token' <<<"$page"; then
    pass "man ${man_args[*]} vmctl renders ($(wc -l <<<"$page") lines)"
else
    fail "man ${man_args[*]} vmctl: $(head -c 300 "$work/man.err")"
fi

# bash: what the first TAB does for a command with no completion yet: bash-completion's default completion
# (complete -D) loads the command's file from its directories; then the function it defines is called as
# bash calls it. extdebug tells which file the function came from.
bash_driver='
    [ -z "$1" ] || source "$1"
    [ -n "${BASH_COMPLETION_VERSINFO:-}" ] || { echo "NOBASHCOMPLETION"; exit 0; }
    loader=$(complete -p -D 2>/dev/null | sed -n "s/.* -F \([^ ]*\) .*/\1/p")
    [ -n "$loader" ] && "$loader" vmctl "" vmctl >/dev/null 2>&1
    function=$(complete -p vmctl 2>/dev/null | sed -n "s/.* -F \([^ ]*\) .*/\1/p")
    shopt -s extdebug
    echo "FILE $(declare -F "$function" | cut -d" " -f3-)"
    shopt -u extdebug
    COMP_LINE="vmctl tok"; COMP_POINT=${#COMP_LINE}; COMP_WORDS=(vmctl tok); COMP_CWORD=1
    "$function" vmctl tok vmctl
    printf "CANDIDATE %s\n" "${COMPREPLY[@]}"
'
if [ "$mode" = prefix ]; then
    bash_completion=/usr/share/bash-completion/bash_completion
    [ -f $bash_completion ] || bash_completion=/etc/bash_completion
    bash --norc --noprofile -c "$bash_driver" _ "$bash_completion" >"$work/bash.out" 2>"$work/bash.err" </dev/null || true
else
    # An interactive shell reads ~/.bashrc, which loads bash-completion on Debian and Ubuntu.
    bash -i -c "$bash_driver" _ "" >"$work/bash.out" 2>"$work/bash.err" </dev/null || true
fi
loaded=$(sed -n 's/^FILE //p' "$work/bash.out")
candidates=$(sed -n 's/^CANDIDATE //p' "$work/bash.out" | tr '\n' ' ')
if grep -q NOBASHCOMPLETION "$work/bash.out"; then
    fail "bash: bash-completion is not loaded (install the bash-completion package$([ "$mode" = home ] && echo ", and let ~/.bashrc load it"))"
elif [ "$loaded" = "$prefix/share/bash-completion/completions/vmctl" ] && [ "$candidates" = "token " ]; then
    pass "bash (bash-completion): vmctl tok<TAB> -> token, from $loaded"
else
    fail "bash (bash-completion): vmctl tok<TAB> -> '${candidates% }', from '${loaded}' $(head -c 300 "$work/bash.err")"
fi

# zsh: types `vmctl tok` and a tab into an interactive zsh (zpty), as the end-to-end tests do
# (Tests/EndToEndTests/ShellCompletionTests.swift), and prints the candidates zsh offers. With FPATH_DIR
# it starts from no configuration and adds FPATH_DIR to fpath before compinit; with "-" it reads ~/.zshrc.
cat >"$work/driver.zsh" <<'EOF'
zmodload zsh/zpty
if [[ $1 == - ]]; then
    zpty z zsh -i
else
    zpty z zsh -f -i
fi
zpty -w z "PROMPT='<P>' RPROMPT=''"
[[ $1 == - ]] || zpty -w z "fpath=($1 \$fpath); autoload -U compinit; compinit -u -D"
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
zpty -w z 'print -r -- "<SOU""RCE>${functions_source[_vmctl]}</SOU""RCE>"'
zpty -r z out '*<SOURCE>*</SOURCE>*'
print -r -- "FILE ${${${(M)out##*<SOURCE>*</SOURCE>}##*<SOURCE>}%%</SOURCE>*}"
zpty -d z
EOF
if [ "$mode" = home ] && [ ! -f "${ZDOTDIR:-$HOME}/.zshrc" ]; then
    # Without one, an interactive zsh would stop at zsh-newuser-install's questions.
    echo "no ~/.zshrc" >"$work/zsh.err"
else
        timeout 60 zsh -f "$work/driver.zsh" "${zsh_fpath:--}" "vmctl tok" >"$work/zsh.out" 2>"$work/zsh.err" </dev/null || true
fi
touch "$work/zsh.out"
loaded=$(sed -n 's/^FILE //p' "$work/zsh.out" | tr -d '\r')
candidates=$({ grep -v '^FILE ' "$work/zsh.out" || true; } | tr -d '\r' | tr '\n' ' ')
if [ "$loaded" = "$prefix/share/zsh/site-functions/_vmctl" ] && [ "$candidates" = "token " ]; then
    pass "zsh: vmctl tok<TAB> -> token, from $loaded (fpath: ${zsh_fpath:-as ~/.zshrc sets it})"
else
    fail "zsh: vmctl tok<TAB> -> '${candidates% }', from '$loaded' $(head -c 300 "$work/zsh.err")"
fi

# fish: its own completion of the line, from the first vmctl.fish on $fish_complete_path (fish ships one
# for OpenBSD's vmctl, further down the path).
fish -c 'for d in $fish_complete_path; if test -f $d/vmctl.fish; echo "FILE $d/vmctl.fish"; break; end; end
         complete -C "vmctl tok"' >"$work/fish.out" 2>"$work/fish.err" </dev/null || true
loaded=$(sed -n 's/^FILE //p' "$work/fish.out")
candidates=$({ grep -v '^FILE ' "$work/fish.out" || true; } | cut -f1 | tr '\n' ' ')
if [ "$loaded" = "$prefix/share/fish/vendor_completions.d/vmctl.fish" ] && [ "$candidates" = "token " ]; then
    pass "fish: vmctl tok<TAB> -> token, from $loaded"
else
    fail "fish: vmctl tok<TAB> -> '${candidates% }', from '$loaded' $(head -c 300 "$work/fish.err")"
fi

exit $failed

#!/usr/bin/env bash
# Install deepsteps from this checkout: the grader's sandbox (bubblewrap) where the system allows,
# then the package and its test tools in ./.venv. Safe to run again. The README's first command.
#
# bubblewrap is a system package; `deepsteps grade` refuses to run student code without it (or
# with a bwrap that cannot start a sandbox) unless the instructor passes --no-sandbox.
set -euo pipefail
cd "$(dirname "$0")"

say() { printf 'install: %s\n' "$*"; }

as_root() {
    # Root runs it directly; otherwise sudo, asking for a password only where someone can type it.
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then
        if [ -t 0 ]; then sudo "$@"; else sudo -n "$@"; fi
    else return 1
    fi
}

install_bubblewrap() {
    if [ "$(uname -s)" != Linux ]; then
        say "bubblewrap runs on Linux only. To grade a class, use a Linux VM (or a Linux container that allows"
        say "user namespaces); lessons and exercises work here as they are."
        return 0
    fi
    if command -v bwrap >/dev/null 2>&1; then return 0; fi
    say "installing bubblewrap, the sandbox student code is graded in"
    if command -v apt-get >/dev/null 2>&1; then
        as_root sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap' >/dev/null
    elif command -v dnf >/dev/null 2>&1; then as_root dnf install -y -q bubblewrap
    elif command -v yum >/dev/null 2>&1; then as_root yum install -y -q bubblewrap
    elif command -v pacman >/dev/null 2>&1; then as_root pacman -S --noconfirm --needed bubblewrap
    elif command -v zypper >/dev/null 2>&1; then as_root zypper --non-interactive install bubblewrap
    elif command -v apk >/dev/null 2>&1; then as_root apk add bubblewrap
    else false
    fi || say "could not install bubblewrap (no root, or no known package manager): ask an administrator for the 'bubblewrap' package"
}

check_bubblewrap() {
    command -v bwrap >/dev/null 2>&1 || return 0
    if ! bwrap --ro-bind / / --unshare-all --die-with-parent true 2>/tmp/deepsteps-bwrap.$$; then
        say "bubblewrap is installed but cannot create a sandbox here: $(tail -n 1 /tmp/deepsteps-bwrap.$$)"
        say "allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1), run as root, or use a Linux VM"
    fi
    rm -f /tmp/deepsteps-bwrap.$$
}

install_bubblewrap
check_bubblewrap

python3 -c 'import sys; sys.exit(sys.version_info < (3, 10))' || { say "deepsteps needs Python 3.10 or newer"; exit 1; }
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"
say "done: activate the environment with '. .venv/bin/activate'"

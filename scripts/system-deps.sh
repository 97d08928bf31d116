#!/usr/bin/env bash
# Install the Debian packages the end-to-end tests need (tests/e2e): an X server, a window
# manager, xdotool, a screenshot tool and the libraries Qt's xcb platform plugin loads.
#
#   bash scripts/system-deps.sh          (as root, or as a user who may sudo)
#
# Idempotent and quick: when every package is already installed it makes no apt call at all.
# Otherwise it runs `apt-get update` once and installs only what is missing, at the exact
# versions pinned in scripts/debian-packages.txt. A pinned version that has left the mirror
# (Debian replaces packages at point releases) gives way to the current candidate, with a
# one-line warning, rather than failing the build.
set -euo pipefail

LIST="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/debian-packages.txt"

say() { printf 'system-deps: %s\n' "$*"; }
warn() { printf 'system-deps: WARNING: %s\n' "$*" >&2; }
die() { printf 'system-deps: ERROR: %s\n' "$*" >&2; exit 1; }

[[ -r $LIST ]] || die "cannot read $LIST"

# NAME=VERSION pairs, comments and blank lines left out.
names=()
declare -A pinned=()
while read -r entry _; do
    [[ -z $entry || $entry == \#* ]] && continue
    [[ $entry == *=* ]] || die "$LIST: '$entry' is not NAME=VERSION"
    names+=("${entry%%=*}")
    pinned[${entry%%=*}]=${entry#*=}
done <"$LIST"

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    # Not Debian: nothing here can install them. The e2e tests skip, naming what is missing.
    warn "no dpkg/apt-get here; install the equivalents of $LIST by hand to run tests/e2e"
    exit 0
fi

# One dpkg-query for all of them; "ii" is installed (not just configured files left behind).
# Any installed version counts: replacing a newer security update with the pin would be worse.
declare -A installed=()
while IFS=$'\t' read -r name status; do
    [[ $status == ii* ]] && installed[$name]=1
done < <(dpkg-query -W -f='${Package}\t${db:Status-Abbrev}\n' "${names[@]}" 2>/dev/null || true)

missing=()
for name in "${names[@]}"; do
    [[ -n ${installed[$name]:-} ]] || missing+=("$name")
done
if ((${#missing[@]} == 0)); then
    exit 0  # the common case, silent: `make test` calls this every time
fi

SUDO=()
if ((EUID != 0)); then
    command -v sudo >/dev/null 2>&1 \
        || die "not root and no sudo; as root run: apt-get install ${missing[*]}"
    SUDO=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
APT=("${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -y
     -o DPkg::Lock::Timeout=300)

say "installing ${missing[*]}"
"${APT[@]}" update >/dev/null || die "apt-get update failed"

wanted=()
for name in "${missing[@]}"; do
    version=${pinned[$name]}
    # madison lists every version the configured mirrors offer: "name | version | source".
    if apt-cache madison "$name" | awk -F'|' '{gsub(/ /, "", $2); print $2}' \
            | grep -qxF -- "$version"; then
        wanted+=("$name=$version")
        continue
    fi
    candidate=$(apt-cache policy "$name" | awk '$1 == "Candidate:" {print $2}')
    [[ -n $candidate && $candidate != "(none)" ]] || die "$name is not available from apt"
    warn "$name=$version is no longer on the mirror; installing $name=$candidate instead"
    wanted+=("$name=$candidate")
done

# No recommends: they would pull in a desktop's worth of extras (obconf, scrot, man pages...).
"${APT[@]}" install --no-install-recommends "${wanted[@]}" >/dev/null \
    || die "apt-get install ${wanted[*]} failed"
say "installed ${wanted[*]}"

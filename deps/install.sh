#!/usr/bin/env bash
# Installs the Debian packages in deps/debian.txt that are not installed yet.
# Safe to re-run: with nothing missing it changes nothing and needs no network or root.
# Runs 'apt-get update' at most once, and only when something must be installed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
list="${1:-$here/debian.txt}"

die() { echo "deps/install.sh: error: $*" >&2; exit 1; }

[ -r "$list" ] || die "cannot read the package list '$list'"
command -v dpkg-query >/dev/null 2>&1 || die "dpkg-query not found: Beacon builds on Debian 12 (bookworm)"

wanted=()
while IFS= read -r line || [ -n "$line" ]; do
  line="${line%%#*}"
  line="$(echo "$line" | tr -d '[:space:]')"
  [ -n "$line" ] && wanted+=("$line")
done < "$list"

missing=()
for pkg in "${wanted[@]}"; do
  status="$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)"
  [ "$status" = "installed" ] || missing+=("$pkg")
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "deps: all ${#wanted[@]} Debian packages are installed"
  exit 0
fi

echo "deps: installing ${#missing[@]} missing package(s): ${missing[*]}"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || die "not root and no sudo: install as root: apt-get install ${missing[*]}"
  sudo=(sudo)
fi

export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq || die "'apt-get update' failed: check the network or /etc/apt/sources.list"
if ! "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
  die "'apt-get install' failed for: ${missing[*]} (is this Debian 12? see the messages above)"
fi

still=()
for pkg in "${missing[@]}"; do
  status="$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)"
  [ "$status" = "installed" ] || still+=("$pkg")
done
[ "${#still[@]}" -eq 0 ] || die "still missing after install: ${still[*]}"
echo "deps: installed ${missing[*]}"

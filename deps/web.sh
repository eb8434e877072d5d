#!/usr/bin/env bash
# The console (web/): installs Node.js and npm from Debian if they are missing, the npm packages
# pinned by web/package-lock.json (again only when the lock file changed), then type-checks and
# builds the console into build/web, which `beacon serve --web build/web` serves.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
die() { echo "deps/web.sh: error: $*" >&2; exit 1; }

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  "$root/deps/install.sh" "$root/deps/web.txt"
fi
major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$major" -ge 18 ] || die "Node.js $(node --version) is too old: the console needs 18 or later"

cd "$root/web"
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  npm ci --no-audit --no-fund || die "'npm ci' failed in web/ (is the npm registry reachable?)"
fi
npm run --silent build || die "the console did not build (see the messages above)"
echo "web: console built into build/web"

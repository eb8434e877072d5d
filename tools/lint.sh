#!/usr/bin/env bash
# tools/lint.sh BUILD_DIR: clang-format check, then clang-tidy (checks in .clang-tidy) on every
# Beacon source in BUILD_DIR/compile_commands.json. Exits non-zero on any finding.
set -uo pipefail
build="${1:?usage: tools/lint.sh BUILD_DIR}"
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mapfile -t files < <(git ls-files -co --exclude-standard -- '*.h' '*.cc' \
  | grep -v -e '^tests/cmake/layering_fixture/' -e '^tests/compile_fail/')
rc=0
echo "lint: clang-format on ${#files[@]} files"
clang-format --dry-run -Werror "${files[@]}" || rc=1
mapfile -t sources < <(printf '%s\n' "${files[@]}" | grep '\.cc$')
echo "lint: clang-tidy on ${#sources[@]} sources"
# g++-only warning flags in the compile database are unknown to clang: ignore those.
printf '%s\n' "${sources[@]}" | xargs -P "$(nproc)" -n 4 clang-tidy -p "$build" --quiet \
  --extra-arg=-Wno-unknown-warning-option || rc=1
exit $rc

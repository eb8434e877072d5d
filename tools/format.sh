#!/usr/bin/env bash
# Formats Beacon's C++ sources in place with clang-format (style in .clang-format).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
git ls-files -co --exclude-standard -- '*.h' '*.cc' | grep -v '^tests/cmake/layering_fixture/' \
  | xargs -r clang-format -i

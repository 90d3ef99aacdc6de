#!/usr/bin/env bash
# The whole test suite, from a bare clone: installs what the tests need when it is missing, builds, then runs vitest.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "test: installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
fi
echo "test: building dist/"
npm run --silent build
npx vitest run "$@"

#!/usr/bin/env bash
# The whole test suite, from a bare clone: installs what the tests need when it is missing, builds, then runs vitest.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "test: installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
fi
# issue 6: the inspector's end-to-end test drives Debian's Chromium
if [ ! -x /usr/bin/chromium ]; then
  echo "test: installing chromium (apt-get)"
  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi
# issue 5: a private PostgreSQL 15 + pgvector server on 127.0.0.1:55432 for the PostgreSQL store's tests
if [ -z "${ENGRAM_TEST_DATABASE_URL:-}" ]; then
  echo "test: starting PostgreSQL with pgvector (scripts/setup-postgres.sh)"
  ENGRAM_TEST_DATABASE_URL=$(bash scripts/setup-postgres.sh | tail -n 1)
fi
export ENGRAM_TEST_DATABASE_URL
echo "test: building dist/"
npm run --silent build
npx vitest run "$@"

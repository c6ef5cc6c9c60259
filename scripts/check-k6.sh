#!/usr/bin/env bash
# Type-checks the k6 scenarios (plain JS) against @types/k6 with tsc --checkJs; k6 itself is not needed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../k6"
command -v npm >/dev/null 2>&1 || { echo "[k6] npm is required (apt-get install npm)" >&2; exit 1; }
npm ci --no-audit --no-fund --loglevel=error >/dev/null
npx --no-install tsc -p . 
echo "[k6] scenarios type-check against @types/k6"

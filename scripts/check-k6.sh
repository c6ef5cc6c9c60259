#!/usr/bin/env bash
# Type-checks the k6 scenarios (plain JS) against @types/k6 with tsc --checkJs; k6 itself is not needed.
# Then checks that the smoke scenario (run by deploy.yml against every region) keeps what the deploy relies
# on: a JSON summary (handleSummary), test users erased in teardown, thresholds on lost messages; and runs
# it under Node with stand-ins for the k6 modules against an in-memory fake region (k6/test/harness.mjs).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../k6"
command -v npm >/dev/null 2>&1 || { echo "[k6] npm is required (apt-get install npm)" >&2; exit 1; }
npm ci --no-audit --no-fund --prefer-offline --loglevel=error >/dev/null
npx --no-install tsc -p .
echo "[k6] scenarios type-check against @types/k6"

smoke=scenarios/smoke.js
missing=0
need() { grep -Eq -- "$2" "$3" || { echo "[k6] $3: $1 (no match for /$2/)" >&2; missing=$((missing + 1)); }; }
need "writes a JSON summary" '^export function handleSummary\(' "$smoke"
need "erases the test users in teardown" '^export function teardown\(' "$smoke"
need "erasure as the contract says (POST /v1/me/requests, type erasure)" "'/v1/me/requests', \\{ type: 'erasure'" lib/api.js
need "a user refused as erased counts as erased (403, code erased)" "status === 403 && problemCode\\(res\\) === 'erased'" lib/api.js
need "fails on lost messages" "charter_messages_lost: \\['count==0'\\]" "$smoke"
need "fails unless every test user is erased" "charter_users_erased: \\['rate==1'\\]" "$smoke"
need "sends nothing before both sockets are welcomed" 'welcomes === 2' "$smoke"
(( missing == 0 )) || { echo "[k6] $missing smoke scenario check(s) failed" >&2; exit 1; }
echo "[k6] smoke scenario: JSON summary, erasure in teardown, loss thresholds"
# k6 is not installed here: run the smoke scenario's logic under Node against a fake region (k6/test/harness.mjs).
node test/harness.mjs

#!/usr/bin/env bash
# Builds the TypeScript SDK (sdk/typescript), checks that its packed tarball installs and imports, and runs its
# tests against the packaged server (target/quarkus-app, built here when missing) on a real PostgreSQL.
#   CHARTER_SDK_TEST_PORT (18115) and CHARTER_SDK_TEST_MANAGEMENT_PORT (9115): the server's ports.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_java
if ! command -v npm >/dev/null 2>&1; then
  log "installing Node.js and npm"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
export CHARTER_TEST_DB_NAME="${CHARTER_SDK_DB_NAME:-charter_test_sdk}"
bash "$CHARTER_ROOT/scripts/db-up.sh"
export_datasource "$CHARTER_TEST_DB_NAME"
cd "$CHARTER_ROOT"
[[ -f target/quarkus-app/quarkus-run.jar ]] || ./mvnw -B -q package -DskipTests -Dspotless.check.skip=true

cd "$CHARTER_ROOT/sdk/typescript"
npm ci --no-audit --no-fund
npm run build
tarball="$PWD/$(npm pack --silent | tail -n 1)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch" "$tarball"' EXIT
(cd "$scratch" && npm init -y >/dev/null && npm install --no-audit --no-fund "$tarball" >/dev/null \
  && node -e "const c = require('@charter/client'); if (typeof c.ChatClient !== 'function' || typeof c.RestClient !== 'function') process.exit(1)") \
  || die "the packed SDK does not install and import"
log "packed SDK installs and imports: $(basename "$tarball")"
npm test

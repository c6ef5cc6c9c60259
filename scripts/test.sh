#!/usr/bin/env bash
# Runs every test against a real local PostgreSQL: the @QuarkusTest suites, then the same suites and the
# multi-instance and crash tests against the packaged application (*IT). Extra arguments go to Maven.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_java
bash "$CHARTER_ROOT/scripts/db-up.sh"
export_datasource "$CHARTER_TEST_DB_NAME"
cd "$CHARTER_ROOT"
exec ./mvnw -B verify -Pit "$@"

#!/usr/bin/env bash
# Runs Charter in dev mode (live reload) with the local key provider and the local PostgreSQL.
# Creates a dev JWT key pair under .charter/dev so scripts/dev-token.sh can mint tokens the server accepts.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_java
bash "$CHARTER_ROOT/scripts/db-up.sh"
export_datasource "$CHARTER_DB_NAME"
dev_dir="$CHARTER_ROOT/.charter/dev"
mkdir -p "$dev_dir"
if [[ ! -f "$dev_dir/jwt-private.pem" ]]; then
  log "creating a dev JWT key pair in $dev_dir"
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$dev_dir/jwt-private.pem" 2>/dev/null
  openssl pkey -in "$dev_dir/jwt-private.pem" -pubout -out "$dev_dir/jwt-public.pem"
  chmod 600 "$dev_dir/jwt-private.pem"
fi
export CHARTER_DEV_JWT_PUBLIC_KEY="$dev_dir/jwt-public.pem"
cd "$CHARTER_ROOT"
exec ./mvnw -B quarkus:dev -Dquarkus.console.enabled=false "$@"

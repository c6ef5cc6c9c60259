#!/usr/bin/env bash
# Makes a real PostgreSQL ready for Charter, idempotently:
#  1. a server already answering on CHARTER_DB_HOST:CHARTER_DB_PORT is used as it is;
#  2. otherwise an installed Debian cluster (pg_ctlcluster) is started;
#  3. otherwise a private cluster is initdb'ed under .charter/pg (as an unprivileged user when run as root);
# then the role and the databases (dev and test) are created if missing.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PRIVATE_PGDATA="$CHARTER_ROOT/.charter/pg"

answers() { pg_isready -q -h "$CHARTER_DB_HOST" -p "$CHARTER_DB_PORT" 2>/dev/null; }

pg_bin_dir() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [[ -x "$dir/initdb" ]] && { echo "$dir"; return; }
  done
  command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)"
}

wait_until_ready() {
  for _ in $(seq 1 60); do answers && return 0; sleep 0.5; done
  die "PostgreSQL did not start on ${CHARTER_DB_HOST}:${CHARTER_DB_PORT}"
}

start_debian_cluster() {
  command -v pg_lsclusters >/dev/null 2>&1 || return 1
  local line version name port status
  while read -r version name port status _; do
    [[ "$port" == "$CHARTER_DB_PORT" ]] || continue
    if [[ "$status" != online* ]]; then
      log "starting PostgreSQL cluster $version/$name on port $port"
      if [[ $EUID -eq 0 ]]; then pg_ctlcluster "$version" "$name" start
      else sudo -n pg_ctlcluster "$version" "$name" start 2>/dev/null || pg_ctlcluster "$version" "$name" start; fi
    fi
    wait_until_ready
    CLUSTER_KIND=debian
    return 0
  done < <(pg_lsclusters -h 2>/dev/null)
  return 1
}

# A cluster owned by an unprivileged user, for machines without a system cluster (PostgreSQL refuses root).
start_private_cluster() {
  local bin; bin="$(pg_bin_dir)" || true
  [[ -n "$bin" ]] || return 1
  local owner="${USER:-$(id -un)}" run=()
  if [[ $EUID -eq 0 ]]; then
    owner=postgres
    id -u "$owner" >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash "$owner"
    run=(runuser -u "$owner" --)
  fi
  mkdir -p "$PRIVATE_PGDATA"; chown "$owner" "$PRIVATE_PGDATA" "$CHARTER_ROOT/.charter" 2>/dev/null || true
  chmod 700 "$PRIVATE_PGDATA"
  if [[ ! -f "$PRIVATE_PGDATA/PG_VERSION" ]]; then
    log "initialising a private PostgreSQL cluster in $PRIVATE_PGDATA"
    "${run[@]}" "$bin/initdb" -D "$PRIVATE_PGDATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  fi
  log "starting the private PostgreSQL cluster on port $CHARTER_DB_PORT"
  "${run[@]}" "$bin/pg_ctl" -D "$PRIVATE_PGDATA" -l "$PRIVATE_PGDATA/server.log" -w \
    -o "-p $CHARTER_DB_PORT -k /tmp -c listen_addresses=$CHARTER_DB_HOST" start >/dev/null
  wait_until_ready
  CLUSTER_KIND=private
  PRIVATE_RUN=("${run[@]}")
}

# Runs psql as a superuser of the local cluster.
superuser_psql() {
  case "${CLUSTER_KIND:-}" in
    private) "${PRIVATE_RUN[@]}" psql -h /tmp -p "$CHARTER_DB_PORT" -U postgres -v ON_ERROR_STOP=1 -qAt "$@" ;;
    *)
      if [[ $EUID -eq 0 ]] && id -u postgres >/dev/null 2>&1; then
        runuser -u postgres -- psql -p "$CHARTER_DB_PORT" -v ON_ERROR_STOP=1 -qAt "$@"
      elif [[ -n "${PGSUPERUSER:-}" ]]; then
        psql -h "$CHARTER_DB_HOST" -p "$CHARTER_DB_PORT" -U "$PGSUPERUSER" -v ON_ERROR_STOP=1 -qAt "$@"
      else
        sudo -n -u postgres psql -p "$CHARTER_DB_PORT" -v ON_ERROR_STOP=1 -qAt "$@"
      fi ;;
  esac
}

can_login() {
  PGPASSWORD="$CHARTER_DB_PASSWORD" psql -h "$CHARTER_DB_HOST" -p "$CHARTER_DB_PORT" -U "$CHARTER_DB_USER" \
    -d "$1" -qAtc 'select 1' >/dev/null 2>&1
}

ensure_role_and_databases() {
  if can_login "$CHARTER_DB_NAME" && can_login "$CHARTER_TEST_DB_NAME"; then return; fi
  log "creating role '$CHARTER_DB_USER' and databases '$CHARTER_DB_NAME', '$CHARTER_TEST_DB_NAME'"
  superuser_psql -d postgres <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${CHARTER_DB_USER}') THEN
    CREATE ROLE "${CHARTER_DB_USER}" LOGIN PASSWORD '${CHARTER_DB_PASSWORD}' CREATEDB CREATEROLE;
  ELSE
    ALTER ROLE "${CHARTER_DB_USER}" LOGIN PASSWORD '${CHARTER_DB_PASSWORD}' CREATEDB CREATEROLE;
  END IF;
END \$\$;
SQL
  local db
  for db in "$CHARTER_DB_NAME" "$CHARTER_TEST_DB_NAME"; do
    if [[ "$(superuser_psql -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]]; then
      superuser_psql -d postgres -c "CREATE DATABASE \"$db\" OWNER \"$CHARTER_DB_USER\""
    fi
  done
  can_login "$CHARTER_DB_NAME" || die "role '$CHARTER_DB_USER' still cannot log in over TCP; check pg_hba.conf"
}

# TLS with a self-signed certificate, so that tests can check every connection (the LISTEN ones included)
# follows the datasource's TLS settings, as production needs (RDS with rds.force_ssl refuses plain TCP).
# Only where this script may write the server's data directory; elsewhere the TLS test is skipped.
ensure_tls() {
  [[ "$(superuser_psql -d postgres -c 'SHOW ssl' 2>/dev/null)" == on ]] && return 0
  local data owner
  data="$(superuser_psql -d postgres -c 'SHOW data_directory' 2>/dev/null)" || return 0
  [[ -n "$data" && -d "$data" && -w "$data" ]] && command -v openssl >/dev/null 2>&1 || return 0
  owner="$(stat -c %U "$data")"
  log "turning on TLS for PostgreSQL (self-signed certificate in $data)"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=localhost" \
    -keyout "$data/charter-tls.key" -out "$data/charter-tls.crt" >/dev/null 2>&1 || return 0
  chown "$owner" "$data/charter-tls.key" "$data/charter-tls.crt" 2>/dev/null || true
  chmod 600 "$data/charter-tls.key"
  superuser_psql -d postgres -c "ALTER SYSTEM SET ssl_cert_file = '$data/charter-tls.crt'"
  superuser_psql -d postgres -c "ALTER SYSTEM SET ssl_key_file = '$data/charter-tls.key'"
  superuser_psql -d postgres -c "ALTER SYSTEM SET ssl = on"
  superuser_psql -d postgres -c "SELECT pg_reload_conf()" >/dev/null
}

command -v psql >/dev/null 2>&1 && command -v pg_isready >/dev/null 2>&1 || die "PostgreSQL client tools are missing.
  Debian/Ubuntu: apt-get install postgresql      macOS: brew install postgresql@15
  Or point CHARTER_DB_HOST/CHARTER_DB_PORT at an existing PostgreSQL 15+ server,
  or skip these scripts and use Quarkus Dev Services (needs Docker): ./mvnw quarkus:dev"

if answers; then
  log "PostgreSQL answers on ${CHARTER_DB_HOST}:${CHARTER_DB_PORT}"
  if [[ -f "$PRIVATE_PGDATA/postmaster.pid" ]]; then CLUSTER_KIND=private; PRIVATE_RUN=(); [[ $EUID -eq 0 ]] && PRIVATE_RUN=(runuser -u postgres --); fi
elif start_debian_cluster || start_private_cluster; then
  :
else
  die "No PostgreSQL server found or installable here.
  Debian/Ubuntu: apt-get install postgresql      macOS: brew install postgresql@15
  Or set CHARTER_DB_HOST/CHARTER_DB_PORT to a running PostgreSQL 15+ server."
fi
ensure_role_and_databases
# The owner creates the service's own login role in the migration step (common/AppRoleSetup), as the RDS master
# user does; roles made before that step existed lack the right.
if [[ "$(superuser_psql -d postgres -c "SELECT rolcreaterole FROM pg_roles WHERE rolname = '${CHARTER_DB_USER}'" 2>/dev/null)" == f ]]; then
  superuser_psql -d postgres -c "ALTER ROLE \"${CHARTER_DB_USER}\" CREATEROLE"
fi
ensure_tls || true
log "database ready: postgresql://${CHARTER_DB_USER}@${CHARTER_DB_HOST}:${CHARTER_DB_PORT}/${CHARTER_DB_NAME} (tests: ${CHARTER_TEST_DB_NAME})"

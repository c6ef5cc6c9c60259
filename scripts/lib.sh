# Shared settings for Charter's scripts. Source it; do not run it.
# Everything can be overridden from the environment.
set -euo pipefail

CHARTER_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CHARTER_DB_HOST="${CHARTER_DB_HOST:-127.0.0.1}"
CHARTER_DB_PORT="${CHARTER_DB_PORT:-5432}"
CHARTER_DB_USER="${CHARTER_DB_USER:-charter}"
CHARTER_DB_PASSWORD="${CHARTER_DB_PASSWORD:-charter}"
CHARTER_DB_NAME="${CHARTER_DB_NAME:-charter}"
CHARTER_TEST_DB_NAME="${CHARTER_TEST_DB_NAME:-charter_test}"

log() { printf '[charter] %s\n' "$*" >&2; }
die() { printf '[charter] ERROR: %s\n' "$*" >&2; exit 1; }

# Picks a JDK >= 21 for the Maven wrapper: JAVA_HOME if it qualifies, else one under /usr/lib/jvm.
ensure_java() {
  java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1; }
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" && "$(java_major "$JAVA_HOME")" -ge 21 ]]; then
    export JAVA_HOME; return
  fi
  local candidate
  for candidate in /usr/lib/jvm/*; do
    if [[ -x "$candidate/bin/javac" && "$(java_major "$candidate")" -ge 21 ]]; then
      export JAVA_HOME="$candidate"; log "using JDK at $JAVA_HOME"; return
    fi
  done
  die "Charter needs a JDK 21 or newer. Install one (e.g. 'apt-get install openjdk-21-jdk' or Temurin 21+) and set JAVA_HOME."
}

# Exports the datasource settings Quarkus reads, for the given database name.
export_datasource() {
  local db="$1"
  export QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://${CHARTER_DB_HOST}:${CHARTER_DB_PORT}/${db}"
  export QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://${CHARTER_DB_HOST}:${CHARTER_DB_PORT}/${db}"
  export QUARKUS_DATASOURCE_USERNAME="$CHARTER_DB_USER"
  export QUARKUS_DATASOURCE_PASSWORD="$CHARTER_DB_PASSWORD"
}

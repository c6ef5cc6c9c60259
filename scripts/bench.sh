#!/usr/bin/env bash
# Runs the load harness against the packaged app on this machine and prints the results table.
#   scripts/bench.sh [--quick]      (results: target/bench/results.json, target/bench/latency.svg)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_java
# Idle-connection scenario: one file descriptor per socket on each side; take what the hard limit allows.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
export CHARTER_TEST_DB_NAME="${CHARTER_BENCH_DB_NAME:-charter_bench}"
bash "$CHARTER_ROOT/scripts/db-up.sh"
export_datasource "$CHARTER_TEST_DB_NAME"
cd "$CHARTER_ROOT"
# The packaged app migrates the bench database itself; it runs with the prod profile like an operator's.
export CHARTER_KEYS_PROVIDER=local
export CHARTER_KEYS_LOCAL_MASTER_KEY="${CHARTER_KEYS_LOCAL_MASTER_KEY:-$(openssl rand -base64 32)}"
export MP_JWT_VERIFY_PUBLICKEY_LOCATION="$CHARTER_ROOT/src/test/resources/jwt/public.pem"
export CHARTER_LEDGER_DIR="$CHARTER_ROOT/target/bench/ledger"
# Prod refuses to start without these (common/RequiredSettings); the bench's tokens name this audience
# (testsupport/Tokens.AUDIENCE). Throwaway keys, one per run.
export CHARTER_KEYS_RECEIPT_PRIVATE_KEY="${CHARTER_KEYS_RECEIPT_PRIVATE_KEY:-$(openssl genpkey -algorithm ed25519 -outform DER | openssl base64 -A)}"
export CHARTER_AUDIT_CHECKPOINT_KEY="${CHARTER_AUDIT_CHECKPOINT_KEY:-$(openssl rand -base64 32)}"
export MP_JWT_VERIFY_AUDIENCES=charter-api
# The app starts from an empty database each run (LoadHarness), so its shred ledger starts empty too.
rm -rf "$CHARTER_LEDGER_DIR"
export QUARKUS_LOG_LEVEL=WARN
./mvnw -B -q package -DskipTests
# BENCH_RATE overrides the saturating durable 1:1 rate (25,000), BENCH_HALF_RATE the latency run's (10,000), BENCH_FANOUT_RATE the group sends/s (each to 100 members); BENCH_ONLY=fanout,idle,... runs a subset of durable,half,fanout,storm,idle,kms,startup,federation (half: the half-rate latency run without the saturated one; a short 1:1 warm-up runs when any of the first five does; federation only runs when named); BENCH_PAIRS sets the 1:1 conversations (100); BENCH_RELAY_RATE the bare relay's offered rate (150,000);
# BENCH_IDLE_HOLD=60 keeps the idle sockets open that long (to inspect the server); BENCH_APP_JVM_ARGS adds JVM options to the server (it runs with -XX:+UseSerialGC unless they choose a collector; a JFR profile:
#   BENCH_APP_JVM_ARGS="-XX:StartFlightRecording=filename=target/bench/app.jfr,settings=profile").
# startup: first response and idle RSS of the jar and, when target/*-runner exists (a native build, docs/native.md), of the native executable; BENCH_NATIVE=<path> picks another one.
# federation: two regions on this machine (databases <db>_fed_de and <db>_fed_us); BENCH_FEDERATION_PAIRS conversations per path (20), BENCH_FEDERATION_RATE sends/s of its latency runs (50), BENCH_FEDERATION_THROUGHPUT_RATE the sends/s its throughput runs offer from the host region (10,000), BENCH_FEDERATION_FORWARD_RATE from the replica region (500), BENCH_FEDERATION_SECONDS each run's length (5).
# BENCH_MVN_FLAGS adds Maven options to the run (-e for a stack trace when the harness fails).
./mvnw -B -q ${BENCH_MVN_FLAGS:-} test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.charter.bench.LoadHarness \
  ${BENCH_RATE:+-Dbench.rate="$BENCH_RATE"} ${BENCH_HALF_RATE:+-Dbench.halfRate="$BENCH_HALF_RATE"} ${BENCH_FANOUT_RATE:+-Dbench.fanout.rate="$BENCH_FANOUT_RATE"} ${BENCH_ONLY:+-Dbench.only="$BENCH_ONLY"} ${BENCH_PAIRS:+-Dbench.pairs="$BENCH_PAIRS"} ${BENCH_RELAY_RATE:+-Dbench.relayRate="$BENCH_RELAY_RATE"} ${BENCH_IDLE_HOLD:+-Dbench.idle.holdSeconds="$BENCH_IDLE_HOLD"} ${BENCH_APP_JVM_ARGS:+-Dbench.app.jvmArgs="$BENCH_APP_JVM_ARGS"} ${BENCH_NATIVE:+-Dbench.native="$BENCH_NATIVE"} \
  ${BENCH_FEDERATION_PAIRS:+-Dbench.federation.pairs="$BENCH_FEDERATION_PAIRS"} ${BENCH_FEDERATION_RATE:+-Dbench.federation.rate="$BENCH_FEDERATION_RATE"} ${BENCH_FEDERATION_THROUGHPUT_RATE:+-Dbench.federation.throughputRate="$BENCH_FEDERATION_THROUGHPUT_RATE"} ${BENCH_FEDERATION_FORWARD_RATE:+-Dbench.federation.forwardRate="$BENCH_FEDERATION_FORWARD_RATE"} ${BENCH_FEDERATION_SECONDS:+-Dbench.federation.seconds="$BENCH_FEDERATION_SECONDS"} \
  -Dexec.args="$*"

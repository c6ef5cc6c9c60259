#!/usr/bin/env bash
# Builds the native executable with the test-only toolchain in ../shared/native (docs/native.md) and runs the
# packaged-app tests (*IT) against it: real PostgreSQL, the same failsafe environment as scripts/test.sh.
#   scripts/native-test.sh                 build, then every *IT against the executable
#   scripts/native-test.sh --reuse         skip the build when target/*-runner exists
#   NATIVE_IT=ChatSocketIT,CryptoShreddingIT scripts/native-test.sh --reuse     a subset
# CHARTER_NATIVE_TOOL overrides the toolchain's folder. Extra arguments go to the Maven test run.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_java
cd "$CHARTER_ROOT"
# The toolchain: $CHARTER_NATIVE_TOOL, else ../shared/native beside the checkout, else the machine's shared/native
# (a checkout cloned elsewhere, e.g. by CI, finds it there).
toolchain() {
  local candidate
  for candidate in "${CHARTER_NATIVE_TOOL:-}" "$CHARTER_ROOT/../shared/native"; do
    [[ -n "$candidate" && -x "$candidate/native-build.sh" && -x "$candidate/setup.sh" ]] && { printf '%s\n' "$candidate"; return 0; }
  done
  candidate="$(find / -maxdepth 4 -type f -path '*/shared/native/native-build.sh' 2>/dev/null | head -n 1 || true)"
  [[ -n "$candidate" ]] && { dirname "$candidate"; return 0; }
  return 1
}
TOOL="$(toolchain)" \
  || die "no native toolchain (native-build.sh, setup.sh): expected ../shared/native beside the checkout, or set CHARTER_NATIVE_TOOL"
reuse=false
if [[ "${1:-}" == "--reuse" ]]; then reuse=true; shift; fi

runner=$(ls -t target/*-runner 2>/dev/null | head -1 || true)
if [[ $reuse == false || -z $runner ]]; then
  started=$(date +%s)
  "$TOOL/native-build.sh" ${CHARTER_NATIVE_BUILD_ARGS:-} >&2   # its output is the build log; the runner is below
  runner=$(ls -t target/*-runner | head -1)
  log "native build: $(( $(date +%s) - started )) s, $(du -m "$runner" | cut -f1) MiB: $runner"
fi
GRAALVM_HOME=$("$TOOL/setup.sh")

bash "$CHARTER_ROOT/scripts/db-up.sh"
export_datasource "$CHARTER_TEST_DB_NAME"
# -Pnative (as native.yml): quarkus.native.enabled and the ITs. reuse-existing: the executable just built, not a
# new one. The unit tests ran already (scripts/test.sh); only the *IT run here.
exec ./mvnw -B verify -Pnative \
  -Dquarkus.native.reuse-existing=true \
  -Dquarkus.native.container-build=false \
  -Dquarkus.native.graalvm-home="$GRAALVM_HOME" \
  -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
  ${NATIVE_IT:+-Dit.test="$NATIVE_IT"} "$@"

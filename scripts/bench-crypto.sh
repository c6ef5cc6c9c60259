#!/usr/bin/env bash
# Micro-benchmark of message sealing: AES-256-GCM encrypt+decrypt per message at 100 B, 1 KiB, 16 KiB,
# JDK provider vs Bouncy Castle. Prints a table; no database needed. Extra arguments go to Maven.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_java
cd "$CHARTER_ROOT"
./mvnw -B -q test -Dtest=CryptoBench -DexcludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false "$@" \
  | grep -v '^\[' || true

#!/usr/bin/env bash
# Smoke test of the load harness from a clean checkout: runs `scripts/bench.sh --quick` and checks that it wrote
# every scenario (the native start-up too when target/*-runner exists), that no message was lost or refused, and
# that steady-state sends made no KMS calls. Numbers from a quick run are not performance results
# (docs/performance.md); only these properties are checked.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rm -f target/bench/results.json
bash scripts/bench.sh --quick
python3 - target/bench/results.json <<'PY'
import glob, json, os, sys
results = json.load(open(sys.argv[1]))
scenarios = {s["name"]: s for s in results["scenarios"]}
def named(prefix):  # a quick run's group and storm are smaller, and their names say so (group_1to20_fanout)
    return next((s for name, s in scenarios.items() if name.startswith(prefix)), None)
expected = ["durable_1to1", "durable_1to1_half_rate_deliver", "group_1to", "reconnect_storm_", "idle_connections",
            "aws_kms_calls_per_message", "startup_jvm_"]
if any(os.access(p, os.X_OK) for p in glob.glob("target/*-runner")):  # a native build: its start-up is measured too
    expected.append("startup_native_")
problems = [f"missing scenario {prefix}" for prefix in expected if named(prefix) is None]
for name, s in scenarios.items():
    if s.get("errors"):
        problems.append(f"{name}: {s['errors']} error frames")
    if not name.startswith("reconnect_storm_") and s.get("acked") is not None and s.get("acked") != s.get("sent"):
        problems.append(f"{name}: {s.get('sent')} sent, {s.get('acked')} acked")
storm = named("reconnect_storm_") or {}
if storm.get("lost_messages", 1) != 0:
    problems.append(f"reconnect storm lost {storm.get('lost_messages')} acked messages")
kms = scenarios.get("aws_kms_calls_per_message", {})
if kms.get("kms_calls_steady", 1) != 0:
    problems.append(f"{kms.get('kms_calls_steady')} KMS calls in steady state")
for s in (named("startup_jvm_"), named("startup_native_")):
    if s is not None and not (s.get("first_response_ms", 0) > 0 and s.get("idle_rss_mib", 0) > 0):
        problems.append(f"{s['name']}: no first-response time or idle RSS")
if problems:
    sys.exit("[bench check] " + "; ".join(problems))
print("[bench check] %d scenarios, no loss, no errors, 0 KMS calls in steady state" % len(scenarios))
PY

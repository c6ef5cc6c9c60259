#!/usr/bin/env bash
# Offline checks of .github/workflows and the native Dockerfile:
#  - every workflow is valid YAML with `on` and at least one job, and every
#    step has `uses` or `run`;
#  - each workflow contains the steps the project relies on (Mandrel container
#    build with an AES-capable -march, *IT against the binary, ECR push on tags,
#    setup-terraform checks, k6 smoke with thresholds, JDK 21 + PostgreSQL 15).
# YAML is parsed by python3's PyYAML when present, else by js-yaml from the npm registry.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WF="$ROOT/.github/workflows"
failures=0

fail() { printf 'check-workflows: FAIL %s\n' "$*" >&2; failures=$((failures + 1)); }
ok() { printf 'check-workflows: ok   %s\n' "$*"; }

[[ -d "$WF" ]] || { fail "no .github/workflows directory"; exit 1; }
shopt -s nullglob
files=("$WF"/*.yml "$WF"/*.yaml)
(( ${#files[@]} > 0 )) || { fail "no workflow files"; exit 1; }

# --- 1. YAML structure -------------------------------------------------------
structure_py='
import sys, yaml
bad = 0
for path in sys.argv[1:]:
    name = path.rsplit("/", 1)[-1]
    try:
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
    except yaml.YAMLError as e:
        print(f"{name}: invalid YAML: {e}", file=sys.stderr); bad += 1; continue
    problems = []
    if not isinstance(doc, dict):
        problems.append("not a mapping")
    else:
        # PyYAML (YAML 1.1) reads the key `on` as True.
        if "on" not in doc and True not in doc:
            problems.append("no `on` trigger")
        jobs = doc.get("jobs")
        if not isinstance(jobs, dict) or not jobs:
            problems.append("no jobs")
        else:
            for job_id, job in jobs.items():
                if not isinstance(job, dict) or "runs-on" not in job and "uses" not in job:
                    problems.append(f"job {job_id}: no runs-on")
                    continue
                for i, step in enumerate(job.get("steps", [])):
                    if not isinstance(step, dict) or ("uses" not in step and "run" not in step):
                        problems.append(f"job {job_id} step {i + 1}: neither uses nor run")
    for p in problems:
        print(f"{name}: {p}", file=sys.stderr)
    bad += bool(problems)
sys.exit(1 if bad else 0)
'

structure_js='
const fs = require("fs"); const yaml = require("js-yaml");
let bad = 0;
for (const path of process.argv.slice(1)) {
  const name = path.split("/").pop();
  let doc;
  try { doc = yaml.load(fs.readFileSync(path, "utf8")); }
  catch (e) { console.error(`${name}: invalid YAML: ${e.message}`); bad++; continue; }
  const problems = [];
  if (!doc || typeof doc !== "object") problems.push("not a mapping");
  else {
    if (!("on" in doc)) problems.push("no `on` trigger");
    const jobs = doc.jobs;
    if (!jobs || typeof jobs !== "object" || !Object.keys(jobs).length) problems.push("no jobs");
    else for (const [id, job] of Object.entries(jobs)) {
      if (!job || (!job["runs-on"] && !job.uses)) { problems.push(`job ${id}: no runs-on`); continue; }
      (job.steps || []).forEach((s, i) => { if (!s || (!s.uses && !s.run)) problems.push(`job ${id} step ${i + 1}: neither uses nor run`); });
    }
  }
  problems.forEach(p => console.error(`${name}: ${p}`));
  if (problems.length) bad++;
}
process.exit(bad ? 1 : 0);
'

# CHECK_WORKFLOWS_PARSER=node forces the js-yaml path (to test it).
if [[ "${CHECK_WORKFLOWS_PARSER:-}" != node ]] && command -v python3 >/dev/null 2>&1 && python3 -c 'import yaml' >/dev/null 2>&1; then
  parser="python3 (PyYAML)"
  python3 -c "$structure_py" "${files[@]}" && parsed=0 || parsed=$?
elif command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1; then
  parser="js-yaml (npm)"
  tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm install --silent --no-audit --no-fund js-yaml@4 >/dev/null 2>&1) \
    || { fail "cannot install js-yaml from the npm registry"; exit 1; }
  NODE_PATH="$tmp/node_modules" node -e "$structure_js" "${files[@]}" && parsed=0 || parsed=$?
else
  fail "no YAML parser: need python3 with PyYAML, or node/npm"
  exit 1
fi
if (( parsed == 0 )); then ok "${#files[@]} workflow files parse as YAML with jobs and steps [$parser]"; else fail "workflow YAML structure [$parser]"; fi

# --- 2. Required content ------------------------------------------------------
# require FILE DESCRIPTION EXTENDED-REGEX
require() {
  local file="$WF/$1" what="$2" pattern="$3"
  if [[ ! -f "$file" ]]; then fail "$1 is missing"; return; fi
  if grep -Eq -- "$pattern" "$file"; then ok "$1: $what"; else fail "$1: $what (no match for /$pattern/)"; fi
}

require ci.yml "JDK 21 (Temurin)" 'distribution: *temurin'
require ci.yml "JDK 21 (Temurin)" 'java-version: *"?21"?'
require ci.yml "PostgreSQL 15 service container" 'image: *postgres:15'
require ci.yml "./mvnw -B verify" '\./mvnw +-B +verify'
require ci.yml "datasource pointed at the service" 'QUARKUS_DATASOURCE_REACTIVE_URL: *postgresql://127\.0\.0\.1:5432/'
require ci.yml "k6 type check" 'scripts/check-k6\.sh'

require native.yml "Mandrel builder image" 'quay\.io/quarkus/ubi9-quarkus-mandrel-builder-image:jdk-21'
require native.yml "container build" 'quarkus\.native\.container-build=true'
require native.yml "native profile verify (*IT against the binary)" '\./mvnw +-B +verify +-Pnative'
require native.yml "-march with AES (haswell or newer)" '(NATIVE_MARCH: *(haswell|skylake|skylake-avx512)|-march=(haswell|skylake))'
require native.yml "-march passed to the build" 'quarkus\.native\.march=|additional-build-args=.*-march'
require native.yml "Dockerfile.native image build" 'docker build -f src/main/docker/Dockerfile\.native'
require native.yml "ECR push on tags" 'startsWith\(github\.ref, .refs/tags/'
require native.yml "AWS OIDC credentials" 'aws-actions/configure-aws-credentials@'
require native.yml "ECR login" 'aws-actions/amazon-ecr-login@'
require native.yml "OIDC token permission" 'id-token: *write'

require terraform.yml "setup-terraform" 'hashicorp/setup-terraform@'
require terraform.yml "fmt -check" 'terraform fmt -check -recursive'
require terraform.yml "init without backend" 'terraform init -backend=false'
require terraform.yml "validate" 'terraform validate'
require terraform.yml "terraform test" 'terraform test'
for root in "$ROOT"/infra/terraform/regions/*/; do
  r="$(basename "$root")"
  require terraform.yml "covers regions/$r" "regions/$r\$"
done

require k6.yml "manual trigger" 'workflow_dispatch'
require k6.yml "PostgreSQL service" 'image: *postgres:1[5-9]'
require k6.yml "server started and ready" '/q/health/ready'
require k6.yml "k6 installed" 'grafana/setup-k6-action@'
require k6.yml "smoke scenario" 'k6/scenarios/smoke\.js'
require k6.yml "k6 run" 'k6 run'

# --- 3. Runtime image ------------------------------------------------------------
DF="$ROOT/src/main/docker/Dockerfile.native"
if [[ -f "$DF" ]]; then
  grep -Eq '^FROM +(quay\.io/quarkus/quarkus-micro-image|registry\.access\.redhat\.com/ubi9/ubi-micro|registry\.access\.redhat\.com/ubi9-micro)' "$DF" \
    && ok "Dockerfile.native: minimal base" || fail "Dockerfile.native: minimal base image"
  grep -Eq '^USER +1001' "$DF" && ok "Dockerfile.native: non-root user" || fail "Dockerfile.native: USER 1001"
  grep -Eq '^EXPOSE +8080' "$DF" && ok "Dockerfile.native: EXPOSE 8080" || fail "Dockerfile.native: EXPOSE 8080"
  grep -Eq 'quarkus\.http\.host=0\.0\.0\.0' "$DF" && ok "Dockerfile.native: listens on all interfaces" || fail "Dockerfile.native: -Dquarkus.http.host=0.0.0.0"
else
  fail "src/main/docker/Dockerfile.native is missing"
fi

if (( failures > 0 )); then
  printf 'check-workflows: %d check(s) failed\n' "$failures" >&2
  exit 1
fi
echo "check-workflows: all checks passed"

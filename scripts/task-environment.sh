#!/usr/bin/env bash
# Writes what the region module's service task gets (environment names and values, secret names) as JSON:
#   scripts/task-environment.sh <out.json>
# Offline: the module's own `terraform test` run "task_environment" (tests/export.tftest.hcl) applies it under the
# mocked AWS provider of tests/region.tftest.hcl. security/ProdShapedIT starts the packaged app with the result.
set -euo pipefail
out="$(realpath -m "${1:?usage: task-environment.sh <out.json>}")"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODULE="$ROOT/infra/terraform/modules/region"
source "$ROOT/scripts/terraform-lib.sh"
command -v terraform >/dev/null 2>&1 || { echo "task-environment: terraform not found on PATH" >&2; exit 1; }
MIRROR="$(find_mirror)" || { echo "task-environment: no provider mirror (tf-plugins) found" >&2; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/charter-task-env.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
use_mirror_only "$MIRROR" "$WORK/terraformrc"
export TF_DATA_DIR="$WORK/data"
created_lock=false
[[ -e "$MODULE/.terraform.lock.hcl" ]] || created_lock=true
terraform -chdir="$MODULE" init -backend=false -plugin-dir="$MIRROR" -input=false -no-color >"$WORK/init.log" 2>&1 \
  || { cat "$WORK/init.log" >&2; exit 1; }
rm -f "$out"
terraform -chdir="$MODULE" test -no-color -filter=tests/export.tftest.hcl \
  -var "task_environment_file=$out" >"$WORK/test.log" 2>&1 \
  || { cat "$WORK/test.log" >&2; exit 1; }
$created_lock && rm -f "$MODULE/.terraform.lock.hcl"
[[ -s "$out" ]] || { cat "$WORK/test.log" >&2; echo "task-environment: nothing written to $out" >&2; exit 1; }
echo "task-environment: $out"

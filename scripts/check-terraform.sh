#!/usr/bin/env bash
# Offline checks of infra/terraform: fmt, init + validate of the region module and
# every root under regions/, and `terraform test` (mock provider) in the module.
#
# No network: providers come from a local filesystem mirror (default
# /opt/tf-plugins, or $TF_PLUGIN_MIRROR, or the first `tf-plugins` directory
# found near /). Terraform's working data goes to a temporary TF_DATA_DIR, so the
# script runs the same from a clean clone and leaves no .terraform behind.
# Exits non-zero on the first failure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TF_ROOT="$ROOT/infra/terraform"
MODULE="$TF_ROOT/modules/region"
TERRAFORM="${TERRAFORM:-terraform}"

log() { printf '==> %s\n' "$*"; }
die() { printf 'check-terraform: %s\n' "$*" >&2; exit 1; }

command -v "$TERRAFORM" >/dev/null 2>&1 || die "terraform not found on PATH (set TERRAFORM=/path/to/terraform)"

find_mirror() {
  local candidate
  for candidate in "${TF_PLUGIN_MIRROR:-}" /opt/tf-plugins; do
    if [[ -n "$candidate" && -d "$candidate/registry.terraform.io" ]]; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  candidate="$(find / -maxdepth 3 -type d -name tf-plugins 2>/dev/null | head -n 1 || true)"
  [[ -n "$candidate" && -d "$candidate/registry.terraform.io" ]] && printf '%s\n' "$candidate" && return 0
  return 1
}

MIRROR="$(find_mirror)" || die "no provider mirror found (looked at \$TF_PLUGIN_MIRROR, /opt/tf-plugins and 'find / -maxdepth 3 -name tf-plugins')"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/charter-tf.XXXXXX")"
CREATED_LOCKS=()
cleanup() {
  local lock
  for lock in "${CREATED_LOCKS[@]+"${CREATED_LOCKS[@]}"}"; do rm -f "$lock"; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# A CLI configuration that installs providers only from the mirror: nothing is
# ever fetched from a registry, and no warning about a missing ~/.terraformrc.
cat >"$WORK/terraformrc" <<RC
provider_installation {
  filesystem_mirror {
    path    = "$MIRROR"
    include = ["registry.terraform.io/*/*"]
  }
  direct {
    exclude = ["registry.terraform.io/*/*"]
  }
}
disable_checkpoint = true
RC
export TF_CLI_CONFIG_FILE="$WORK/terraformrc"
export TF_IN_AUTOMATION=1
export TF_INPUT=0
export CHECKPOINT_DISABLE=1
unset TF_WORKSPACE
COLOR=()
[[ -n "${CI:-}" || ! -t 1 ]] && COLOR=(-no-color)

log "terraform $("$TERRAFORM" version | head -n 1 | awk '{print $2}'), provider mirror $MIRROR"

log "fmt -check -recursive infra/terraform"
if ! "$TERRAFORM" fmt -check -recursive -diff "$TF_ROOT"; then
  die "formatting differs: run 'terraform fmt -recursive infra/terraform'"
fi

init_dir() { # dir data-dir
  local dir="$1"
  [[ -e "$dir/.terraform.lock.hcl" ]] || CREATED_LOCKS+=("$dir/.terraform.lock.hcl")
  TF_DATA_DIR="$2" "$TERRAFORM" -chdir="$dir" init -backend=false -plugin-dir="$MIRROR" \
    -input=false -upgrade "${COLOR[@]}" >"$2.init.log" 2>&1 || { cat "$2.init.log" >&2; die "init failed in ${dir#"$ROOT"/}"; }
}

DIRS=("$MODULE")
for root in "$TF_ROOT"/regions/*/; do
  [[ -f "$root/main.tf" ]] && DIRS+=("${root%/}")
done
(( ${#DIRS[@]} > 1 )) || die "no roots found under infra/terraform/regions"

# Region pin, statically: a root named after a region declares exactly that
# region, and hands the same value to the provider and the module (whose own
# precondition then checks the provider really talks to it).
for dir in "${DIRS[@]:1}"; do
  region="$(basename "$dir")"
  log "region pin regions/$region"
  grep -Eq "^[[:space:]]*region[[:space:]]*=[[:space:]]*\"$region\"" "$dir/main.tf" \
    || die "regions/$region/main.tf must set locals { region = \"$region\" }"
  [[ "$(grep -Ec '^[[:space:]]*region[[:space:]]*=[[:space:]]*local\.region' "$dir/main.tf")" -ge 2 ]] \
    || die "regions/$region/main.tf must pass local.region to both the aws provider and the module"
  grep -Eq '^[[:space:]]*backend[[:space:]]+"s3"[[:space:]]*\{[[:space:]]*\}' "$dir"/*.tf \
    || die "regions/$region must declare a partial backend \"s3\" {}"
done

for dir in "${DIRS[@]}"; do
  rel="${dir#"$ROOT"/}"
  data="$WORK/$(printf '%s' "$rel" | tr '/' '_')"
  log "init + validate $rel"
  init_dir "$dir" "$data"
  # Test files are checked by `terraform test` below; -no-tests keeps the
  # roots-as-modules warnings of tests/roots.tftest.hcl out of this step.
  extra=()
  [[ -d "$dir/tests" ]] && extra=(-no-tests)
  TF_DATA_DIR="$data" "$TERRAFORM" -chdir="$dir" validate "${extra[@]+"${extra[@]}"}" "${COLOR[@]}" || die "validate failed in $rel"
done

rel="${MODULE#"$ROOT"/}"
log "test $rel (mock provider, plan only)"
TF_DATA_DIR="$WORK/$(printf '%s' "$rel" | tr '/' '_')" "$TERRAFORM" -chdir="$MODULE" test "${COLOR[@]}" >"$WORK/test.log" 2>&1 \
  && status=0 || status=$?
# Calling the roots as modules in tests/roots.tftest.hcl warns that their
# backend and provider blocks are ignored there; show the results, not that.
grep -E '^(tests/| +run |Success|Failure|│ +(Error|on )|Error)' "$WORK/test.log" || true
if (( status != 0 )); then
  cat "$WORK/test.log" >&2
  die "terraform test failed"
fi

log "terraform checks passed (${#DIRS[@]} configurations)"

#!/usr/bin/env bash
# Offline checks of infra/terraform: fmt, static checks of every root under
# regions/, `terraform test` (mock provider, plan only) of the modules and of
# every root found under regions/, and init + validate of every configuration.
#
# Roots are discovered, not listed: the script writes one `run` per directory
# under regions/ that plans that root through the region module, and asserts
# that the roots are exactly the regions of the residency table
# (src/main/resources/jurisdictions/residency.json). A new root that serves
# nobody, or a table that breaks an in-country law, fails here.
# scripts/test-check-terraform.sh proves that with throwaway bad roots.
#
# No network: providers come from a local filesystem mirror (default
# /opt/tf-plugins, or $TF_PLUGIN_MIRROR, or the first `tf-plugins` directory
# found near /). Terraform's working data goes to a temporary TF_DATA_DIR, so the
# script runs the same from a clean clone and leaves no .terraform behind.
# Exits non-zero on the first failure; the cheap checks run first.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TF_ROOT="$ROOT/infra/terraform"
MODULE="$TF_ROOT/modules/region"
RESIDENCY="$TF_ROOT/modules/residency"
TERRAFORM="${TERRAFORM:-terraform}"

log() { printf '==> %s\n' "$*"; }
die() { printf 'check-terraform: %s\n' "$*" >&2; exit 1; }

command -v "$TERRAFORM" >/dev/null 2>&1 || die "terraform not found on PATH (set TERRAFORM=/path/to/terraform)"

source "$ROOT/scripts/terraform-lib.sh"

MIRROR="$(find_mirror)" || die "no provider mirror found (looked at \$TF_PLUGIN_MIRROR, /opt/tf-plugins and 'find / -maxdepth 3 -name tf-plugins')"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/charter-tf.XXXXXX")"
CREATED_LOCKS=()
GENERATED_TESTS=""
cleanup() {
  local lock
  for lock in "${CREATED_LOCKS[@]+"${CREATED_LOCKS[@]}"}"; do rm -f "$lock"; done
  [[ -n "$GENERATED_TESTS" ]] && rm -rf "$GENERATED_TESTS"
  rm -rf "$WORK"
}
trap cleanup EXIT

# Providers only from the mirror: nothing is ever fetched from a registry.
use_mirror_only "$MIRROR" "$WORK/terraformrc"
COLOR=()
[[ -n "${CI:-}" || ! -t 1 ]] && COLOR=(-no-color)

log "terraform $("$TERRAFORM" version | head -n 1 | awk '{print $2}'), provider mirror $MIRROR"

log "fmt -check -recursive infra/terraform"
if ! "$TERRAFORM" fmt -check -recursive -diff "$TF_ROOT"; then
  die "formatting differs: run 'terraform fmt -recursive infra/terraform'"
fi

init_dir() { # dir data-dir [init args...]
  local dir="$1" data="$2"
  shift 2
  [[ -e "$dir/.terraform.lock.hcl" ]] || CREATED_LOCKS+=("$dir/.terraform.lock.hcl")
  TF_DATA_DIR="$data" "$TERRAFORM" -chdir="$dir" init -backend=false -plugin-dir="$MIRROR" \
    -input=false -upgrade "$@" "${COLOR[@]}" >"$data.init.log" 2>&1 || { cat "$data.init.log" >&2; die "init failed in ${dir#"$ROOT"/}"; }
}

data_dir() { printf '%s/%s' "$WORK" "$(printf '%s' "${1#"$ROOT"/}" | tr '/' '_')"; }

run_tests() { # dir [test args...]: terraform test, results shown, full log on failure
  local dir="$1" rel="${1#"$ROOT"/}" status
  shift
  TF_DATA_DIR="$(data_dir "$dir")" "$TERRAFORM" -chdir="$dir" test "$@" "${COLOR[@]}" >"$WORK/test.log" 2>&1 \
    && status=0 || status=$?
  # Roots called as modules warn that their backend and provider blocks are
  # ignored there; show the results, not that.
  grep -E '^(\.?[a-z-]*tests[^ ]*/| +run |Success|Failure|│ +(Error|on )|Error)' "$WORK/test.log" || true
  if (( status != 0 )); then
    cat "$WORK/test.log" >&2
    die "terraform test failed in $rel"
  fi
}

ROOTS=()
for root in "$TF_ROOT"/regions/*/; do
  [[ -f "$root/main.tf" ]] && ROOTS+=("${root%/}")
done
(( ${#ROOTS[@]} > 0 )) || die "no roots found under infra/terraform/regions"
MODULES=()
for module in "$TF_ROOT"/modules/*/; do
  [[ -f "$module/main.tf" ]] && MODULES+=("${module%/}")
done
DIRS=("${MODULES[@]}" "${ROOTS[@]}")

# Region pin, statically: a root named after a region declares exactly that
# region, and hands the same value to the provider and the module (whose own
# precondition then checks the provider really talks to it). Its countries are
# the residency table's for that region: a root does not list any.
for dir in "${ROOTS[@]}"; do
  region="$(basename "$dir")"
  log "region pin regions/$region"
  grep -Eq "^[[:space:]]*region[[:space:]]*=[[:space:]]*\"$region\"" "$dir/main.tf" \
    || die "regions/$region/main.tf must set locals { region = \"$region\" }"
  [[ "$(grep -Ec '^[[:space:]]*region[[:space:]]*=[[:space:]]*local\.region' "$dir/main.tf")" -ge 2 ]] \
    || die "regions/$region/main.tf must pass local.region to both the aws provider and the module"
  grep -Eq '^[[:space:]]*source[[:space:]]*=[[:space:]]*"\.\./\.\./modules/region"' "$dir/main.tf" \
    || die "regions/$region/main.tf must call ../../modules/region (its residency guards apply to every root)"
  grep -Eq '^[[:space:]]*backend[[:space:]]+"s3"[[:space:]]*\{[[:space:]]*\}' "$dir"/*.tf \
    || die "regions/$region must declare a partial backend \"s3\" {}"
done

# The residency table and its law checks: no provider, a few seconds.
rel="${RESIDENCY#"$ROOT"/}"
log "test $rel (residency table: one region per country, in-country laws)"
init_dir "$RESIDENCY" "$(data_dir "$RESIDENCY")"
run_tests "$RESIDENCY"

# One run per discovered root: it plans through the module's guards (region
# pin, residency), and the set of roots equals the set of regions the table
# serves countries from. With one table entry per country, each country is
# then served by exactly one root.
GENERATED_TESTS="$(mktemp -d "$MODULE/.check-tests.XXXXXX")"
cp "$MODULE"/tests/*.tftest.hcl "$GENERATED_TESTS/"
region_list="$(for dir in "${ROOTS[@]}"; do basename "$dir"; done | LC_ALL=C sort | paste -sd, -)"
{
  cat <<'HCL'
# Generated by scripts/check-terraform.sh: every directory under
# infra/terraform/regions, planned as a module against the mocked provider.

mock_provider "aws" {
  override_during = plan

  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "111122223333"
    }
  }

  mock_data "aws_partition" {
    defaults = {
      partition  = "aws"
      dns_suffix = "amazonaws.com"
    }
  }

  mock_data "aws_availability_zones" {
    defaults = {
      names = ["zone-a", "zone-b", "zone-c"]
    }
  }
}

variables {
  allowed_account_ids        = ["111122223333"]
  admin_role_arns            = ["arn:aws:iam::111122223333:role/charter-deploy"]
  key_policy_admin_role_arns = ["arn:aws:iam::111122223333:role/charter-key-policy"]
  image_tag                  = "1.0.0"
  jwt_issuer                 = "https://id.example.com/"
  jwt_publickey_location     = "https://id.example.com/.well-known/jwks.json"
  jwt_audiences              = ["charter-api"]
  idp_egress_cidr_blocks     = ["198.51.100.0/24"]
}
HCL
  for dir in "${ROOTS[@]}"; do
    region="$(basename "$dir")"
    cat <<HCL

run "root_${region//-/_}" {
  command = plan

  module {
    source = "../../regions/$region"
  }

  override_data {
    target = module.region.data.aws_region.current
    values = { name = "$region" }
  }

  variables {
    certificate_arn = "arn:aws:acm:$region:111122223333:certificate/00000000-0000-4000-8000-000000000001"
    federation_peers = {
      sa-east-1 = {
        url                = "https://chat-sa.example.com"
        public_key         = "MCowBQYDK2VwAyEAn8r7G78vd42FZm459lR4gLpPs5COkS50RX0DX9BVSPc="
        egress_cidr_blocks = ["198.51.100.10/32"]
      }
    }
  }

  assert {
    condition     = module.region.region == "$region" && length(module.region.countries) > 0
    error_message = "regions/$region must plan as a deployment in $region serving the countries the residency table assigns to it."
  }

  assert {
    condition     = contains(module.region.container_secret_names, "CHARTER_FEDERATION_PRIVATE_KEY")
    error_message = "regions/$region must pass federation_peers to the region module."
  }

  assert {
    condition     = join(",", module.region.residency_regions) == "$region_list"
    error_message = "The roots under infra/terraform/regions ($region_list) must be exactly the regions the residency table serves countries from: \${join(", ", module.region.residency_regions)}."
  }
}
HCL
  done
} >"$GENERATED_TESTS/roots.tftest.hcl"
tests_rel="${GENERATED_TESTS#"$MODULE"/}"

for dir in "${DIRS[@]}"; do
  [[ "$dir" == "$RESIDENCY" ]] && continue
  extra=()
  [[ "$dir" == "$MODULE" ]] && extra=(-test-directory="$tests_rel")
  log "init ${dir#"$ROOT"/}"
  init_dir "$dir" "$(data_dir "$dir")" "${extra[@]+"${extra[@]}"}"
done

rel="${MODULE#"$ROOT"/}"
log "test every root under infra/terraform/regions: $region_list (mock provider, plan only)"
run_tests "$MODULE" -test-directory="$tests_rel" -filter="$tests_rel/roots.tftest.hcl"

for dir in "${DIRS[@]}"; do
  rel="${dir#"$ROOT"/}"
  log "validate $rel"
  # Test files are checked by `terraform test`; -no-tests keeps them out of this step.
  extra=()
  [[ -d "$dir/tests" ]] && extra=(-no-tests)
  TF_DATA_DIR="$(data_dir "$dir")" "$TERRAFORM" -chdir="$dir" validate "${extra[@]+"${extra[@]}"}" "${COLOR[@]}" || die "validate failed in $rel"
done

rel="${MODULE#"$ROOT"/}"
log "test $rel (mock provider, plan only)"
filters=()
for file in "$MODULE"/tests/*.tftest.hcl; do
  filters+=(-filter="$tests_rel/$(basename "$file")")
done
run_tests "$MODULE" -test-directory="$tests_rel" "${filters[@]}"

################################################################################
# Bootstrap root (infra/terraform/bootstrap): OIDC provider, per-region deploy
# and plan roles, state buckets. Self-contained: init + validate + its own
# `terraform test` (mock providers), with the mirror and TF_DATA_DIR above.
################################################################################
BOOTSTRAP="$TF_ROOT/bootstrap"
if [[ -d "$BOOTSTRAP" ]]; then
  rel="${BOOTSTRAP#"$ROOT"/}"
  log "init + validate + test $rel (mock providers, plan only)"
  init_dir "$BOOTSTRAP" "$(data_dir "$BOOTSTRAP")"
  TF_DATA_DIR="$(data_dir "$BOOTSTRAP")" "$TERRAFORM" -chdir="$BOOTSTRAP" validate -no-tests "${COLOR[@]}" || die "validate failed in $rel"
  run_tests "$BOOTSTRAP"
fi

log "terraform checks passed (${#DIRS[@]} configurations, ${#ROOTS[@]} roots)"

#!/usr/bin/env bash
# Proves that scripts/check-terraform.sh finds a bad root by itself: each case
# copies the Terraform tree, the residency table and the script into a
# throwaway directory, breaks one thing, and expects the script to fail with
# the message that names it. Offline, like the script (same provider mirror).
#
#   scripts/test-check-terraform.sh          all cases
#   scripts/test-check-terraform.sh NAME...  only these (see `case_*` below)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TABLE=src/main/resources/jurisdictions/residency.json
WORK="$(mktemp -d "${TMPDIR:-/tmp}/charter-tf-bad.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

log() { printf '==> %s\n' "$*"; }
die() { printf 'test-check-terraform: %s\n' "$*" >&2; exit 1; }

# A copy of what check-terraform.sh reads, laid out as in the repository.
copy_tree() { # dest
  mkdir -p "$1/scripts" "$1/infra" "$1/$(dirname "$TABLE")"
  cp "$ROOT/scripts/check-terraform.sh" "$ROOT/scripts/terraform-lib.sh" "$1/scripts/"
  cp -r "$ROOT/infra/terraform" "$1/infra/"
  find "$1/infra" \( -name .terraform -o -name '.check-tests.*' \) -prune -exec rm -rf {} +
  cp "$ROOT/$TABLE" "$1/$TABLE"
}

# A new root for eu-west-1, copied from eu-central-1 as infra/README.md says.
add_root() { # tree region
  cp -r "$1/infra/terraform/regions/eu-central-1" "$1/infra/terraform/regions/$2"
  sed -i "s/\"eu-central-1\"/\"$2\"/" "$1/infra/terraform/regions/$2/main.tf"
}

set_region() { # tree country region: rewrite the country's region in the table
  sed -i -E "s/^( *\"$2\": \{\"region\": )(\"[a-z0-9-]+\"|null)/\1\"$3\"/; /^ *\"$2\": \{$/,/^ *\}/ s/^( *\"region\": )(\"[a-z0-9-]+\"|null)/\1\"$3\"/" "$1/$TABLE"
  grep -A1 "\"$2\":" "$1/$TABLE" | grep -q "\"$3\"" || die "could not move $2 to $3 in the copied table"
}

# Each case prints nothing and leaves a broken tree in $1.
case_root_serving_nobody() { add_root "$1" eu-west-1; }
EXPECT_root_serving_nobody='assigns no country to eu-west-1'

case_saudi_arabia_from_eu_west_1() { add_root "$1" eu-west-1; set_region "$1" SA eu-west-1; }
EXPECT_saudi_arabia_from_eu_west_1='SA is served from eu-west-1'

case_china_from_singapore() { set_region "$1" CN ap-southeast-1; }
EXPECT_china_from_singapore='CN is served from ap-southeast-1'

case_country_served_twice() {
  sed -i 's/^    "US": {"region": "us-east-1"},$/&\n    "DE": {"region": "us-east-1"},/' "$1/$TABLE"
  grep -c '"DE":' "$1/$TABLE" | grep -qx 2 || die "could not duplicate DE in the copied table"
}
EXPECT_country_served_twice='A country appears twice in the residency table'

case_root_listing_its_own_countries() {
  add_root "$1" eu-west-1
  sed -i 's/^  region = local.region.*$/&\n  countries = ["SA"]/' "$1/infra/terraform/regions/eu-west-1/main.tf"
  grep -q 'countries = \["SA"\]' "$1/infra/terraform/regions/eu-west-1/main.tf" || die "could not add countries to the copied root"
}
EXPECT_root_listing_its_own_countries='An argument named "countries" is not expected here'

case_region_without_root() { rm -r "$1/infra/terraform/regions/me-central-1"; }
EXPECT_region_without_root='must be exactly the regions the residency table serves countries from'

case_root_without_federation_peers() {
  sed -i '/^  federation_peers *= var.federation_peers$/d' "$1/infra/terraform/regions/us-east-1/main.tf"
  ! grep -q 'federation_peers' "$1/infra/terraform/regions/us-east-1/main.tf" || die "could not drop federation_peers from the copied root"
}
EXPECT_root_without_federation_peers='regions/us-east-1 must pass federation_peers to the region module'

ALL=(root_serving_nobody saudi_arabia_from_eu_west_1 china_from_singapore country_served_twice root_listing_its_own_countries region_without_root root_without_federation_peers)
CASES=("$@")
(( ${#CASES[@]} > 0 )) || CASES=("${ALL[@]}")

for name in "${CASES[@]}"; do
  declare -F "case_$name" >/dev/null || die "no case $name (cases: ${ALL[*]})"
  tree="$WORK/$name"
  copy_tree "$tree"
  "case_$name" "$tree"
  terraform fmt -recursive "$tree/infra/terraform" >/dev/null 2>&1 || die "$name: terraform fmt failed" # broken on purpose, but well formatted
  expect_var="EXPECT_$name"
  log "$name: check-terraform.sh must fail with \"${!expect_var}\""
  if CI=1 bash "$tree/scripts/check-terraform.sh" >"$tree.log" 2>&1; then
    cat "$tree.log" >&2
    die "$name: check-terraform.sh passed a bad tree"
  fi
  # Terraform wraps long messages: compare with line breaks and box borders removed.
  if ! sed -E 's/^[│ ]+//' "$tree.log" | tr '\n' ' ' | tr -s ' ' | grep -qF "${!expect_var}"; then
    cat "$tree.log" >&2
    die "$name: check-terraform.sh failed, but not with \"${!expect_var}\""
  fi
  log "$name: refused ($(grep -m1 -E '^check-terraform:' "$tree.log"))"
done
log "check-terraform.sh refused all ${#CASES[@]} bad trees"

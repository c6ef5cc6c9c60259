#!/usr/bin/env bash
# Writes N load-test users' tokens as JSON ([{"sub","token"}]) for the k6 scenarios (TOKENS_FILE).
#   scripts/mint-tokens.sh <count> <private-key.pem> <issuer> <out.json> [country=DE]
# CHARTER_JWT_AUDIENCE puts that `aud` in every token (a server in the prod profile requires one).
set -euo pipefail
count="${1:?count}"; key="${2:?private key}"; issuer="${3:?issuer}"; out="${4:?output file}"; country="${5:-DE}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
aud="${CHARTER_JWT_AUDIENCE:+\"aud\":\"$CHARTER_JWT_AUDIENCE\"}"
run="k6-$(date +%s)"
{
  printf '['
  for i in $(seq 1 "$count"); do
    [[ $i -gt 1 ]] && printf ','
    sub="$run-u$i"
    printf '{"sub":"%s","token":"%s"}' "$sub" "$("$here/sign-jwt.sh" "$key" "$issuer" "$sub" "$country" user 14400 "$aud")"
  done
  printf ']\n'
} > "$out"
echo "wrote $count tokens to $out" >&2

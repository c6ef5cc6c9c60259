#!/usr/bin/env bash
# Prints a JWT for the dev server (scripts/dev.sh), signed with the dev key in .charter/dev.
# Dev only: production tokens come from your identity provider, and prod never trusts this key.
#   scripts/dev-token.sh alice [country=DE] [groups=user] [extra JSON claims, e.g. '"birthdate":"2012-05-01"']
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
sub="${1:?usage: scripts/dev-token.sh <user> [country] [groups,comma,separated] [extra claims]}"
country="${2:-DE}"
groups="${3:-user}"
extra="${4:-}"
key="$CHARTER_ROOT/.charter/dev/jwt-private.pem"
[[ -f "$key" ]] || die "no dev key yet: start the server once with scripts/dev.sh"
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
now=$(date +%s)
groups_json=$(printf '"%s",' ${groups//,/ }); groups_json="[${groups_json%,}]"
header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
payload=$(printf '{"iss":"%s","sub":"%s","country":"%s","groups":%s,"iat":%d,"exp":%d%s}' \
  "${CHARTER_JWT_ISSUER:-https://charter.dev/local}" "$sub" "$country" "$groups_json" "$now" "$((now + 86400))" \
  "${extra:+,$extra}" | b64url)
signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$key" -binary | b64url)
printf '%s.%s.%s\n' "$header" "$payload" "$signature"

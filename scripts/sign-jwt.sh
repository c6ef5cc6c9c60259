#!/usr/bin/env bash
# Prints an RS256 JWT signed with a PEM private key: for dev tokens and load-test tokens, never prod.
#   scripts/sign-jwt.sh <private-key.pem> <issuer> <sub> [country=DE] [groups=user] [ttl-seconds=86400] [extra JSON claims]
set -euo pipefail
key="${1:?private key}"; issuer="${2:?issuer}"; sub="${3:?sub}"
country="${4:-DE}"; groups="${5:-user}"; ttl="${6:-86400}"; extra="${7:-}"
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
now=$(date +%s)
groups_json=$(printf '"%s",' ${groups//,/ }); groups_json="[${groups_json%,}]"
header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
payload=$(printf '{"iss":"%s","sub":"%s","country":"%s","groups":%s,"iat":%d,"exp":%d%s}' \
  "$issuer" "$sub" "$country" "$groups_json" "$now" "$((now + ttl))" "${extra:+,$extra}" | b64url)
signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$key" -binary | b64url)
printf '%s.%s.%s\n' "$header" "$payload" "$signature"

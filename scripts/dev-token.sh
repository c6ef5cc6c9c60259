#!/usr/bin/env bash
# Prints a JWT for the dev server (scripts/dev.sh), signed with the dev key in .charter/dev.
# Dev only: production tokens come from your identity provider, and prod never trusts this key.
#   scripts/dev-token.sh alice [country=DE] [groups=user] [extra JSON claims, e.g. '"birthdate":"2012-05-01"']
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
sub="${1:?usage: scripts/dev-token.sh <user> [country] [groups,comma,separated] [extra claims]}"
key="$CHARTER_ROOT/.charter/dev/jwt-private.pem"
[[ -f "$key" ]] || die "no dev key yet: start the server once with scripts/dev.sh"
exec "$CHARTER_ROOT/scripts/sign-jwt.sh" "$key" "${CHARTER_JWT_ISSUER:-https://charter.dev/local}" "$sub" \
  "${2:-DE}" "${3:-user}" 86400 "${4:-}"

#!/usr/bin/env python3
"""Test users' tokens for a deployed region, minted by the operator's identity provider.

    region-tokens.py <base-url> <count> <out.json>

The k6 scenarios act as the users in a TOKENS_FILE ([{"sub","token"}]). A
deployed region trusts only the operator's identity provider, so the tokens
come from it, through a token endpoint for synthetic test users that the
operator exposes to the deploy pipeline only (infra/README.md, "Deploy
pipeline", describes the contract):

    POST $CHARTER_IDP_TEST_TOKEN_URL
    Authorization: Basic base64($CHARTER_IDP_CLIENT_ID:$CHARTER_IDP_CLIENT_SECRET)
    {"count": 10, "countries": ["DE", "FR", ...], "audience": "charter-api",
     "subjectPrefix": "k6-eu-central-1-1733580000-", "ttlSeconds": 1800}
    -> 200 [{"sub": "k6-eu-central-1-1733580000-1", "token": "<JWT>"}, ...]

User i gets countries[i % len(countries)]. The countries are the ones the
region itself says it serves (GET <base-url>/v1/region), so the users are
never refused with wrong_region. Every token is checked before it is written:
a JWT whose sub carries the prefix, whose country the region serves, whose
aud names the audience (when CHARTER_JWT_AUDIENCE is set), issued just now and
valid for the run. Nothing is printed but counts; the file is mode 0600.

CHARTER_RESOLVE_TO=<ip> sends the region's requests to that address under the
base URL's host name (TLS still checked against it): the deploy pipeline
points it at the new load balancer before DNS does.
"""
import base64
import json
import os
import socket
import sys
import time
import urllib.parse
import urllib.request


def fail(msg):
    print(f"region-tokens: {msg}", file=sys.stderr)
    sys.exit(1)


def claims(jwt):
    parts = jwt.split(".")
    if len(parts) != 3:
        raise ValueError("not a JWT")
    payload = parts[1] + "=" * (-len(parts[1]) % 4)
    return json.loads(base64.urlsafe_b64decode(payload))


def check_tokens(users, count, countries, prefix, audience, now):
    """Returns the problems found in the identity provider's answer (empty when none)."""
    problems = []
    if not isinstance(users, list) or len(users) != count:
        return [f"expected a JSON array of {count} users"]
    seen = set()
    for i, u in enumerate(users):
        if not isinstance(u, dict) or not isinstance(u.get("sub"), str) or not isinstance(u.get("token"), str):
            problems.append(f"user {i}: not {{\"sub\",\"token\"}}")
            continue
        try:
            c = claims(u["token"])
        except ValueError as e:
            problems.append(f"user {i}: {e}")
            continue
        if c.get("sub") != u["sub"] or not u["sub"].startswith(prefix):
            problems.append(f"user {i}: sub must be the listed one and start with {prefix}")
        if u["sub"] in seen:
            problems.append(f"user {i}: duplicate sub")
        seen.add(u["sub"])
        if c.get("country") not in countries:
            problems.append(f"user {i}: country {c.get('country')!r} is not served by this region")
        aud = c.get("aud")
        if audience and audience not in (aud if isinstance(aud, list) else [aud]):
            problems.append(f"user {i}: aud does not name {audience}")
        if not isinstance(c.get("iat"), (int, float)) or abs(now - c["iat"]) > 300:
            problems.append(f"user {i}: iat must be now (the region refuses old tokens)")
        if not isinstance(c.get("exp"), (int, float)) or c["exp"] < now + 600:
            problems.append(f"user {i}: exp must leave at least 10 minutes")
    return problems


def main(argv):
    if len(argv) != 4:
        fail("usage: region-tokens.py <base-url> <count> <out.json>")
    base_url, count, out = argv[1].rstrip("/"), int(argv[2]), argv[3]
    url = os.environ.get("CHARTER_IDP_TEST_TOKEN_URL") or fail("CHARTER_IDP_TEST_TOKEN_URL is not set")
    client = os.environ.get("CHARTER_IDP_CLIENT_ID") or fail("CHARTER_IDP_CLIENT_ID is not set")
    secret = os.environ.get("CHARTER_IDP_CLIENT_SECRET") or fail("CHARTER_IDP_CLIENT_SECRET is not set")
    audience = os.environ.get("CHARTER_JWT_AUDIENCE", "")

    resolve_to = os.environ.get("CHARTER_RESOLVE_TO", "")
    if resolve_to:
        host = urllib.parse.urlsplit(base_url).hostname
        real = socket.getaddrinfo
        socket.getaddrinfo = lambda h, *a, **k: real(resolve_to if h == host else h, *a, **k)

    with urllib.request.urlopen(base_url + "/v1/region", timeout=30) as r:
        region = json.load(r)
    countries = region.get("countries") or fail("GET /v1/region named no countries")
    now = int(time.time())
    prefix = f"k6-{region.get('region', 'region')}-{now}-"

    body = json.dumps({"count": count, "countries": countries, "audience": audience or None,
                       "subjectPrefix": prefix, "ttlSeconds": 1800}).encode()
    auth = base64.b64encode(f"{client}:{secret}".encode()).decode()
    req = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json", "Accept": "application/json", "Authorization": "Basic " + auth})
    with urllib.request.urlopen(req, timeout=60) as r:
        users = json.load(r)

    problems = check_tokens(users, count, set(countries), prefix, audience, int(time.time()))
    if problems:
        for p in problems[:20]:
            print(f"region-tokens: {p}", file=sys.stderr)
        fail(f"{len(problems)} problem(s) in the identity provider's answer")

    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump([{"sub": u["sub"], "token": u["token"]} for u in users], f)
    print(f"region-tokens: {count} users of {region.get('region')} ({', '.join(sorted(countries))}) -> {out}")


if __name__ == "__main__":
    main(sys.argv)

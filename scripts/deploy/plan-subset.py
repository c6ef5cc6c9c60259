#!/usr/bin/env python3
"""Checks that a plan only does what a reviewed plan already showed.

    plan-subset.py <reviewed-plan.json> <new-plan.json>

Both files are `terraform show -json <planfile>` output. The deploy pipeline
uses it on a region's first deploy: reviewers approve the full plan, the job
then creates the image repository alone (targeted apply), pushes the image and
plans again; the new plan may only contain changes the reviewed plan listed,
with the same actions, or the job stops before applying anything more.
Exit status 0 when it is a subset, 1 otherwise (each extra change is printed).
"""
import json
import sys


def changes(path):
    with open(path, encoding="utf-8") as f:
        plan = json.load(f)
    out = {}
    for rc in plan.get("resource_changes", []):
        actions = rc.get("change", {}).get("actions", [])
        if actions in (["no-op"], ["read"]):
            continue
        out[rc["address"]] = actions
    return out


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    reviewed, new = changes(argv[1]), changes(argv[2])
    extra = {a: acts for a, acts in new.items() if reviewed.get(a) != acts}
    for address, actions in sorted(extra.items()):
        was = reviewed.get(address)
        print(f"not in the reviewed plan: {address} {'/'.join(actions)}"
              + (f" (reviewed: {'/'.join(was)})" if was else ""), file=sys.stderr)
    if extra:
        return 1
    print(f"plan-subset: {len(new)} change(s), all in the reviewed plan ({len(reviewed)})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""Runs the RFC 7643/7644 conformance checkers against a SCIM 2.0 base URL.

Usage: python run_checkers.py BASE_URL BEARER_TOKEN

Runs scim2-tester (every check, against what the server's discovery endpoints publish) and
scim-sanity's live probe (strict mode), and prints one line per result:

    <tool> PASS <check>
    <tool> FAIL <check>: <why>

then one summary line per tool, `<tool>: N passed, N failed`. A scim2-tester check fails when
its status is ERROR or CRITICAL (a MUST of the RFCs broken); a scim-sanity test fails when its
status is `fail` or `error`. `<check>` is stable from run to run: scim2-tester's check name,
resource type and attribute path; scim-sanity's test name. The exit code is 0 when both tools
ran, whatever they found (the Rust test that calls this judges the results), 2 otherwise.
"""

import json
import os
import subprocess
import sys

from httpx2 import Client
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import Status, check_server


def one_line(text) -> str:
    return " ".join(str(text or "").split())


def scim2_tester(base_url: str, token: str) -> None:
    http = Client(base_url=base_url, headers={"Authorization": f"Bearer {token}"}, timeout=30)
    passed = failed = 0
    for result in check_server(SyncSCIMClient(http)):
        if result.status == Status.SKIPPED:
            continue
        check = result.title or "check"
        if result.resource_type:
            check += f"[{result.resource_type}]"
        if isinstance(result.data, dict) and result.data.get("urn"):
            check += f" {result.data['urn']}"
        if result.status in (Status.ERROR, Status.CRITICAL):
            failed += 1
            print(f"scim2-tester FAIL {check}: {one_line(result.reason)}")
        else:
            passed += 1
            print(f"scim2-tester PASS {check}")
    print(f"scim2-tester: {passed} passed, {failed} failed")


def scim_sanity(base_url: str, token: str) -> None:
    probe = os.path.join(os.path.dirname(sys.executable), "scim-sanity")
    answer = subprocess.run(
        [probe, "probe", base_url, "--token", token, "--i-accept-side-effects", "--json-output"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(answer.stdout)
    passed = failed = 0
    for result in report["results"]:
        name = result["name"]
        if result["status"] in ("fail", "error"):
            failed += 1
            print(f"scim-sanity FAIL {name}: {one_line(result.get('message'))}")
        elif result["status"] == "pass":
            passed += 1
            print(f"scim-sanity PASS {name}")
    print(f"scim-sanity: {passed} passed, {failed} failed")


def main() -> int:
    base_url, token = sys.argv[1], sys.argv[2]
    try:
        scim2_tester(base_url, token)
        scim_sanity(base_url, token)
    except Exception as exc:  # noqa: BLE001 - any failure to run is reported the same way
        print(f"the checkers could not run: {exc!r}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

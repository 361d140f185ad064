"""Schemathesis against the live stack: every API operation, generated from the OpenAPI
schema, with every check (no server error, statuses, content types and bodies as the schema
declares, bad input refused, good input accepted) and a fixed seed, so a run repeats."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ST = Path(sys.executable).parent / "st"
# Revoking the token the run authenticates with would end the run; both are tested in
# tests/accounts/test_api_tokens.py.
REVOKING = ["v1_auth_token_destroy", "v1_auth_tokens_destroy"]


def test_the_api_keeps_every_promise_of_its_schema(make_live_user):
    alice = make_live_user("fuzz")
    command = [
        str(ST),
        "run",
        f"{alice.base_url}/api/schema/",
        "--checks",
        "all",
        "--max-examples",
        "10",
        "--seed",
        "20261207",
        "--generation-database",
        "none",
        "--header",
        f"Authorization: Token {alice.token}",
        "--request-timeout",
        "20",
        "--no-color",
        *[option for operation in REVOKING for option in ("--exclude-operation-id", operation)],
    ]

    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)

    summary = [line for line in result.stdout.splitlines() if "generated" in line or "failure" in line]
    print("\n".join(summary))
    assert result.returncode == 0, result.stdout[-6000:]

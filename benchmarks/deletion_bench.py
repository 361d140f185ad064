"""Speed of deleting an account: `delete_account` for a heavy user.

    DATABASE_URL=sqlite:////tmp/deletion-bench.sqlite3 .venv/bin/python benchmarks/deletion_bench.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/deletion_bench.py

Creates a throwaway database next to DATABASE_URL's (deletion_bench on PostgreSQL, a file in
the temporary directory for SQLite; dropped at the end), one user with --sessions analysed
sessions and a check-in a day (the coach benchmark's data), signs them in, then times one
`delete_account` (one transaction: the cascade, axes' rows, the admin log). Prints one table.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from coach_bench import build_user  # noqa: E402 - sets up Django with no Redis
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args()

    from django.test import Client

    from coach.accounts.deletion import delete_account
    from coach.models import StudySession

    setup_test_environment()
    test_name = (
        str(Path(tempfile.gettempdir()) / "deletion-bench.sqlite3")
        if connection.vendor == "sqlite"
        else "deletion_bench"
    )
    connection.settings_dict.setdefault("TEST", {})["NAME"] = test_name
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        user = build_user(sessions=args.sessions, days=args.days)
        Client().force_login(user)
        build_s = time.perf_counter() - started

        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            delete_account(user=user)
            elapsed_ms = (time.perf_counter() - started) * 1000
        assert StudySession.objects.count() == 0
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    print(f"\ndeletion benchmark: {args.sessions:,} sessions, {connection.vendor}")
    print(f"(building the data took {build_s:.1f} s)\n")
    print("| what           | ms (one run) | queries |")
    print("|----------------|--------------|---------|")
    print(f"| delete_account | {elapsed_ms:12.0f} | {len(queries.captured_queries):7d} |")


if __name__ == "__main__":
    main()

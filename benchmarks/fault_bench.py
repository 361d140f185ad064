"""How fast each fault heals: runs the fault suite (tests/live/test_faults.py) on the real
stack and prints its table: fault, sessions, seconds from the fault's end until every
session was `done` with the analysis of its last revision, duplicates (sessions created
twice plus revisions analysed more than once), and sessions in flight when it struck.

    .venv/bin/python benchmarks/fault_bench.py [--old-settings] [--postgres NAME] [--wait SECONDS]

--old-settings runs it with the settings before healing: a 360 s lease, a 120 s grace and
a sweep every 60 s (the code is today's, so a worker still sweeps as it connects).
--postgres NAME runs on PostgreSQL database test_NAME, made and dropped by the run (the
database-connections fault needs it); SQLite otherwise. The suite uses a Redis server of
its own on a free port for the Redis fault, and for the rest a Redis it has to itself
(benchmarks/resources.py: the empty database BENCH_REDIS_DB, or a private server)."""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.resources import throwaway_redis  # noqa: E402

OLD_SETTINGS = {
    "ANALYSIS_LEASE_SECONDS": "360",
    "ANALYSIS_PENDING_GRACE_SECONDS": "120",
    "ANALYSIS_SWEEP_SECONDS": "60",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--old-settings", action="store_true", help="the lease, grace and sweep of before")
    parser.add_argument("--postgres", metavar="NAME", help="run on PostgreSQL database test_NAME")
    parser.add_argument("--wait", type=float, default=90, help="seconds to wait for a fault to settle")
    options = parser.parse_args()

    with (
        tempfile.TemporaryDirectory() as scratch,
        throwaway_redis(os.environ.get("BENCH_REDIS_DB")) as redis_url,
    ):
        report = Path(scratch) / "faults.json"
        env = {
            **os.environ,
            "FAULT_REPORT": str(report),
            "FAULT_SETTLE_WAIT_SECONDS": str(options.wait),
            "REDIS_URL": redis_url,
        }
        if options.postgres:
            env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{options.postgres}"
        if options.old_settings:
            env.update(OLD_SETTINGS)
        command = [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/live/test_faults.py",
        ]
        command += ["-o", "timeout=0"]  # the old settings take minutes per fault
        run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600)
        rows = json.loads(report.read_text()) if report.exists() else []

    settings = "old (lease 360 s, grace 120 s, sweep 60 s)" if options.old_settings else "new (defaults)"
    database = f"PostgreSQL ({options.postgres})" if options.postgres else "SQLite"
    print(f"settings: {settings}; database: {database}; waited up to {options.wait:.0f} s per fault\n")
    print(f"| {'fault':<34} | sessions | settled after | duplicates | in flight |")
    print(f"|{'-' * 36}|---------:|--------------:|-----------:|----------:|")
    for row in rows:
        after = "not within the wait" if row["settled_after"] is None else f"{row['settled_after']:.1f} s"
        print(
            f"| {row['fault']:<34} | {row['sessions']:>8} | {after:>13} | {row['duplicates']:>10} "
            f"| {row['in_flight']:>9} |"
        )
    print(f"\nsuite: {run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr[-500:]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

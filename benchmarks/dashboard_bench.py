"""Speed of the dashboard at scale: /api/v1/dashboard/ and /dashboard/ for a user with many
sessions, on SQLite and (when reachable) PostgreSQL.

    .venv/bin/python benchmarks/dashboard_bench.py [--sessions 10000] [--repeat 30]
        [--postgres NAME]

Creates a throwaway database per engine (a SQLite file in a temporary folder; a PostgreSQL
database named --postgres or $BENCH_POSTGRES_DB, by default a fresh random name, refused if
it exists, dropped at the end; see benchmarks/resources.py), fills it with one user's
analysed sessions spread over two years, and prints p50 and p95 per range, with the number
of sessions in the range, three ways: drawn with no cache (the code path before the cache),
cold (cache on but empty: the fingerprint query on top) and cached (a revisit with nothing
changed). It uses no Redis: the cache is the in-process one.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.resources import ResourceInUse, throwaway_postgres  # noqa: E402


def run_engine(database_url: str, sessions: int, repeat: int) -> list[tuple]:
    """Run in a fresh interpreter per engine: Django's settings are read once per process."""
    import subprocess

    result = subprocess.run(
        [sys.executable, __file__, "--child", "--sessions", str(sessions), "--repeat", str(repeat)],
        env={**os.environ, "DATABASE_URL": database_url, "REDIS_URL": ""},
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if result.returncode != 0:
        print(result.stderr[-3000:], file=sys.stderr)
        return []
    return [tuple(line.split("\t")) for line in result.stdout.strip().splitlines()]


def child(sessions: int, repeat: int) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    from coach.accounts.services import user_create
    from coach.models import SessionAnalysis, SessionLabel, StudySession
    from ml import THEMES

    setup_test_environment()
    if connection.vendor == "postgresql":
        from django.db import connections

        with connections["default"].cursor():
            pass
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    user = user_create(username="heavy", password="heavy-password-1", time_zone="Europe/Berlin")
    rng = random.Random(1)
    now = timezone.now()
    rows = []
    for _ in range(sessions):
        start = now - timedelta(minutes=rng.randint(60, 730 * 24 * 60))
        rows.append(
            StudySession(
                user=user,
                subject=rng.choice(["Maths", "History", "Thesis", "Spanish"]),
                started_at=start,
                ended_at=start + timedelta(minutes=rng.randint(20, 120)),
                interruptions=rng.randint(0, 5),
                self_rating=rng.randint(1, 5),
                journal="x",
                analysis_status="done",
            )
        )
    StudySession.objects.bulk_create(rows, batch_size=2000)
    analyses, labels = [], []
    for session in StudySession.objects.filter(user=user).only("id"):
        chosen = rng.sample(THEMES, rng.choice([0, 1, 1, 2, 3]))
        analyses.append(
            SessionAnalysis(
                session=session,
                revision=1,
                themes={t: 0.5 for t in THEMES},
                labels=chosen,
                text_focus=3.0,
                attention={},
                focus_score=rng.uniform(20, 95),
                score_breakdown={},
                model_version="bench",
                analysed_at=now,
                duration_ms=5,
            )
        )
        labels.extend(SessionLabel(session=session, theme=t) for t in chosen)
    SessionAnalysis.objects.bulk_create(analyses, batch_size=2000)
    SessionLabel.objects.bulk_create(labels, batch_size=5000)
    with connection.cursor() as cursor:
        # What autovacuum (PostgreSQL) or `PRAGMA optimize` (SQLite) does after a bulk load:
        # without statistics the planner takes 10,000 rows for a handful.
        cursor.execute("ANALYZE")

    client = Client()
    client.force_login(user)
    for range_key, days in (("7d", 7), ("30d", 30), ("90d", 90), ("all", None)):
        in_range = StudySession.objects.filter(user=user)
        if days:
            in_range = in_range.filter(started_at__gte=now - timedelta(days=days))
        for target, url in (
            ("API", f"/api/v1/dashboard/?range={range_key}"),
            ("page", f"/dashboard/?range={range_key}"),
        ):
            cells = []
            # "drawn": no cache at all, the code path before the cache existed; "cold": the
            # cache on but empty (a changed data version), so the fingerprint query is paid
            # on top; "cached": a revisit with nothing changed.
            for mode in ("drawn", "cold", "cached"):
                settings.DASHBOARD_CACHE_SECONDS = 0 if mode == "drawn" else 3600
                client.get(url)  # warm-up, and for "cached" the drawing that is kept
                timings = []
                for _ in range(repeat):
                    if mode == "cold":
                        cache.clear()
                    started = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200
                timings.sort()
                p95 = timings[min(len(timings) - 1, int(0.95 * len(timings)))]
                cells += [f"{statistics.median(timings):.1f}", f"{p95:.1f}"]
            print("\t".join([connection.vendor, target, range_key, str(in_range.count()), *cells]))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sessions", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument(
        "--postgres",
        metavar="NAME",
        default=os.environ.get("BENCH_POSTGRES_DB"),
        help="name of the PostgreSQL database to create and drop (default: a random one)",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.sessions, args.repeat)
        return

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        rows += run_engine(f"sqlite:///{folder}/bench.sqlite3", args.sessions, args.repeat)
    try:
        with throwaway_postgres(args.postgres, prefix="focusweb_dashboard_bench") as database_url:
            rows += run_engine(database_url, args.sessions, args.repeat)
    except ResourceInUse:
        raise
    except Exception as error:  # noqa: BLE001 - PostgreSQL is optional for this benchmark
        print(f"(PostgreSQL skipped: {error})", file=sys.stderr)

    print(f"\nDashboard with {args.sessions} sessions for one user ({args.repeat} requests each, ms)")
    columns = ["drawn p50", "p95", "cold p50", "p95", "cached p50", "p95"]
    print(
        f"{'database':<11}{'endpoint':<9}{'range':<7}{'in range':>9}" + "".join(f"{c:>11}" for c in columns)
    )
    for vendor, target, range_key, count, *cells in rows:
        print(f"{vendor:<11}{target:<9}{range_key:<7}{count:>9}" + "".join(f"{c:>11}" for c in cells))


if __name__ == "__main__":
    main()

"""Speed of the coach: recomputing a heavy user's insights and recommendations.

    .venv/bin/python benchmarks/coach_bench.py                        # SQLite
    .venv/bin/python benchmarks/coach_bench.py --postgres [NAME]      # PostgreSQL

Runs on a database of its own (benchmarks/resources.py): a SQLite file in a temporary
folder, or a PostgreSQL database named NAME or $BENCH_POSTGRES_DB (default a fresh random
name; a name that exists is refused), dropped at the end. It never reads DATABASE_URL. It
makes one user with --sessions analysed sessions spread over --days days (about a third
with a theme label or two, two thirds with a goal) and a check-in for every day, then times
`recommendations_recompute` (what the worker runs after each analysis) and the coaching
page's read of the stored result. Prints one table; the target for the recompute is 200 ms.
The channel layer is the in-memory one, so the time is the database and Python work only.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.resources import throwaway_postgres  # noqa: E402


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=3 * 365)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--postgres",
        metavar="NAME",
        nargs="?",
        const=os.environ.get("BENCH_POSTGRES_DB", ""),
        help="run on PostgreSQL, in a database of this name created and dropped (default: random)",
    )
    return parser.parse_args()


ARGS = parse_args()
RESOURCES = ExitStack()
if ARGS.postgres is not None:
    os.environ["DATABASE_URL"] = RESOURCES.enter_context(
        throwaway_postgres(ARGS.postgres or None, prefix="focusweb_coach_bench")
    )
else:
    os.environ["DATABASE_URL"] = (
        f"sqlite:///{RESOURCES.enter_context(tempfile.TemporaryDirectory())}/bench.sqlite3"
    )
os.environ["DJANGO_SETTINGS_MODULE"] = "focusweb.settings"
os.environ["REDIS_URL"] = ""

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

TARGET_MS = 200


def build_user(*, sessions: int, days: int, seed: int = 7):
    from coach.accounts.services import user_create
    from coach.models import CheckIn, SessionAnalysis, SessionLabel, StudySession
    from ml import THEMES

    rng = random.Random(seed)
    user = user_create(username="heavy", password="bench-password-123", time_zone="Asia/Shanghai")
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    rows = []
    for index in range(sessions):
        started = now - timedelta(days=rng.uniform(0, days), hours=rng.randint(0, 6))
        minutes = rng.choice([20, 30, 45, 50, 60, 90, 120])
        rows.append(
            StudySession(
                user=user,
                subject="Bench",
                started_at=started,
                ended_at=started + timedelta(minutes=minutes),
                paused_seconds=rng.choice([0, 0, 120, 600]),
                goal="Chapter" if index % 3 else "",
                journal="bench",
                analysis_status="done",
            )
        )
    created = StudySession.objects.bulk_create(rows, batch_size=2000)
    analyses, labels = [], []
    for session in created:
        themes = rng.sample(THEMES, rng.choice([0, 0, 0, 1, 1, 2]))
        analyses.append(
            SessionAnalysis(
                session=session,
                revision=1,
                themes={theme: 0.9 if theme in themes else 0.05 for theme in THEMES},
                labels=themes,
                text_focus=3.0,
                attention={},
                focus_score=rng.uniform(30, 90),
                score_breakdown={},
                model_version="bench",
                analysed_at=session.ended_at,
                duration_ms=5,
            )
        )
        labels.extend(SessionLabel(session=session, theme=theme) for theme in themes)
    SessionAnalysis.objects.bulk_create(analyses, batch_size=2000)
    SessionLabel.objects.bulk_create(labels, batch_size=2000)
    today = timezone.localdate()
    CheckIn.objects.bulk_create(
        CheckIn(
            user=user,
            day=today - timedelta(days=day),
            hours_slept=rng.choice([5, 6, 6.5, 7, 7.5, 8, 9]),
            meditation_minutes=rng.choice([0, 0, 10, 20]),
            exercise_minutes=rng.choice([0, 30]),
            caffeine_cups=rng.randint(0, 3),
            mood=rng.randint(1, 5),
        )
        for day in range(days)
    )
    if connection.vendor == "postgresql":
        # Fresh tables have no planner statistics until autovacuum gets to them; a live
        # database has them.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return user


def timed(function, runs: int) -> tuple[list[float], int]:
    function()  # warm caches and the connection
    times = []
    with CaptureQueriesContext(connection) as queries:
        function()
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return times, len(queries.captured_queries)


def main() -> None:
    args = ARGS
    from coach.coaching.recommendations import (
        present,
        recommendation_list,
        recommendations_recompute,
        stored_insights,
    )

    setup_test_environment()
    try:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        user = build_user(sessions=args.sessions, days=args.days)
        build_s = time.perf_counter() - started

        recompute, recompute_queries = timed(lambda: recommendations_recompute(user=user), args.runs)

        def read_page():
            [present(r) for r in recommendation_list(user=user)]
            stored_insights(user=user)

        read, read_queries = timed(read_page, args.runs)
        backend = connection.vendor
    finally:
        connection.close()
        RESOURCES.close()

    def p95(values):
        return sorted(values)[max(0, round(0.95 * len(values)) - 1)]

    print(f"\ncoach benchmark: {args.sessions:,} sessions over {args.days} days, {args.runs} runs, {backend}")
    print(f"(building the data took {build_s:.1f} s)\n")
    headers = (("median ms", 9), ("p95 ms", 7), ("min ms", 7), ("queries", 7), ("target", 8))
    print(f"| {'what':<36} | " + " | ".join(f"{name:>{width}}" for name, width in headers) + " |")
    print(f"|{'-' * 38}|{'-' * 11}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 10}|")
    for label, values, queries, target in (
        ("recompute recommendations + insights", recompute, recompute_queries, f"< {TARGET_MS}"),
        ("read them for the coaching page", read, read_queries, ""),
    ):
        print(
            f"| {label:<36} | {statistics.median(values):9.1f} | {p95(values):7.1f} | {min(values):7.1f} "
            f"| {queries:7d} | {target:>8} |"
        )
    verdict = "meets" if statistics.median(recompute) < TARGET_MS else "MISSES"
    print(f"\nThe recompute {verdict} the {TARGET_MS} ms target.")


if __name__ == "__main__":
    main()

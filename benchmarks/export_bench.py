"""Speed and memory of the export: time to first byte, total time, peak memory and size of
the JSON and CSV downloads for one user with many analysed sessions.

    .venv/bin/python benchmarks/export_bench.py [--sessions 10000 100000] [--postgres URL]

Each size runs in a fresh interpreter on its own throwaway database: an SQLite file in a
temporary folder, and PostgreSQL when --postgres (or BENCH_POSTGRES_URL) names one, which is
created and dropped around the run. Time is measured in one pass over the streamed response;
peak memory (tracemalloc, Python allocations) in a second pass, since tracing slows it down.
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

JOURNALS = [
    "Worked through the problem set; phone stayed in the drawer until the break.",
    "图书馆太吵了，隔壁一直在打电话，很难集中注意力。后来换了耳机才好一些。",
    "Kept checking messages and lost the thread twice; finished only half of the chapter.",
    "Slept badly, eyes heavy after lunch. Coffee helped for the first half hour.",
]


def child(sessions: int) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from coach.accounts.services import user_create
    from coach.models import CheckIn, SessionAnalysis, SessionLabel, StudySession
    from coach.portability.downloads import export_response
    from coach.themes import THEME_NAMES

    call_command("migrate", verbosity=0)
    user = user_create(username="heavy", password="heavy-password-1", time_zone="Asia/Shanghai")
    rng = random.Random(1)
    now = timezone.now()
    themes = list(THEME_NAMES)
    batch = []

    def flush():
        StudySession.objects.bulk_create([s for s, _ in batch], batch_size=2000)
        analyses, labels = [], []
        for session, chosen in batch:
            analyses.append(
                SessionAnalysis(
                    session_id=session.id,
                    revision=1,
                    themes={t: round(rng.random(), 4) for t in themes},
                    labels=chosen,
                    text_focus=round(rng.uniform(1, 5), 3),
                    attention={t: [{"start": 0, "end": 12, "weight": 0.4}] for t in chosen},
                    focus_score=round(rng.uniform(20, 95), 1),
                    score_breakdown={
                        "score": 60.0,
                        "components": [{"name": "text_focus", "value": 0.6, "weight": 0.5}],
                    },
                    model_version="bench",
                    analysed_at=now,
                    duration_ms=5,
                )
            )
            labels.extend(SessionLabel(session_id=session.id, theme=t) for t in chosen)
        SessionAnalysis.objects.bulk_create(analyses, batch_size=2000)
        SessionLabel.objects.bulk_create(labels, batch_size=5000)
        batch.clear()

    for index in range(sessions):
        start = now - timedelta(minutes=60 + index * 15)
        session = StudySession(
            user=user,
            subject=rng.choice(["Maths", "History", "论文", "Spanish"]),
            started_at=start,
            ended_at=start + timedelta(minutes=rng.randint(20, 120)),
            interruptions=1,
            interruption_times=[(start + timedelta(minutes=5)).isoformat()],
            self_rating=rng.randint(1, 5),
            journal=rng.choice(JOURNALS),
            analysis_status="done",
        )
        batch.append((session, rng.sample(themes, rng.choice([0, 1, 1, 2]))))
        if len(batch) == 5000:
            flush()
    flush()
    CheckIn.objects.bulk_create(
        [CheckIn(user=user, day=(now - timedelta(days=d)).date(), hours_slept=7, mood=3) for d in range(365)]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    for export_format in ("json", "csv"):
        started = time.perf_counter()
        first = None
        size = 0
        for piece in export_response(user=user, export_format=export_format).streaming_content:
            if first is None and piece:
                first = time.perf_counter() - started
            size += len(piece)
        total = time.perf_counter() - started
        tracemalloc.start()
        for _piece in export_response(user=user, export_format=export_format).streaming_content:
            pass
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(
            f"{connection.vendor}\t{export_format}\t{sessions}\t{first * 1000:.0f}\t{total:.2f}"
            f"\t{peak / 1e6:.1f}\t{size / 1e6:.1f}"
        )


def run(database_url: str, sessions: int) -> list[tuple]:
    result = subprocess.run(
        [sys.executable, __file__, "--child", "--sessions", str(sessions)],
        env={**os.environ, "DATABASE_URL": database_url, "REDIS_URL": ""},
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if result.returncode != 0:
        print(result.stderr[-3000:], file=sys.stderr)
        return []
    return [tuple(line.split("\t")) for line in result.stdout.strip().splitlines()]


def with_postgres(url: str, sessions: int) -> list[tuple]:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        return run(url, sessions)
    finally:
        with psycopg.connect(base + "/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sessions", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_POSTGRES_URL", ""),
        help="a PostgreSQL URL whose database is created and dropped, e.g. "
        "postgres://postgres@127.0.0.1:5432/focusweb_export_bench",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.sessions[0])
        return

    rows = []
    for sessions in args.sessions:
        with tempfile.TemporaryDirectory() as folder:
            rows += run(f"sqlite:///{folder}/export-bench.sqlite3", sessions)
        if args.postgres:
            rows += with_postgres(args.postgres, sessions)

    print("\nExport of one user's analysed sessions (plus a year of check-ins), streamed")
    print(
        f"{'database':<11}{'format':<7}{'sessions':>9}{'first byte ms':>15}"
        f"{'total s':>9}{'peak MB':>9}{'size MB':>9}"
    )
    for vendor, export_format, sessions, first, total, peak, size in rows:
        print(f"{vendor:<11}{export_format:<7}{sessions:>9}{first:>15}{total:>9}{peak:>9}{size:>9}")


if __name__ == "__main__":
    main()

"""End-to-end latency of the analysis pipeline: POST a session, wait for its event.

Starts the real stack (a uvicorn process, one Celery worker with concurrency 2, Redis),
then 20 users post sessions through the HTTP API while each listens on its dashboard
WebSocket. Prints, for a steady rate and for a burst, the latency from POST to the
`session.analysed` event (p50, p95, max), sessions analysed per second, and how many never
arrived. Then a flood: one user posts --flood long journals at once while another posts
one session a second for 15 s; its latency is measured twice, with every analysis on one
queue (the old behaviour) and with the flooding user's on the bulk queue (ANALYSIS_BULK_AFTER).

    .venv/bin/python benchmarks/pipeline_bench.py [--sessions 500] [--rate 10] [--burst 200]
        [--flood 300] [--flood-only] [--postgres NAME] [--throttled]

Runs on resources of its own (benchmarks/resources.py), never on DATABASE_URL or REDIS_URL:
a SQLite file in a temporary folder, or with --postgres [NAME] a PostgreSQL database of
that name (or $BENCH_POSTGRES_DB, default a fresh random name; an existing name is refused)
created and dropped; and a private Redis server on a free port, or with --redis-db N (or
$BENCH_REDIS_DB) that database of the Redis on 127.0.0.1:6379, which must be empty and is
emptied again at the end. Two runs side by side cannot clobber each other.
"""

import argparse
import asyncio
import atexit
import json
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.resources import throwaway_postgres, throwaway_redis  # noqa: E402


def option(name: str, env: str) -> str | None:
    """An option's value from the command line (`--name VALUE`, or `--name` alone for "") or,
    without it, the environment; read before Django starts, which needs both URLs."""
    if name in sys.argv:
        following = sys.argv[sys.argv.index(name) + 1 :]
        return following[0] if following and not following[0].startswith("--") else ""
    return os.environ.get(env)


RESOURCES = ExitStack()
atexit.register(RESOURCES.close)
WORKDIR = Path(RESOURCES.enter_context(tempfile.TemporaryDirectory(prefix="focusweb-bench-")))
POSTGRES_NAME = option("--postgres", "BENCH_POSTGRES_DB")
if POSTGRES_NAME is not None:
    os.environ["DATABASE_URL"] = RESOURCES.enter_context(
        throwaway_postgres(POSTGRES_NAME or None, prefix="focusweb_pipeline_bench")
    )
else:
    os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR / 'bench.sqlite3'}"
os.environ["REDIS_URL"] = RESOURCES.enter_context(throwaway_redis(option("--redis-db", "BENCH_REDIS_DB")))
os.environ["DJANGO_SETTINGS_MODULE"] = "focusweb.settings"
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
# The benchmark measures the pipeline, not the throttles: each of its users writes far
# faster than a person could, so the write and request limits are lifted for its server.
if "--throttled" not in sys.argv:
    os.environ.setdefault("API_WRITE_RATE", "1000000/min")
os.environ.setdefault("API_USER_RATE", "1000000/min")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402

from coach.accounts.services import user_create  # noqa: E402
from coach.models import ApiToken  # noqa: E402
from tests.live.stack import api, start_server, start_worker  # noqa: E402

JOURNALS = [
    "Kept checking my phone, Instagram every few minutes.",
    "Library was quiet and I finished the chapter.",
    "My roommate kept asking me things, lost the thread twice.",
    "Slept four hours, eyes kept closing over the notes.",
    "图书馆太吵了，旁边一直有人打电话。",
    "昨晚没睡好，下午困得不行。",
    "Didn't know where to start, jumped between three assignments.",
    "Worried about the exam the whole time.",
]


NO_BULK = "1000000000"
LONG_JOURNAL = " ".join(JOURNALS) * 6  # about 2,000 characters: a long entry, the costliest to analyse


class User:
    def __init__(self, index: int):
        self.user = user_create(username=f"bench{index}", password="bench-password-123")
        self.token = ApiToken.objects.create(user=self.user, name="benchmark")[1]
        client = Client()
        client.force_login(self.user)
        self.cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        self.arrivals: dict[int, float] = {}


def payload(number: int) -> dict:
    return {
        "subject": f"Subject {number % 7}",
        "started_at": "2026-06-01T09:00:00Z",
        "ended_at": "2026-06-01T10:00:00Z",
        "interruptions": number % 5,
        "self_rating": 1 + number % 5,
        "journal": JOURNALS[number % len(JOURNALS)],
    }


async def listen(user: User, base_url: str, ready: asyncio.Event, stop: asyncio.Event):
    headers = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={user.cookie}", "Origin": base_url}
    async with connect(
        base_url.replace("http", "ws") + "/ws/dashboard/", additional_headers=headers
    ) as socket:
        ready.set()
        while not stop.is_set():
            try:
                message = json.loads(await asyncio.wait_for(socket.recv(), timeout=0.5))
            except TimeoutError:
                continue
            if message["type"] == "session.analysed":
                user.arrivals[message["session"]["id"]] = time.perf_counter()


async def run_phase(users, base_url, count: int, rate: float | None, pool) -> dict:
    """Post `count` sessions round-robin over users, `rate` per second (None: all at once)."""
    posted: list[tuple[User, float, int]] = []
    loop = asyncio.get_running_loop()

    def post(user: User, number: int):
        sent = time.perf_counter()
        status, body = api(base_url, "POST", "/api/v1/sessions/", user.token, payload(number))
        return user, sent, body["id"] if status == 201 else None

    started = time.perf_counter()
    futures = []
    for number in range(count):
        if rate:
            await asyncio.sleep(max(0.0, started + number / rate - time.perf_counter()))
        futures.append(loop.run_in_executor(pool, post, users[number % len(users)], number))
    answers = await asyncio.gather(*futures)
    refused = sum(1 for _user, _sent, sid in answers if sid is None)
    posted = [answer for answer in answers if answer[2] is not None]
    deadline = time.perf_counter() + 120
    while time.perf_counter() < deadline and any(sid not in user.arrivals for user, _, sid in posted):
        await asyncio.sleep(0.05)
    latencies = [(user.arrivals[sid] - sent) * 1000 for user, sent, sid in posted if sid in user.arrivals]
    last = max((user.arrivals[sid] for user, _, sid in posted if sid in user.arrivals), default=started)
    latencies.sort()
    return {
        "sessions": count,
        "p50_ms": statistics.median(latencies) if latencies else float("nan"),
        "p95_ms": latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan"),
        "max_ms": latencies[-1] if latencies else float("nan"),
        "per_second": len(latencies) / (last - started) if last > started else 0.0,
        "lost": len(posted) - len(latencies),
        "refused": refused,
    }


async def run_flood(flooder: User, others: list[User], base_url, count: int, pool) -> dict:
    """One user posts `count` long journals as fast as it can while the others post one
    session a second each; the others' latency is what a flood costs everyone else."""
    loop = asyncio.get_running_loop()

    def post(user: User, number: int, journal: str | None = None):
        body = {**payload(number), **({"journal": journal} if journal else {})}
        sent = time.perf_counter()
        status, answer = api(base_url, "POST", "/api/v1/sessions/", user.token, body)
        return user, sent, answer["id"] if status == 201 else None

    flood = [loop.run_in_executor(pool, post, flooder, n, LONG_JOURNAL) for n in range(count)]
    started = time.perf_counter()
    probes = []
    for second in range(15):
        await asyncio.sleep(max(0.0, started + second - time.perf_counter()))
        probes += [loop.run_in_executor(pool, post, user, second) for user in others]
    answers = [a for a in await asyncio.gather(*probes) if a[2] is not None]
    flooded = [a for a in await asyncio.gather(*flood) if a[2] is not None]
    deadline = time.perf_counter() + 180
    while time.perf_counter() < deadline and any(
        sid not in user.arrivals for user, _, sid in [*answers, *flooded]
    ):
        await asyncio.sleep(0.1)
    latencies = sorted(
        (user.arrivals[sid] - sent) * 1000 for user, sent, sid in answers if sid in user.arrivals
    )
    return {
        "sessions": len(answers),
        "p50_ms": statistics.median(latencies) if latencies else float("nan"),
        "p95_ms": latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan"),
        "max_ms": latencies[-1] if latencies else float("nan"),
        "per_second": float("nan"),
        "lost": len(answers) - len(latencies),
        "refused": 0,
    }


async def main_async(args, users, base_url):
    stop = asyncio.Event()
    readies = [asyncio.Event() for _ in users]
    listeners = [
        asyncio.create_task(listen(u, base_url, r, stop)) for u, r in zip(users, readies, strict=True)
    ]
    await asyncio.gather(*(r.wait() for r in readies))
    results = {}
    with ThreadPoolExecutor(max_workers=max(20, args.burst)) as pool:
        await run_phase(users, base_url, 20, 10, pool)  # warm-up: the worker loads the model
        if args.flood_only is None:
            results[f"steady {args.rate}/s"] = await run_phase(
                users, base_url, args.sessions, args.rate, pool
            )
            results[f"burst of {args.burst}"] = await run_phase(users, base_url, args.burst, None, pool)
        if args.flood:
            label = "flood, fair" if os.environ["ANALYSIS_BULK_AFTER"] != NO_BULK else "flood, one queue"
            label += ", throttled" if args.throttled else ""
            results[label] = await run_flood(users[0], users[1:2], base_url, args.flood, pool)
    stop.set()
    await asyncio.gather(*listeners)
    return results


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sessions", type=int, default=500)
    parser.add_argument("--rate", type=float, default=10.0)
    parser.add_argument("--burst", type=int, default=200)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument(
        "--flood", type=int, default=300, help="long journals one user floods (0: no flood phase)"
    )
    parser.add_argument(
        "--flood-only", action="store_const", const=True, help="skip the steady and burst phases"
    )
    parser.add_argument(
        "--postgres",
        metavar="NAME",
        nargs="?",
        const="",
        help="run on PostgreSQL, in a database of this name created and dropped (default: random)",
    )
    parser.add_argument("--redis-db", metavar="N", help="an empty Redis database (default: a private server)")
    parser.add_argument(
        "--throttled", action="store_true", help="keep the product's write limit per user (API_WRITE_RATE)"
    )
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    users = [User(i) for i in range(args.users)]
    results = {}
    # The flood phase runs twice, on servers that differ only in routing: first with every
    # analysis on one queue (the old behaviour), then with a flooding user's on the bulk queue.
    for bulk_after in [NO_BULK, str(settings.ANALYSIS_BULK_AFTER)] if args.flood else [NO_BULK]:
        os.environ["ANALYSIS_BULK_AFTER"] = bulk_after
        for user in users:
            user.arrivals.clear()
        server, base_url = start_server(WORKDIR, database_url=os.environ["DATABASE_URL"])
        worker = start_worker(WORKDIR, concurrency=2, database_url=os.environ["DATABASE_URL"])
        try:
            results |= asyncio.run(main_async(args, users, base_url))
        finally:
            worker.stop()
            server.stop()
        args.flood_only = True  # the steady and burst phases run once
    from django.db import connections

    connections.close_all()
    RESOURCES.close()

    database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(
        f"\nPipeline: POST /api/v1/sessions/ -> session.analysed on the WebSocket "
        f"({args.users} users, 1 worker x2, {database})"
    )
    header = ("phase", "sessions", "p50 ms", "p95 ms", "max ms", "analysed/s", "lost", "refused")
    print(f"{header[0]:<16} " + " ".join(f"{name:>{max(8, len(name))}}" for name in header[1:]))
    for phase, row in results.items():
        print(
            f"{phase:<16} {row['sessions']:>8} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} "
            f"{row['max_ms']:>8.1f} {row['per_second']:>10.1f} {row['lost']:>8} {row['refused']:>8}"
        )


if __name__ == "__main__":
    main()

"""Serving many users at once: the dashboard API under 20 concurrent users, at 1, 2 and 4
web processes, and the memory of a web process after serving it.

    .venv/bin/python benchmarks/web_scale_bench.py [--users 1000] [--sessions-per-user 100]
        [--processes 1 2 4] [--concurrent 20] [--rounds 5] [--postgres [NAME]] [--redis-db N]
        [--app-dir PATH]

Fills a database of its own (SQLite in a temporary folder, or PostgreSQL with --postgres;
benchmarks/resources.py) with --users users of --sessions-per-user analysed sessions each,
then for each process count starts `uvicorn --workers N` on a free port and measures:

- alone: one user's /api/v1/dashboard/?range=all, --rounds x 4 requests one after another;
- together: --rounds rounds of --concurrent requests at once, each from a different user;
- the largest resident memory (RSS) of a web process after that, and whether it has torch.

Every request is drawn afresh (DASHBOARD_CACHE_SECONDS=0) unless --cache is given: this
measures serving, not the cache (benchmarks/dashboard_bench.py measures that).

--app-dir serves the code of another checkout (say a worktree of the previous commit) with
the same database, to compare before and after in one run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.resources import throwaway_postgres, throwaway_redis  # noqa: E402

BIN = Path(sys.executable).parent


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--sessions-per-user", type=int, default=100)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--concurrent", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--postgres", metavar="NAME", nargs="?", const="", default=None)
    parser.add_argument("--redis-db", metavar="N", default=os.environ.get("BENCH_REDIS_DB"))
    parser.add_argument(
        "--cache",
        action="store_true",
        help="keep the dashboard cache on (default: every request drawn afresh)",
    )
    parser.add_argument(
        "--app-dir", type=Path, action="append", help="checkouts to serve (default: this one)"
    )
    return parser.parse_args()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def fill(users: int, per_user: int, tokens_for: int) -> tuple[list[str], list[str]]:
    """Make the users and their history; return API keys and session cookies for the first
    `tokens_for` users."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from benchmarks.history import analysed_history
    from coach.models import ApiToken, Profile

    call_command("migrate", verbosity=0)
    User = get_user_model()
    made = User.objects.bulk_create(User(username=f"bench{i}", password="!") for i in range(users))
    made = list(User.objects.filter(username__startswith="bench").order_by("id"))
    Profile.objects.bulk_create(Profile(user=user, time_zone="Europe/Berlin", language="en") for user in made)
    analysed_history(users=made, per_user=per_user, now=timezone.now())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    keys = [ApiToken.objects.create(user=user, name="bench")[1] for user in made[:tokens_for]]
    cookies = []
    for user in made[:tokens_for]:
        client = Client()
        client.force_login(user)
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}")
    connection.close()
    return keys, cookies


def get(url: str, key: str) -> float:
    """Milliseconds to fetch `url` as the user of `key`: an API token, or a session cookie."""
    header = {"Cookie": key} if "=" in key else {"Authorization": f"Token {key}"}
    started = time.perf_counter()
    with urllib.request.urlopen(urllib.request.Request(url, headers=header), timeout=120) as response:
        body = response.read()
        assert response.status == 200 and response.url == url, (response.status, response.url)
    if "/api/" in url:
        json.loads(body)
    return (time.perf_counter() - started) * 1000


def process_tree(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [pid] + [p for child in children for p in process_tree(int(child))]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def has_torch(pid: int) -> bool:
    return "torch/lib" in Path(f"/proc/{pid}/maps").read_text()


def measure(app_dir: Path, processes: int, keys: list[str], cookies: list[str], args, env, workdir) -> dict:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = (workdir / f"uvicorn-{processes}.log").open("w")
    command = [str(BIN / "uvicorn"), "focusweb.asgi:application", "--port", str(port), "--lifespan", "off"]
    server = subprocess.Popen(
        [*command, "--workers", str(processes)], cwd=app_dir, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}/api/v1/dashboard/?range=all"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                get(base, keys[0])
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        with ThreadPoolExecutor(max_workers=args.concurrent) as pool:
            # Warm every process, with the page too, so its memory is measured after serving both.
            list(pool.map(lambda key: get(base, key), keys[: args.concurrent * 2]))
            page = base.replace("/api/v1/dashboard/", "/dashboard/")
            list(pool.map(lambda cookie: get(page, cookie), cookies[: args.concurrent * 2]))
            alone = [get(base, keys[0]) for _ in range(args.rounds * 4)]
            together, started = [], time.perf_counter()
            for round_ in range(args.rounds):
                batch = keys[round_ * args.concurrent : (round_ + 1) * args.concurrent]
                together += pool.map(lambda key: get(base, key), batch)
            wall = time.perf_counter() - started
        web = [pid for pid in process_tree(server.pid) if processes == 1 or pid != server.pid]
        return {
            "alone_p50": statistics.median(alone),
            "p50": statistics.median(together),
            "p95": percentile(together, 0.95),
            "rps": len(together) / wall,
            "rss": max(rss_mb(pid) for pid in web),
            "torch": any(has_torch(pid) for pid in web),
        }
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def main() -> None:
    args = parse_args()
    with ExitStack() as resources:
        workdir = Path(resources.enter_context(tempfile.TemporaryDirectory(prefix="focusweb-web-bench-")))
        if args.postgres is not None:
            database_url = resources.enter_context(
                throwaway_postgres(
                    args.postgres or os.environ.get("BENCH_POSTGRES_DB"), prefix="focusweb_web_bench"
                )
            )
        else:
            database_url = f"sqlite:///{workdir / 'bench.sqlite3'}"
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": resources.enter_context(throwaway_redis(args.redis_db)),
            "DJANGO_SETTINGS_MODULE": "focusweb.settings",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "API_USER_RATE": "1000000/min",
            "SECRET_KEY": "benchmark-only-key-0123456789-0123456789-abcdef",
            # No collectstatic for a benchmark: static URLs without the manifest's hashes.
            "STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
            # The warm-up visits would otherwise leave the first users' payloads cached.
            "DASHBOARD_CACHE_SECONDS": "3600" if args.cache else "0",
        }
        os.environ.update(env)
        started = time.perf_counter()
        keys, cookies = fill(
            args.users, args.sessions_per_user, tokens_for=max(args.concurrent * max(args.rounds, 2), 1)
        )
        made_in = time.perf_counter() - started
        print(f"(made {args.users} users x {args.sessions_per_user} sessions in {made_in:.0f} s)")
        rows = []
        for app_dir in args.app_dir or [ROOT]:
            for processes in args.processes:
                rows.append(
                    (app_dir, processes, measure(app_dir, processes, keys, cookies, args, env, workdir))
                )

    engine = "postgresql" if args.postgres is not None else "sqlite"
    print(
        f"\n/api/v1/dashboard/?range=all, {args.users} users x {args.sessions_per_user} sessions ({engine}), "
        f"{args.rounds} rounds of {args.concurrent} concurrent users, {os.cpu_count()} cores; ms"
    )
    header = [
        "code",
        "processes",
        "alone p50",
        "together p50",
        "p95",
        "p95/alone",
        "req/s",
        "web RSS MB",
        "torch",
    ]
    print(" | ".join(header))
    for app_dir, processes, row in rows:
        cells = [app_dir.name, processes, f"{row['alone_p50']:.0f}", f"{row['p50']:.0f}", f"{row['p95']:.0f}"]
        cells += [f"{row['p95'] / row['alone_p50']:.1f}", f"{row['rps']:.1f}", f"{row['rss']:.0f}"]
        print(" | ".join(map(str, cells + ["yes" if row["torch"] else "no"])))


if __name__ == "__main__":
    main()

"""Events lost on the way to open sockets, with the list-based channel layer and with pub/sub.

Starts one uvicorn process on the real settings, opens --sockets dashboard WebSockets for
one user (several tabs: every socket of a web process shares that process's
inbox under the list-based layer), then publishes --events events to the user from
--threads threads as fast as they go (each publish as a worker sends one: the data version
raised in the database, then group_send). Prints, for the layer chosen, how many events each
socket received, how many were lost, and what the sockets' own gap counting logged.

    .venv/bin/python benchmarks/realtime_bench.py --layer lists [--events 3000] [--sockets 10] [--threads 8]
    .venv/bin/python benchmarks/realtime_bench.py --layer pubsub

Uses a SQLite file in a temporary folder and Redis database BENCH_REDIS_DB (default 12),
flushed at the start and the end, so two runs side by side need different values.
"""

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = Path(tempfile.mkdtemp(prefix="focusweb-realtime-bench-"))
LAYER = sys.argv[sys.argv.index("--layer") + 1] if "--layer" in sys.argv else "pubsub"
os.environ["CHANNEL_LAYER"] = LAYER
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR / 'bench.sqlite3'}"
os.environ["REDIS_URL"] = f"redis://127.0.0.1:6379/{os.environ.get('BENCH_REDIS_DB', '12')}"
os.environ["DJANGO_SETTINGS_MODULE"] = "focusweb.settings"
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")

import logging  # noqa: E402

import django  # noqa: E402

django.setup()
# channels-redis logs each message it drops at INFO, thousands of lines; the table counts them.
logging.getLogger("channels_redis").setLevel(logging.WARNING)

import redis  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402

from coach.accounts.services import user_create  # noqa: E402
from coach.realtime import events  # noqa: E402
from coach.realtime.losses import lost_events  # noqa: E402
from tests.live.stack import start_server  # noqa: E402


async def listen(url: str, headers: dict, ready: asyncio.Event, seen: set, stop: asyncio.Event):
    async with connect(url, additional_headers=headers, max_queue=None) as socket:
        ready.set()
        while not stop.is_set():
            try:
                message = json.loads(await asyncio.wait_for(socket.recv(), 0.5))
            except TimeoutError:
                continue
            if "seq" in message:
                seen.add(message["seq"])


def publish_all(user_id: int, count: int, threads: int) -> float:
    def publish(number: int):
        try:
            events.publish(
                user_id=user_id, event={"type": "session.updated", "version": 1, "session": {"n": number}}
            )
        finally:
            connection.close()

    started = time.monotonic()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(publish, range(count)))
    return time.monotonic() - started


async def run(args, base_url: str, user, cookie: str) -> dict:
    url = base_url.replace("http", "ws") + "/ws/dashboard/"
    headers = {"Origin": base_url, "Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}"}
    stop = asyncio.Event()
    seen = [set() for _ in range(args.sockets)]
    readies = [asyncio.Event() for _ in range(args.sockets)]
    tasks = [
        asyncio.create_task(listen(url, headers, r, s, stop)) for r, s in zip(readies, seen, strict=True)
    ]
    for ready in readies:
        await ready.wait()
    await asyncio.sleep(0.5)
    seconds = await asyncio.to_thread(publish_all, user.id, args.events, args.threads)
    # Wait for stragglers, and for the sockets' grace before they count a number as lost.
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(len(s) < args.events for s in seen):
        await asyncio.sleep(0.2)
    await asyncio.sleep(6)
    stop.set()
    await asyncio.gather(*tasks)
    return {"seconds": seconds, "received": [len(s) for s in seen]}


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--layer", choices=["lists", "pubsub"], default="pubsub")
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--sockets", type=int, default=10)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()

    redis.Redis.from_url(settings.REDIS_URL).flushdb()
    call_command("migrate", verbosity=0)
    user = user_create(username="bench", password="a long bench password 1")
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    server, base_url = start_server(WORKDIR, database_url=os.environ["DATABASE_URL"])
    try:
        result = asyncio.run(run(args, base_url, user, cookie))
        time.sleep(1)  # the sockets' last count, logged as they close
        log = server.output()
    finally:
        server.stop()
    lost = [args.events - received for received in result["received"]]
    print(
        "| layer | sockets | events | published in | received per socket | lost | lost % "
        "| counted by sockets |"
    )
    print("|---|---|---|---|---|---|---|---|")
    print(
        f"| {LAYER} | {args.sockets} | {args.events} | {result['seconds']:.1f} s "
        f"({args.events / result['seconds']:.0f}/s) | {result['received']} | {sum(lost)} | "
        f"{100 * sum(lost) / (args.events * args.sockets):.1f} | {lost_events()} |"
    )
    warnings = log.count("event(s) lost")
    print(f"WARNING lines about lost events in the web process's log: {warnings}")
    redis.Redis.from_url(settings.REDIS_URL).flushdb()


if __name__ == "__main__":
    main()

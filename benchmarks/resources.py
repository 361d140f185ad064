"""Throwaway resources for the benchmarks, so a run never touches data it did not create.

Each benchmark takes its PostgreSQL database name and Redis database from its arguments or
the environment. A PostgreSQL database is created for the run (a name that already exists
is refused, never dropped) and dropped after it. A Redis database number, when given, must
be empty at the start and is emptied again at the end; without one the run starts a Redis
server of its own on a free port, with no persistence, and stops it at the end. Two runs
side by side therefore never share or clobber anything, and neither touches a developer's
data or the test suite's.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES_SERVER", "postgres://postgres@127.0.0.1:5432")
REDIS_SERVER = os.environ.get("BENCH_REDIS_SERVER", "redis://127.0.0.1:6379")


class ResourceInUse(SystemExit):
    """A database or Redis database that the benchmark was asked to use already holds data."""


def throwaway_name(prefix: str) -> str:
    return f"{prefix}_{os.getpid()}_{secrets.token_hex(3)}"


@contextmanager
def throwaway_postgres(name: str | None = None, *, prefix: str = "focusweb_bench") -> Iterator[str]:
    """The URL of a PostgreSQL database created for this run and dropped after it."""
    import psycopg
    from psycopg import errors, sql

    name = name or throwaway_name(prefix)
    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as admin:
        try:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        except errors.DuplicateDatabase:
            raise ResourceInUse(
                f"PostgreSQL database {name!r} already exists: a benchmark only uses a database it "
                "creates. Give another name, or none for a throwaway one."
            ) from None
    try:
        yield f"{POSTGRES_SERVER}/{name}"
    finally:
        with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@contextmanager
def throwaway_redis(db: int | str | None = None) -> Iterator[str]:
    """The URL of a Redis database this run has to itself: the numbered one on the usual
    server if it is empty (emptied again after), else a private server on a free port."""
    if db not in (None, ""):
        yield from _empty_redis_database(f"{REDIS_SERVER}/{int(db)}")
    else:
        yield from _private_redis_server()


def _empty_redis_database(url: str) -> Iterator[str]:
    import redis

    client = redis.Redis.from_url(url)
    if keys := client.dbsize():
        raise ResourceInUse(
            f"Redis {url} holds {keys} keys: a benchmark only uses an empty database. "
            "Give another number, or none for a private Redis server."
        )
    try:
        yield url
    finally:
        client.flushdb()


def _private_redis_server() -> Iterator[str]:
    import redis

    if shutil.which("redis-server") is None:
        raise SystemExit("redis-server is not installed: give an empty Redis database number instead.")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    folder = tempfile.mkdtemp(prefix="focusweb-bench-redis-")
    server = subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the private Redis server did not start") from None
                time.sleep(0.05)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)

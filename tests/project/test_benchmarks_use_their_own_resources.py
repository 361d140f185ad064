"""Benchmarks never touch resources they did not create (benchmarks/resources.py): a Redis
database they are given must be empty and is emptied again after; without one they run a
Redis server of their own; and no benchmark takes the app's DATABASE_URL or REDIS_URL."""

import re
from pathlib import Path

import pytest
import redis
from django.conf import settings

from benchmarks.resources import ResourceInUse, throwaway_redis

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def busy_redis_database():
    """The test run's own Redis database, holding one key that is not the benchmark's."""
    client = redis.Redis.from_url(settings.REDIS_URL)
    client.set("someone-elses-key", "keep me")
    yield settings.REDIS_URL.rsplit("/", 1)[1]
    client.delete("someone-elses-key")


def test_a_redis_database_holding_data_is_refused_and_left_as_it_was(busy_redis_database):
    with pytest.raises(ResourceInUse, match="keys"):
        with throwaway_redis(busy_redis_database):
            pass

    assert redis.Redis.from_url(settings.REDIS_URL).get("someone-elses-key") == b"keep me"


def test_without_a_database_number_a_private_redis_server_serves_the_run_and_then_stops():
    with throwaway_redis() as url:
        assert url != settings.REDIS_URL and not url.startswith("redis://127.0.0.1:6379/")
        redis.Redis.from_url(url).set("benchmark", "data")

    with pytest.raises(redis.ConnectionError):
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()


def test_no_benchmark_falls_back_on_the_apps_database_or_redis():
    falls_back = re.compile(r'environ\.(get|setdefault)\("(DATABASE_URL|REDIS_URL)"')
    offenders = [
        path.name
        for path in sorted((ROOT / "benchmarks").glob("*.py"))
        if falls_back.search(path.read_text())
    ]

    assert offenders == []

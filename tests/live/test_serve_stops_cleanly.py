"""`make run` (scripts/serve) stops cleanly: one TERM to its process group, as Ctrl-C sends
one INT, stops every process it started exactly once, and the script exits 0. It used to
signal itself from its own trap, print "Warm shutdown" thousands of times and crash.

The script runs against a database and a Redis server of this test's own, so it can
neither take nor leave work in the test run's queues."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import redis

from tests.live.stack import ROOT, _answers, free_port, wait_for

pytestmark = pytest.mark.live
BIN = Path(sys.executable).parent


def descendants(pid: int) -> set[int]:
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture
def private_redis(tmp_path):
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    wait_for(lambda: _pings(url), 10, "a private Redis server")
    yield url
    server.terminate()
    server.wait(timeout=10)


def _pings(url: str) -> bool:
    try:
        return redis.Redis.from_url(url).ping()
    except redis.ConnectionError:
        return False


def test_one_term_to_the_process_group_stops_every_child_once_and_exits_0(tmp_path, private_redis):
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "REDIS_URL": private_redis,
        "TMPDIR": str(tmp_path),
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        "PYTHONUNBUFFERED": "1",
    }
    migrate = [str(BIN / "python"), "manage.py", "migrate", "--verbosity", "0"]
    subprocess.run(migrate, cwd=ROOT, env=env, check=True)
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        serve = subprocess.Popen(
            ["scripts/serve"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            wait_for(lambda: _answers(f"http://127.0.0.1:{port}/healthz"), 60, "the web processes")
            wait_for(lambda: " ready." in log_path.read_text(), 60, "the Celery worker")
            children = descendants(serve.pid)

            os.killpg(serve.pid, signal.SIGTERM)
            status = serve.wait(timeout=60)
        finally:
            if serve.poll() is None:
                os.killpg(serve.pid, signal.SIGKILL)
    output = log_path.read_text()

    assert status == 0, output[-3000:]
    # The worker and its pool, beat, the uvicorn supervisor and its two web processes.
    assert len(children) >= 6, children
    assert [pid for pid in children if alive(pid)] == []
    assert output.count("Warm shutdown") == 1, output[-3000:]
    assert output.count("Received SIGTERM") == 1
    assert "Segmentation fault" not in output

"""The fault suite's stack and measures: a private Redis it may stop, a web process, Celery
beat and workers it may kill, clients that retry with their Idempotency-Key, and how long
the sessions take to settle once a fault is over. tests/live/test_faults.py drives it;
benchmarks/fault_bench.py runs that suite and prints its table."""

import json
import os
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.db import close_old_connections
from django.db.models import F

from coach.models import SessionAnalysis, StudySession
from tests.live.stack import BIN, Process, free_port, wait_for

# Every session must settle this long after its fault ends (the bar); the suite
# waits a little longer so a miss is measured, not just reported.
SETTLE_BAR_SECONDS = 30.0
SETTLE_WAIT_SECONDS = float(os.environ.get("FAULT_SETTLE_WAIT_SECONDS", "60"))
REPORT = os.environ.get("FAULT_REPORT", "")
JOURNAL = (
    "Phone kept buzzing with group chat messages, I answered every one instead of revising "
    "the lecture notes, then scrolled for a while before the exercise set."
)


@dataclass
class Row:
    fault: str
    sessions: int
    settled_after: float | None  # seconds after the fault ended; None: not within the wait
    duplicates: int  # sessions created twice plus revisions analysed more than once
    in_flight: int  # sessions running or queued when the fault struck
    notes: list[str] = field(default_factory=list)


class PrivateRedis:
    """A redis-server of the suite's own on a free port, without persistence as in
    production, so stopping it loses its queue and never touches the shared Redis."""

    def __init__(self, log_dir: Path):
        self.port = free_port()
        self.log_dir = log_dir
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.popen = None
        self.start()

    def start(self) -> None:
        log = (self.log_dir / "redis.log").open("a")
        self.popen = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(self.answers, 10, "the private Redis")

    def answers(self) -> bool:
        import redis

        try:
            return redis.Redis.from_url(self.url, socket_timeout=0.5).ping()
        except redis.RedisError:
            return False

    def stop(self) -> None:
        if self.popen and self.popen.poll() is None:
            self.popen.kill()
            self.popen.wait(timeout=10)


class Stack:
    """The web process, beat and one worker, all on the private Redis."""

    def __init__(self, log_dir: Path, database_url: str):
        self.log_dir = log_dir
        self.database_url = database_url
        self.redis = PrivateRedis(log_dir)
        self.env = {"REDIS_URL": self.redis.url}
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.web = self.start_web()
        self.beat = Process(
            "beat",
            [
                str(BIN / "celery"),
                "-A",
                "focusweb",
                "beat",
                "--loglevel",
                "INFO",
                "--schedule",
                str(log_dir / "celerybeat-schedule"),
            ],
            log_dir,
            database_url,
            **self.env,
        )
        self.workers = 0
        self.worker = self.start_worker()

    def start_web(self) -> Process:
        web = Process(
            "asgi",
            [
                str(BIN / "uvicorn"),
                "focusweb.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
            ],
            self.log_dir,
            self.database_url,
            **self.env,
        )
        wait_for(lambda: answers(self.base_url + "/healthz"), 30, "the web process", web)
        return web

    def start_worker(self) -> Process:
        self.workers += 1
        name = f"fault-worker-{self.workers}"
        worker = Process(
            name,
            [
                str(BIN / "celery"),
                "-A",
                "focusweb",
                "worker",
                "--concurrency",
                "2",
                "--loglevel",
                "INFO",
                "--hostname",
                f"{name}-{os.getpid()}@%h",
                "--without-gossip",
                "--without-mingle",
                "--queues",
                "celery,bulk",
            ],
            self.log_dir,
            self.database_url,
            **self.env,
        )
        wait_for(lambda: "ready." in worker.output(), 60, f"{name} to be ready", worker)
        return worker

    def restart_worker(self) -> None:
        self.worker.stop()
        self.worker = self.start_worker()

    def wait_until_idle(self, seconds: float = 20) -> None:
        from kombu import Connection

        from focusweb.celery import app

        with Connection(self.redis.url) as broker:
            inspector = app.control.inspect(timeout=0.5, connection=broker)
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                busy = [*(inspector.active() or {}).values(), *(inspector.reserved() or {}).values()]
                if not any(busy):
                    return
                time.sleep(0.2)

    def pool_children(self) -> list[int]:
        found = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.worker.popen.pid)], capture_output=True, text=True
        )
        return [int(pid) for pid in found.stdout.split()]

    def stop(self) -> None:
        for process in (self.worker, self.beat, self.web):
            process.stop()
        self.redis.stop()


def answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=2)
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
    return True


def send(
    method: str, base_url: str, token: str, path: str, body: dict, key: str | None = None
) -> tuple[int, dict, dict]:
    """One request; (status, JSON body, headers), or status 0 when the connection failed."""
    headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
    if key:
        headers["Idempotency-Key"] = key
    request = urllib.request.Request(
        base_url + path, data=json.dumps(body).encode(), headers=headers, method=method
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, json.loads(response.read()), dict(response.headers)
    except urllib.error.HTTPError as error:
        raw = error.read()
        return (
            error.code,
            json.loads(raw)
            if error.headers.get_content_type() == "application/json"
            else {"not_json": raw[:200].decode(errors="replace")},
            dict(error.headers),
        )
    except OSError:
        return 0, {}, {}


def create_with_retries(base_url: str, token: str, body: dict, *, seconds: float = 60) -> dict:
    """What a careful client does: one key per intended session, the same POST again on a
    lost answer or a server error, until it gets its 201."""
    key = str(uuid.uuid4())
    deadline = time.monotonic() + seconds
    seen = []
    while time.monotonic() < deadline:
        status, answer, _ = send("POST", base_url, token, "/api/v1/sessions/", body, key)
        seen.append(status)
        if status == 201:
            return {"id": answer["id"], "statuses": seen, "answer": answer}
        if status >= 500 and "not_json" in answer:
            raise AssertionError(f"a server error that is not JSON: {answer}")
        if 400 <= status < 500:
            raise AssertionError(f"refused: {status} {answer}")
        time.sleep(0.3)
    raise AssertionError(f"no 201 within {seconds} s: {seen}")


def session_body(n: int) -> dict:
    return {
        "subject": f"Fault {n}",
        "started_at": "2026-05-04T09:00:00Z",
        "ended_at": "2026-05-04T10:00:00Z",
        "interruptions": 3,
        "self_rating": 2,
        "journal": JOURNAL,
    }


def settled(user) -> bool:
    """Every session of the user `done`, with the analysis of its current revision."""
    close_old_connections()
    sessions = StudySession.objects.filter(user=user)
    unfinished = sessions.exclude(analysis_status=StudySession.AnalysisStatus.DONE).exists()
    return not unfinished and not sessions.exclude(analysis__revision=F("revision")).exists()


def wait_until_settled(user, fault_ended: float) -> float | None:
    deadline = fault_ended + SETTLE_WAIT_SECONDS
    while time.monotonic() < deadline:
        try:
            if settled(user):
                return round(time.monotonic() - fault_ended, 1)
        except Exception:  # noqa: BLE001 - the database may be coming back from the fault
            close_old_connections()
        time.sleep(0.1)
    return None


def in_flight(user) -> int:
    return (
        StudySession.objects.filter(user=user)
        .exclude(analysis_status=StudySession.AnalysisStatus.DONE)
        .count()
    )


def duplicates(user, intended: int) -> int:
    extra_sessions = max(0, StudySession.objects.filter(user=user).count() - intended)
    analysed_twice = SessionAnalysis.objects.filter(session__user=user, times_stored__gt=1).count()
    return extra_sessions + analysed_twice


def wait_for_running(user, seconds: float = 30) -> None:
    wait_for(
        lambda: StudySession.objects.filter(user=user, analysis_status="running").exists(),
        seconds,
        "an analysis to be running",
        interval=0.005,
    )


class Clients:
    """`count` clients posting at once from threads; `results()` waits for them."""

    def __init__(self, count: int, work):
        self.values: list = [None] * count
        self.errors: list = []
        self.threads = [threading.Thread(target=self._run, args=(work, i)) for i in range(count)]
        for thread in self.threads:
            thread.start()

    def _run(self, work, i):
        try:
            self.values[i] = work(i)
        except Exception as error:  # noqa: BLE001 - raised in results()
            self.errors.append(error)
        finally:
            close_old_connections()

    def results(self) -> list:
        for thread in self.threads:
            thread.join(timeout=120)
        if self.errors:
            raise self.errors[0]
        return self.values


def record(row: Row) -> None:
    print(
        f"\n{row.fault}: {row.sessions} sessions, settled after {row.settled_after} s, "
        f"{row.duplicates} duplicates, {row.in_flight} in flight {row.notes or ''}"
    )
    if REPORT:
        path = Path(REPORT)
        rows = json.loads(path.read_text()) if path.exists() else []
        rows.append(asdict(row))
        path.write_text(json.dumps(rows, indent=2))


def kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass

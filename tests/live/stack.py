"""Real processes for the live tests: an ASGI server (uvicorn) and Celery workers, run
against the test database and Redis database 14, exactly as `make run` starts them."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_database_url() -> str:
    """The database the test run created, whether or not this test has opened it yet."""
    db = connection.settings_dict
    name = db["TEST"].get("NAME") or (
        "test_" + db["NAME"] if not db["NAME"].startswith("test_") else db["NAME"]
    )
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{name}"
    user = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{user}@{db['HOST']}:{db['PORT'] or 5432}/{name}"


def process_env(database_url: str | None = None, **extra: str) -> dict:
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "tests.settings"),
        "DATABASE_URL": database_url or test_database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "ML_MODEL_DIR": str(settings.ML_MODEL_DIR),
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


class Process:
    def __init__(
        self, name: str, command: list[str], log_dir: Path, database_url: str | None = None, **env: str
    ):
        self.name = name
        self.log_path = log_dir / f"{name}.log"
        self.log = self.log_path.open("w")
        # A process group of its own, so a kill reaches the worker's pool children too.
        self.popen = subprocess.Popen(
            command,
            cwd=ROOT,
            env=process_env(database_url, **env),
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def output(self) -> str:
        self.log.flush()
        return self.log_path.read_text()

    def kill(self, sig=signal.SIGKILL) -> None:
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, sig)
            self.popen.wait(timeout=30)

    def stop(self) -> None:
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


def start_server(
    log_dir: Path, database_url: str | None = None, port: int | None = None, name: str = "asgi", **env: str
) -> tuple[Process, str]:
    port = port or free_port()
    server = Process(
        name,
        [str(BIN / "uvicorn"), "focusweb.asgi:application", "--host", "127.0.0.1", "--port", str(port)],
        log_dir,
        database_url,
        **env,
    )
    base_url = f"http://127.0.0.1:{port}"
    wait_for(lambda: _answers(base_url + "/healthz"), 30, "the ASGI server to answer", server)
    return server, base_url


def start_worker(
    log_dir: Path, name: str = "worker", concurrency: int = 2, database_url: str | None = None, **env: str
) -> Process:
    worker = Process(
        name,
        [
            str(BIN / "celery"),
            "-A",
            "focusweb",
            "worker",
            "--concurrency",
            str(concurrency),
            "--loglevel",
            "INFO",
            "--hostname",
            f"{name}-{os.getpid()}@%h",
            "--without-gossip",
            "--without-mingle",
        ],
        log_dir,
        database_url,
        **env,
    )
    wait_for(lambda: "ready." in worker.output(), 60, f"{name} to be ready", worker)
    return worker


def _answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=2)
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
    return True


def wait_for(condition, seconds: float, what: str, process: Process | None = None, interval: float = 0.05):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        if process is not None and process.popen.poll() is not None:
            raise RuntimeError(f"{process.name} exited while waiting for {what}:\n{process.output()}")
        time.sleep(interval)
    raise TimeoutError(f"timed out after {seconds} s waiting for {what}")


def api(base_url: str, method: str, path: str, token: str, body: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(
        base_url + path,
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, _json(response.read())
    except urllib.error.HTTPError as error:
        return error.code, _json(error.read())


def _json(raw: bytes) -> dict:
    try:
        return json.loads(raw) if raw else {}
    except ValueError:
        return {"detail": raw.decode(errors="replace")[:500]}

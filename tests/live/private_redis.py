"""A Redis server of the test's own, on a free port, that a test may stop and start again
without touching the Redis every other test (and helper) shares."""

import subprocess
from pathlib import Path

import redis

from tests.live.stack import free_port, wait_for


class PrivateRedis:
    def __init__(self, log_dir: Path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log_path = log_dir / f"redis-{self.port}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        self.process = subprocess.Popen(
            [*command, "--save", "", "--appendonly", "no"],
            stdout=self.log_path.open("a"),
            stderr=subprocess.STDOUT,
        )
        wait_for(self.answers, 10, "the private Redis to answer")

    def answers(self) -> bool:
        try:
            return redis.Redis.from_url(self.url, socket_connect_timeout=0.2).ping()
        except redis.RedisError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # with --save "" it exits at once, keeping nothing
            self.process.wait(timeout=10)
        self.process = None

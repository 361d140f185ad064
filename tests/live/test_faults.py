"""Faults heal in seconds and retries never duplicate. For each fault, on the real stack
(web process, beat, a worker, a Redis of the suite's own): every session ends `done` with
the analysis of its last revision, stored once; no retried POST creates a second session;
and every session settles within 30 s of the fault ending. Each fault's row (sessions,
seconds to settle, duplicates) is printed and, with FAULT_REPORT=path, written as JSON
(benchmarks/fault_bench.py prints them as a table)."""

import os
import signal
import time
from pathlib import Path

import pytest
from django.db import connection

from coach.models import ApiToken, StudySession
from tests.factories import UserFactory
from tests.live import faults
from tests.live import stack as live_stack
from tests.live.faults import Row, Stack
from tests.live.stack import wait_for

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]

ON_POSTGRES = connection.vendor == "postgresql"


@pytest.fixture(scope="module")
def fault_stack(django_db_setup, tmp_path_factory):
    kept = os.environ.get("FAULT_LOG_DIR")  # the processes' logs, kept for a look afterwards
    log_dir = Path(kept) if kept else tmp_path_factory.mktemp("fault-logs")
    log_dir.mkdir(parents=True, exist_ok=True)
    stack = Stack(log_dir, live_stack.test_database_url())
    yield stack
    stack.stop()


@pytest.fixture
def stack(fault_stack):
    yield fault_stack
    # The tables are emptied after each test: not under a worker's open transaction.
    fault_stack.wait_until_idle()


class Client:
    def __init__(self, stack: Stack, name: str):
        self.stack = stack
        self.user = UserFactory(username=f"fault-{name}")
        self.token = ApiToken.objects.create(user=self.user, name="fault suite")[1]

    def create(self, n: int) -> dict:
        return faults.create_with_retries(self.stack.base_url, self.token, faults.session_body(n))

    def create_many(self, count: int) -> list[dict]:
        return [self.create(n) for n in range(count)]


def measure(
    fault: str, client: Client, *, intended: int, fault_ended: float, in_flight: int, notes=()
) -> Row:
    settled_after = faults.wait_until_settled(client.user, fault_ended)
    row = Row(
        fault=fault,
        sessions=intended,
        settled_after=settled_after,
        duplicates=faults.duplicates(client.user, intended),
        in_flight=in_flight,
        notes=list(notes),
    )
    faults.record(row)
    return row


def assert_healed(row: Row) -> None:
    assert row.settled_after is not None, f"{row.fault}: not settled within {faults.SETTLE_WAIT_SECONDS} s"
    assert row.duplicates == 0
    assert row.settled_after <= faults.SETTLE_BAR_SECONDS, f"{row.fault}: {row.settled_after} s"


def test_a_worker_child_killed_mid_analysis(stack):
    stack.restart_worker()  # fresh children load the model on their first task: a wide window
    client = Client(stack, "child")
    client.create_many(3)
    faults.wait_for_running(client.user)
    in_flight = faults.in_flight(client.user)
    for child in stack.pool_children():
        faults.kill(child)
    fault_ended = time.monotonic()  # the main process replaces its children by itself

    assert_healed(
        measure("worker child SIGKILL", client, intended=3, fault_ended=fault_ended, in_flight=in_flight)
    )


def test_a_worker_killed_whole_and_replaced(stack):
    stack.restart_worker()
    client = Client(stack, "main")
    client.create_many(4)
    faults.wait_for_running(client.user)
    in_flight = faults.in_flight(client.user)
    stack.worker.kill(signal.SIGKILL)  # main process and children, as a machine's OOM killer might
    stack.worker = stack.start_worker()  # as a supervisor restarts it
    fault_ended = time.monotonic()

    assert_healed(
        measure("worker main SIGKILL", client, intended=4, fault_ended=fault_ended, in_flight=in_flight)
    )


def test_redis_stopped_for_ten_seconds(stack):
    client = Client(stack, "redis")
    before = client.create_many(3)
    stack.redis.stop()  # no persistence: whatever was queued is gone
    stopped = time.monotonic()
    during = [client.create(n) for n in range(3, 5)]  # saved, but nothing can be queued
    time.sleep(max(0, 10 - (time.monotonic() - stopped)))
    stack.redis.start()
    fault_ended = time.monotonic()

    row = measure(
        "Redis stopped 10 s", client, intended=5, fault_ended=fault_ended, in_flight=len(before) + len(during)
    )
    assert_healed(row)


@pytest.mark.skipif(
    not ON_POSTGRES,
    reason="terminating database connections needs PostgreSQL (pg_terminate_backend); "
    "CI runs the suite on PostgreSQL, see the README",
)
def test_database_connections_terminated(stack):
    client = Client(stack, "database")
    # Six clients post two sessions each while every connection to the database, the web
    # process's and the worker's, is terminated five times over a second.
    posting = faults.Clients(6, lambda n: [client.create(2 * n), client.create(2 * n + 1)])
    wait_for(lambda: StudySession.objects.filter(user=client.user).exists(), 30, "a first session")
    in_flight = faults.in_flight(client.user)
    terminated = 0
    for _ in range(5):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            terminated += cursor.fetchone()[0]
        time.sleep(0.2)
    fault_ended = time.monotonic()
    created = [result for pair in posting.results() for result in pair]

    retried = sum(len(result["statuses"]) > 1 for result in created)
    row = measure(
        "database connections terminated",
        client,
        intended=12,
        fault_ended=fault_ended,
        in_flight=in_flight,
        notes=[f"{terminated} connections terminated", f"{retried} POSTs retried"],
    )
    assert_healed(row)
    assert len({result["id"] for result in created}) == 12


def test_the_web_process_killed_and_restarted(stack):
    client = Client(stack, "web")
    posting = faults.Clients(6, client.create)
    wait_for(lambda: StudySession.objects.filter(user=client.user).exists(), 30, "a first session")
    stack.web.kill(signal.SIGKILL)
    in_flight = faults.in_flight(client.user)
    stack.web = stack.start_web()
    fault_ended = time.monotonic()
    created = posting.results()

    retried = sum(len(result["statuses"]) > 1 for result in created)
    row = measure(
        "web process killed and restarted",
        client,
        intended=6,
        fault_ended=fault_ended,
        in_flight=in_flight,
        notes=[f"{retried} POSTs retried"],
    )
    assert_healed(row)
    assert len({result["id"] for result in created}) == 6


def test_a_no_op_edit_and_a_real_edit_during_analysis(stack):
    stack.restart_worker()
    client = Client(stack, "edit")
    untouched, edited = client.create(0), client.create(1)
    faults.wait_for_running(client.user)
    in_flight = faults.in_flight(client.user)
    for created in (untouched, edited):
        same = {"subject": created["answer"]["subject"]}
        status, _, _ = faults.send(
            "PATCH", stack.base_url, client.token, f"/api/v1/sessions/{created['id']}/", same
        )
        assert status == 200
    status, answer, _ = faults.send(
        "PATCH", stack.base_url, client.token, f"/api/v1/sessions/{edited['id']}/", {"journal": "Calm hour."}
    )
    assert (status, answer["revision"]) == (200, 2)
    fault_ended = time.monotonic()

    assert_healed(
        measure("edits during analysis", client, intended=2, fault_ended=fault_ended, in_flight=in_flight)
    )
    assert StudySession.objects.get(id=untouched["id"]).revision == 1


def test_retried_posts(stack):
    client = Client(stack, "retries")
    body = faults.session_body(0)
    same_key = "fault-suite-retried-post"
    at_once = faults.Clients(
        4, lambda _: faults.send("POST", stack.base_url, client.token, "/api/v1/sessions/", body, same_key)
    ).results()
    later = faults.send("POST", stack.base_url, client.token, "/api/v1/sessions/", body, same_key)
    other_body = faults.send(
        "POST", stack.base_url, client.token, "/api/v1/sessions/", faults.session_body(1), same_key
    )
    fault_ended = time.monotonic()

    assert {status for status, _, _ in [*at_once, later]} == {201}
    assert len({answer["id"] for _, answer, _ in [*at_once, later]}) == 1
    assert other_body[0] == 422
    assert_healed(measure("retried POSTs", client, intended=1, fault_ended=fault_ended, in_flight=1))

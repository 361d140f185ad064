"""A worker killed with SIGKILL in the middle of an analysis loses nothing: once a new worker
runs and the sweep finds the abandoned claim, the session is analysed, exactly once."""

import json
import time

import pytest
from django.test import override_settings

from coach.models import SessionAnalysis, StudySession
from coach.sessions import analysis
from tests.live.stack import api, start_worker, wait_for
from tests.live.test_pipeline import receive_until, session_payload

LEASE_SECONDS = "2"


def status_of(session_id: int) -> str:
    return StudySession.objects.get(id=session_id).analysis_status


def test_a_session_whose_worker_was_killed_is_analysed_exactly_once(make_live_user, live_logs):
    alice = make_live_user("alice")
    doomed = start_worker(
        live_logs, name="doomed-worker", concurrency=1, ANALYSIS_LEASE_SECONDS=LEASE_SECONDS
    )
    with alice.socket() as socket:
        _, created = api(
            alice.base_url,
            "POST",
            "/api/v1/sessions/",
            alice.token,
            session_payload("Phone kept buzzing, I answered every message instead of revising."),
        )
        # The first task of a fresh worker loads the model after claiming the session: the
        # kill lands while the analysis is running.
        wait_for(
            lambda: status_of(created["id"]) == "running",
            30,
            "the worker to claim the session",
            interval=0.005,
        )
        doomed.kill()
        assert status_of(created["id"]) == "running"
        assert not SessionAnalysis.objects.filter(session_id=created["id"]).exists()

        replacement = start_worker(live_logs, name="replacement-worker", ANALYSIS_LEASE_SECONDS=LEASE_SECONDS)
        try:
            time.sleep(float(LEASE_SECONDS) + 0.5)
            # The replacement swept as it started, if the lease had lapsed by then; beat's
            # sweep (not running here) does the same a few seconds later.
            with override_settings(ANALYSIS_LEASE_SECONDS=int(LEASE_SECONDS)):
                analysis.requeue_stale()
            events = receive_until(socket, "session.analysed")
            assert events[-1]["session"]["id"] == created["id"]
            with override_settings(ANALYSIS_LEASE_SECONDS=int(LEASE_SECONDS)):
                analysis.requeue_stale()  # a second sweep finds nothing left to do
            later = []
            with pytest.raises(TimeoutError):
                while True:
                    later.append(json.loads(socket.recv(timeout=3))["type"])
            assert "session.analysed" not in later
        finally:
            replacement.stop()

    assert status_of(created["id"]) == "done"
    assert SessionAnalysis.objects.filter(session_id=created["id"]).count() == 1
    assert "analysed" not in doomed.output() or "succeeded" not in doomed.output()

"""An analysis's claim is a short lease a running task keeps renewing: a dead task's claim
lapses within seconds, a failed one is given back, a lapsed task never stores a second
analysis, and the sweep queues again at once what the broker lost or a dead worker held."""

import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError
from django.utils import timezone

from coach.models import SessionAnalysis, StudySession
from coach.sessions import analysis
from coach.sessions.services import session_update
from coach.sessions.tasks import RequeueOnBrokerConnect
from tests.factories import StudySessionFactory


@pytest.fixture
def session(alice):
    return StudySessionFactory(user=alice, journal="Kept checking my phone during the lecture notes.")


def ago(seconds: float):
    return timezone.now() - timedelta(seconds=seconds)


def test_a_running_task_renews_its_own_claim_and_no_one_elses(session):
    assert analysis.claim(session_id=session.id, revision=1, task_id="task-a")
    StudySession.objects.filter(id=session.id).update(analysis_claimed_at=ago(60))

    assert analysis.renew(session_id=session.id, revision=1, task_id="task-a")
    assert StudySession.objects.get(id=session.id).analysis_claimed_at > ago(5)
    assert not analysis.renew(session_id=session.id, revision=1, task_id="task-b")


def test_the_heartbeat_renews_the_claim_while_the_body_runs_and_stops_after(session):
    renewed = threading.Event()
    with (
        mock.patch("coach.sessions.analysis.heartbeat_seconds", return_value=0.01),
        mock.patch("coach.sessions.analysis.renew", side_effect=lambda **_: renewed.set()) as renew,
    ):
        with analysis.heartbeat(session_id=session.id, revision=1, task_id="task-a"):
            assert renewed.wait(timeout=10)
        beats = renew.call_count
    assert renew.call_count == beats  # nothing renews once the body is done
    assert renew.call_args.kwargs == {"session_id": session.id, "revision": 1, "task_id": "task-a"}


def test_the_heartbeat_is_a_third_of_the_lease(settings):
    settings.ANALYSIS_LEASE_SECONDS = 15
    assert analysis.heartbeat_seconds() == 5


def test_a_task_whose_claim_was_taken_over_stores_nothing(session):
    def taken_over_meanwhile(texts):
        StudySession.objects.filter(id=session.id).update(analysis_claimed_by="task-b")
        return real_predict(texts)

    classifier = analysis.get_classifier()
    real_predict = classifier.predict
    with mock.patch.object(classifier, "predict", side_effect=taken_over_meanwhile):
        assert analysis.analyse(session_id=session.id, revision=1, task_id="task-a") is None
    assert not SessionAnalysis.objects.exists()


def test_each_revision_is_stored_once_and_a_second_store_is_counted(session):
    assert analysis.analyse(session_id=session.id, revision=1, task_id="t1").times_stored == 1
    # Only a bug (or a lapsed lease taken over twice) could run a revision again: it shows.
    StudySession.objects.filter(id=session.id).update(analysis_status="pending")
    assert analysis.analyse(session_id=session.id, revision=1, task_id="t2").times_stored == 2

    session_update(session=StudySession.objects.get(id=session.id), subject="Another subject")
    assert analysis.analyse(session_id=session.id, revision=2, task_id="t3").times_stored == 1


def test_a_task_that_fails_gives_its_claim_back_even_after_its_connection_dropped(session):
    real_release = analysis.release
    dropped = OperationalError("server closed the connection unexpectedly")
    attempts = []

    def release_on_a_dropped_then_a_new_connection(**claim):
        attempts.append(claim)
        if len(attempts) == 1:
            raise dropped
        real_release(**claim)

    with (
        mock.patch("coach.sessions.analysis.get_classifier", side_effect=dropped),
        mock.patch("coach.sessions.analysis.release", side_effect=release_on_a_dropped_then_a_new_connection),
        mock.patch("coach.sessions.analysis.connection") as connection,
    ):
        connection.in_atomic_block = False
        with pytest.raises(OperationalError):
            analysis.analyse(session_id=session.id, revision=1, task_id="task-a")

    assert len(attempts) == 2
    assert connection.close.called  # the release was tried again on a new connection
    assert StudySession.objects.get(id=session.id).analysis_status == "pending"


def sweep(**options) -> set[int]:
    with mock.patch("coach.queue.send") as send:
        analysis.requeue_stale(**options)
    return {call.kwargs["args"][0] for call in send.call_args_list}


def pending(user, *, updated: float, queued: float | None):
    session = StudySessionFactory(user=user)
    StudySession.objects.filter(id=session.id).update(
        updated_at=ago(updated), analysis_queued_at=None if queued is None else ago(queued)
    )
    return session.id


def test_a_session_never_queued_is_queued_after_a_third_of_the_lease(alice, settings):
    settings.ANALYSIS_LEASE_SECONDS = 15
    unsent = pending(alice, updated=6, queued=None)
    just_saved = pending(alice, updated=1, queued=None)

    assert sweep() == {unsent}
    assert just_saved not in sweep()


def test_a_running_claim_is_queued_again_once_its_lease_lapsed(alice, settings):
    settings.ANALYSIS_LEASE_SECONDS = 15
    dead, alive = StudySessionFactory(user=alice), StudySessionFactory(user=alice)
    StudySession.objects.filter(id=dead.id).update(analysis_status="running", analysis_claimed_at=ago(16))
    StudySession.objects.filter(id=alive.id).update(analysis_status="running", analysis_claimed_at=ago(4))

    assert sweep() == {dead.id}


def test_what_was_queued_before_the_broker_restarted_is_queued_again_at_once(alice, settings):
    settings.ANALYSIS_PENDING_GRACE_SECONDS = 60
    lost = pending(alice, updated=20, queued=20)
    pending(alice, updated=3, queued=3)  # queued since the restart: still in the queue

    with mock.patch("coach.sessions.analysis.broker_started_at", return_value=ago(10)):
        assert sweep() == {lost}
    with mock.patch("coach.sessions.analysis.broker_started_at", return_value=ago(3600)):
        assert sweep() == set()


def test_a_starting_worker_queues_again_everything_waiting_from_before_it(alice, settings):
    settings.ANALYSIS_PENDING_GRACE_SECONDS = 60
    held_by_a_dead_worker = pending(alice, updated=5, queued=5)
    unsent = pending(alice, updated=1, queued=None)

    assert sweep(queued_before=timezone.now()) == {held_by_a_dead_worker, unsent}


def test_a_session_queued_long_ago_is_queued_again_as_a_safety_net(alice, settings):
    settings.ANALYSIS_PENDING_GRACE_SECONDS = 60
    forgotten = pending(alice, updated=61, queued=61)
    waiting = pending(alice, updated=30, queued=30)

    assert sweep() == {forgotten}
    assert waiting not in sweep()


def test_sweeps_one_after_another_queue_a_session_once(alice):
    forgotten = pending(alice, updated=3600, queued=3600)

    assert sweep() == {forgotten}
    assert sweep() == set()


def test_a_send_that_fails_leaves_the_session_for_the_next_sweep(alice):
    forgotten = pending(alice, updated=3600, queued=3600)
    with mock.patch("coach.queue.send", side_effect=ConnectionError("broker down")):
        assert analysis.requeue_stale() == 0

    assert StudySession.objects.get(id=forgotten).analysis_queued_at is None
    assert sweep() == {forgotten}


def test_an_edit_leaves_its_new_revision_unqueued_until_it_is_sent(alice):
    session = StudySessionFactory(user=alice)
    StudySession.objects.filter(id=session.id).update(analysis_queued_at=ago(30))

    with mock.patch("coach.sessions.services.queue_analysis"):
        session_update(session=StudySession.objects.get(id=session.id), subject="Edited")

    assert StudySession.objects.get(id=session.id).analysis_queued_at is None


def test_a_worker_sweeps_when_it_starts_and_each_time_its_broker_connection_comes_back():
    step = RequeueOnBrokerConnect(mock.Mock())
    with mock.patch("coach.sessions.analysis.requeue_stale", return_value=0) as requeue:
        step.start(mock.Mock())
        step.start(mock.Mock())

    first, reconnect = requeue.call_args_list
    assert first.kwargs["queued_before"] is not None
    assert reconnect.kwargs["queued_before"] is None

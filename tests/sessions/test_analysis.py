"""Analysing a session: queued after the save commits, written once per revision, never lost."""

from datetime import timedelta
from unittest import mock

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.utils import timezone

from coach.models import SessionAnalysis, StudySession
from coach.realtime.events import user_group
from coach.sessions import analysis
from tests.factories import StudySessionFactory


@pytest.fixture
def session(alice):
    return StudySessionFactory(
        user=alice,
        journal="Kept checking Instagram and TikTok, the phone buzzed all the time.",
        self_rating=2,
        interruptions=4,
    )


def test_saving_a_session_queues_its_analysis_after_the_commit(alice_api, django_capture_on_commit_callbacks):
    with mock.patch("coach.queue.send") as send:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = alice_api.post(
                "/api/v1/sessions/",
                {"subject": "Maths", "started_at": "2026-01-05T10:00Z", "ended_at": "2026-01-05T11:00Z"},
                format="json",
            )
        assert send.call_count == 0
        for callback in callbacks:
            callback()

    assert response.json()["analysis_status"] == "pending"
    send.assert_called_once_with(
        "coach.tasks.analyse_session", args=(response.json()["id"], 1), queue_name="celery"
    )


def test_editing_a_session_bumps_its_revision_and_queues_it_again(alice_api, session):
    with mock.patch("coach.sessions.services.queue_analysis") as queue:
        alice_api.patch(f"/api/v1/sessions/{session.id}/", {"journal": "Better today."}, format="json")

    session.refresh_from_db()
    assert session.revision == 2
    assert session.analysis_status == "pending"
    queue.assert_called_once()


def test_an_edit_that_changes_nothing_does_not_queue_again(alice_api, session):
    with mock.patch("coach.sessions.services.queue_analysis") as queue:
        alice_api.patch(f"/api/v1/sessions/{session.id}/", {"subject": session.subject}, format="json")
    assert queue.call_count == 0


def test_a_failure_to_queue_is_logged_not_raised(alice_api, caplog):
    with mock.patch("coach.queue.send", side_effect=ConnectionRefusedError("down")):
        sent = analysis.send_analysis_task(session_id=1, revision=1)
    assert sent is False
    assert "stays pending" in caplog.text


def test_the_analysis_is_written_with_the_score_and_its_breakdown(
    session, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = analysis.analyse(session_id=session.id, revision=1)

    session.refresh_from_db()
    assert session.analysis_status == "done"
    assert result.revision == 1
    assert set(result.themes) == {
        "digital",
        "people",
        "environment",
        "fatigue",
        "stress",
        "body",
        "procrastination",
        "planning",
    }
    assert 1.0 <= result.text_focus <= 5.0
    assert 0 <= result.focus_score <= 100
    assert result.score_breakdown["score"] == result.focus_score
    assert {c["name"] for c in result.score_breakdown["components"]} >= {"text_focus", "self_rating"}
    assert result.model_version
    assert set(result.attention) == set(result.themes)


def test_the_analysed_event_reaches_the_users_group(session, django_capture_on_commit_callbacks, settings):
    # The pub/sub layer serves one event loop, and each async_to_sync call below has its own.
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(user_group(session.user_id), channel)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            analysis.analyse(session_id=session.id, revision=1)
        message = async_to_sync(layer.receive)(channel)
    finally:
        async_to_sync(layer.group_discard)(user_group(session.user_id), channel)

    event = message["event"]
    assert event["type"] == "session.analysed"
    assert event["version"] == 1
    assert event["session"]["id"] == session.id
    assert event["session"]["focus_score"] is not None
    assert event["seq"] == 1


def test_an_older_revision_never_overwrites_a_newer_edit(session):
    session.revision = 2
    session.save()

    assert analysis.analyse(session_id=session.id, revision=1) is None
    assert not SessionAnalysis.objects.exists()


def test_a_session_is_not_analysed_twice(session):
    assert analysis.analyse(session_id=session.id, revision=1) is not None
    assert analysis.analyse(session_id=session.id, revision=1) is None


def test_a_live_claim_is_respected_and_an_expired_one_taken_over(session, settings):
    assert analysis.claim(session_id=session.id, revision=1)
    assert not analysis.claim(session_id=session.id, revision=1)

    StudySession.objects.filter(id=session.id).update(
        analysis_claimed_at=timezone.now() - timedelta(seconds=settings.ANALYSIS_LEASE_SECONDS + 1)
    )
    assert analysis.claim(session_id=session.id, revision=1)


def test_a_deleted_session_ends_the_task_quietly(session):
    session_id = session.id
    session.delete()
    assert analysis.analyse(session_id=session_id, revision=1) is None


def test_a_failed_prediction_gives_the_claim_back_for_the_retry(session):
    with mock.patch("coach.sessions.analysis.get_classifier", side_effect=RuntimeError("model exploded")):
        with pytest.raises(RuntimeError):
            analysis.analyse(session_id=session.id, revision=1)
    session.refresh_from_db()
    assert session.analysis_status == "pending"


def test_after_the_last_retry_the_session_is_failed_with_the_reason_and_kept(session):
    analysis.mark_failed(session_id=session.id, revision=1, reason="ModelLoadError: weights missing")

    session.refresh_from_db()
    assert session.analysis_status == "failed"
    assert "weights missing" in session.analysis_error
    assert session.journal.startswith("Kept checking Instagram")


def test_the_retry_button_queues_a_failed_session_again(alice_client, session):
    analysis.mark_failed(session_id=session.id, revision=1, reason="boom")
    page = alice_client.get(f"/sessions/{session.id}/").content.decode()
    assert "boom" in page

    with mock.patch("coach.sessions.analysis.queue_analysis") as queue:
        alice_client.post(f"/sessions/{session.id}/retry/")

    session.refresh_from_db()
    assert session.analysis_status == "pending"
    queue.assert_called_once()


def test_the_sweep_queues_sessions_left_pending_and_claims_left_by_dead_workers(alice, settings):
    long_ago = timezone.now() - timedelta(hours=1)
    forgotten = StudySessionFactory(user=alice)
    StudySession.objects.filter(id=forgotten.id).update(updated_at=long_ago)
    fresh = StudySessionFactory(user=alice)
    orphaned = StudySessionFactory(user=alice)
    StudySession.objects.filter(id=orphaned.id).update(
        analysis_status="running", analysis_claimed_at=long_ago
    )

    with mock.patch("coach.queue.send") as send:
        assert analysis.requeue_stale() == 2

    queued = {call.kwargs["args"][0] for call in send.call_args_list}
    assert queued == {forgotten.id, orphaned.id}
    assert fresh.id not in queued


def test_a_session_without_a_journal_is_scored_from_its_facts(alice):
    session = StudySessionFactory(user=alice, journal="   ", self_rating=5, interruptions=0)

    result = analysis.analyse(session_id=session.id, revision=1)

    assert result.text_focus is None
    assert result.labels == []
    assert "text_focus" not in {c["name"] for c in result.score_breakdown["components"]}
    assert result.focus_score == 100.0


def test_a_user_with_many_sessions_waiting_goes_to_the_bulk_queue(alice, bob, settings):
    settings.ANALYSIS_BULK_AFTER = 3
    StudySessionFactory.create_batch(4, user=alice)
    StudySessionFactory(user=bob)

    assert analysis.analysis_queue_for(alice.id) == "bulk"
    assert analysis.analysis_queue_for(bob.id) == "celery"


def test_every_worker_takes_from_both_queues():
    from focusweb.celery import app

    assert {queue.name for queue in app.amqp.queues.values()} == {"celery", "bulk"}


def test_a_task_redelivered_after_its_worker_died_takes_its_own_claim_over_at_once(alice):
    session = StudySessionFactory(user=alice)
    assert analysis.claim(session_id=session.id, revision=1, task_id="task-1")

    assert not analysis.claim(session_id=session.id, revision=1, task_id="task-2")
    assert analysis.claim(session_id=session.id, revision=1, task_id="task-1")

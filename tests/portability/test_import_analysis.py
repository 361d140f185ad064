"""Imported sessions are analysed in the background on the bulk queue, step by step, with
their progress pushed to the user's open pages."""

import pytest

from coach import queue
from coach.models import StudySession
from coach.portability import import_analysis
from tests.portability.conftest import fixture_bytes, import_file


@pytest.fixture
def sent(monkeypatch):
    calls = []
    monkeypatch.setattr(
        queue,
        "send",
        lambda name, *, args, countdown=None, queue_name=None: calls.append((name, args, queue_name)),
    )
    return calls


@pytest.fixture
def published(monkeypatch):
    events = []
    monkeypatch.setattr(
        import_analysis.events, "publish_safely", lambda *, user_id, event: events.append((user_id, event))
    )
    return events


def test_an_import_queues_its_analysis_on_the_bulk_queue_once_committed(
    alice, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        import_file(alice, "toggl.csv", fixture_bytes("toggl_detailed.csv"))
    ids = sorted(StudySession.objects.filter(user=alice).values_list("id", flat=True))
    imports = [call for call in sent if call[0] == queue.ANALYSE_IMPORT]
    assert imports == [(queue.ANALYSE_IMPORT, (alice.id, ids[0], ids[-1]), queue.BULK_QUEUE)]


def test_each_step_analyses_a_few_sessions_and_pushes_the_progress(alice, published, monkeypatch):
    monkeypatch.setattr(import_analysis, "STEP_SIZE", 2)
    import_file(alice, "toggl.csv", fixture_bytes("toggl_detailed.csv"))
    ids = sorted(StudySession.objects.filter(user=alice).values_list("id", flat=True))
    more = import_analysis.batch_step(user_id=alice.id, first_id=ids[0], last_id=ids[-1])
    assert more is True
    assert StudySession.objects.filter(user=alice, analysis_status="done").count() == 2
    progress = [(user_id, event) for user_id, event in published if event["type"] == "import.progress"]
    assert progress == [
        (alice.id, {"type": "import.progress", "version": 1, "progress": {"done": 2, "total": 3}})
    ]
    assert import_analysis.batch_step(user_id=alice.id, first_id=ids[0], last_id=ids[-1]) is False
    assert import_analysis.progress(user_id=alice.id) == {"done": 3, "total": 3}


def test_a_session_that_cannot_be_analysed_is_marked_failed_and_the_batch_goes_on(
    alice, published, monkeypatch
):
    import_file(alice, "toggl.csv", fixture_bytes("toggl_detailed.csv"))
    ids = sorted(StudySession.objects.filter(user=alice).values_list("id", flat=True))
    real = import_analysis.analysis.analyse

    def analyse(*, session_id, revision, task_id=""):
        if session_id == ids[0]:
            raise RuntimeError("model exploded")
        return real(session_id=session_id, revision=revision, task_id=task_id)

    monkeypatch.setattr(import_analysis.analysis, "analyse", analyse)
    assert import_analysis.batch_step(user_id=alice.id, first_id=ids[0], last_id=ids[-1]) is False
    assert StudySession.objects.get(id=ids[0]).analysis_status == "failed"
    assert import_analysis.progress(user_id=alice.id) == {"done": 3, "total": 3}


def test_the_task_queues_its_next_step_while_sessions_wait(alice, sent, published, monkeypatch):
    from coach.portability.tasks import analyse_import

    monkeypatch.setattr(import_analysis, "STEP_SIZE", 1)
    import_file(alice, "toggl.csv", fixture_bytes("toggl_detailed.csv"))
    ids = sorted(StudySession.objects.filter(user=alice).values_list("id", flat=True))
    analyse_import.run(alice.id, ids[0], ids[-1])
    assert sent == [(queue.ANALYSE_IMPORT, (alice.id, ids[0], ids[-1]), queue.BULK_QUEUE)]


def test_imported_sessions_stay_out_of_the_stale_analysis_sweep_while_their_batch_runs(alice):
    from coach.sessions.analysis import requeue_stale

    import_file(alice, "toggl.csv", fixture_bytes("toggl_detailed.csv"))
    assert StudySession.objects.filter(user=alice, analysis_queued_at__isnull=True).count() == 0
    assert requeue_stale() == 0


def test_a_broker_that_is_down_leaves_the_sessions_pending_for_the_sweep(
    alice, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def down(*args, **kwargs):
        raise ConnectionError("no broker")

    monkeypatch.setattr(queue, "send", down)
    with django_capture_on_commit_callbacks(execute=True):
        _preview, result = import_file(alice, "toggl.csv", fixture_bytes("toggl_detailed.csv"))
    assert result.added == {"sessions": 3}
    assert set(StudySession.objects.filter(user=alice).values_list("analysis_status", flat=True)) == {
        "pending"
    }
    assert "Could not queue the analysis of an import" in caplog.text


def test_an_import_asks_the_coach_to_recompute_once_committed(
    alice, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        import_file(alice, "toggl.csv", fixture_bytes("toggl_detailed.csv"))
    assert queue.RECOMPUTE_COACHING in [name for name, _args, _queue in sent]


def test_uids_are_looked_up_in_chunks_and_all_found(alice, monkeypatch):
    from coach.portability import imported_sessions

    monkeypatch.setattr(imported_sessions, "BATCH_SIZE", 2)
    import_file(alice, "toggl.csv", fixture_bytes("toggl_detailed.csv"))
    sessions = StudySession.objects.filter(user=alice)
    found = imported_sessions.ids_by_uid(user=alice, uids=[s.uid for s in sessions])
    assert found == {s.uid: s.id for s in sessions}

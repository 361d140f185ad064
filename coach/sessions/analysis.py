"""Analysing a session: queueing it, running the classifier and the focus score on it,
and writing the result. The Celery tasks in coach/sessions/tasks.py are thin wrappers around this.

A session is always saved first. Queueing happens after the commit and never raises: if
the broker is down, the session stays `pending` and the sweep queues it again later.

Healing: a claim is a short lease (ANALYSIS_LEASE_SECONDS) that a heartbeat renews while the
task runs, so the claim of a killed task lapses within seconds; a task that fails gives its
claim back on the way out. The sweep (beat, every few seconds, and each worker as it
connects to the broker) queues again what was never queued, what the broker lost in a
restart, and what a dead worker held.
"""

import logging
import threading
import time
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from coach import queue
from coach.coaching import recommendations as coaching
from coach.corrections.reading import personal_reading
from coach.models import SessionAnalysis, SessionLabel, StudySession
from coach.realtime import events
from coach.sessions.classifier import get_classifier
from coach.sessions.scoring import focus_score

logger = logging.getLogger(__name__)
Status = StudySession.AnalysisStatus


def queue_analysis(session: StudySession) -> None:
    """Queue the analysis of the session's current revision once the transaction commits."""
    session_id, revision, user_id = session.id, session.revision, session.user_id
    transaction.on_commit(
        lambda: send_analysis_task(session_id=session_id, revision=revision, user_id=user_id)
    )


def analysis_queue_for(user_id: int | None) -> str:
    """The bulk queue for a user with more than ANALYSIS_BULK_AFTER sessions waiting, the
    default queue otherwise. Workers take from both queues in turn, so one user's flood
    waits its turn instead of holding everyone else's analyses behind it."""
    if user_id is None:
        return queue.DEFAULT_QUEUE
    waiting = StudySession.objects.filter(
        user_id=user_id, analysis_status__in=[Status.PENDING, Status.RUNNING]
    )[: settings.ANALYSIS_BULK_AFTER + 1].count()
    return queue.BULK_QUEUE if waiting > settings.ANALYSIS_BULK_AFTER else queue.DEFAULT_QUEUE


def send_analysis_task(*, session_id: int, revision: int, user_id: int | None = None) -> bool:
    """Put the task on the queue; log and return False when the broker cannot be reached."""
    try:
        queued_at = timezone.now()
        queue.send(queue.ANALYSE_SESSION, args=(session_id, revision), queue_name=analysis_queue_for(user_id))
        StudySession.objects.filter(id=session_id, revision=revision).update(analysis_queued_at=queued_at)
    except Exception:  # noqa: BLE001 - any broker failure: the sweep will queue it again
        logger.warning(
            "Could not queue the analysis of session %s (broker unreachable?); "
            "it stays pending and the sweep will queue it again.",
            session_id,
            exc_info=True,
        )
        return False
    return True


def claim(*, session_id: int, revision: int, task_id: str = "") -> bool:
    """Mark the session `running` for this revision, unless another worker holds a live claim
    or the session has moved on. True when this caller now owns the analysis.

    A task redelivered after its worker died (acks_late: the same task id comes back) finds
    its own claim and takes it over at once; another task waits for the lease to expire."""
    now = timezone.now()
    stale = now - timedelta(seconds=settings.ANALYSIS_LEASE_SECONDS)
    claimable = Q(analysis_status__in=[Status.PENDING, Status.FAILED]) | Q(
        analysis_status=Status.RUNNING, analysis_claimed_at__lt=stale
    )
    if task_id:
        claimable |= Q(analysis_status=Status.RUNNING, analysis_claimed_by=task_id)
    return (
        StudySession.objects.filter(claimable, id=session_id, revision=revision).update(
            analysis_status=Status.RUNNING, analysis_claimed_at=now, analysis_claimed_by=task_id
        )
        == 1
    )


def release(*, session_id: int, revision: int, failed_reason: str = "") -> None:
    """Give the claim back: `pending` to be retried, or `failed` with the reason."""
    status = Status.FAILED if failed_reason else Status.PENDING
    StudySession.objects.filter(id=session_id, revision=revision, analysis_status=Status.RUNNING).update(
        analysis_status=status, analysis_error=failed_reason[:500], analysis_claimed_at=None
    )


def release_on_the_way_out(*, session_id: int, revision: int) -> None:
    """Give the claim back after a failure, on a fresh connection if the failure was the
    database's; if even that fails, the lease lapses within ANALYSIS_LEASE_SECONDS."""
    for attempt in range(2):
        try:
            release(session_id=session_id, revision=revision)
            return
        except DatabaseError:
            if attempt == 0 and not connection.in_atomic_block:
                connection.close()  # the next query opens a new connection
                continue
            logger.warning(
                "Could not give back the claim on session %s; it lapses within %s s.",
                session_id,
                settings.ANALYSIS_LEASE_SECONDS,
            )
            return


def heartbeat_seconds() -> float:
    """How often a running analysis renews its claim: a third of the lease, so two missed
    beats in a row still leave the claim alive."""
    return settings.ANALYSIS_LEASE_SECONDS / 3


def renew(*, session_id: int, revision: int, task_id: str) -> bool:
    """Extend this task's claim by a whole lease; False when the claim is no longer its own."""
    return (
        StudySession.objects.filter(
            id=session_id, revision=revision, analysis_status=Status.RUNNING, analysis_claimed_by=task_id
        ).update(analysis_claimed_at=timezone.now())
        == 1
    )


@contextmanager
def heartbeat(*, session_id: int, revision: int, task_id: str):
    """Renew the claim from a background thread while the body runs (the classifier may
    take a while, a first load longer), so the lease can be short without a live task
    losing its claim, and a dead task's claim lapses within one lease."""
    stop = threading.Event()

    def beat():
        try:
            while not stop.wait(heartbeat_seconds()):
                try:
                    renew(session_id=session_id, revision=revision, task_id=task_id)
                except DatabaseError:
                    connection.close()  # try again with a new connection at the next beat
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"claim-heartbeat-{session_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


def analyse(*, session_id: int, revision: int, task_id: str = "") -> SessionAnalysis | None:
    """Run the classifier and the focus score on one revision of a session and store the
    result, then tell the user's dashboards. Returns None, doing nothing, when the session is
    gone, has been edited since, or is already analysed or being analysed."""
    if not claim(session_id=session_id, revision=revision, task_id=task_id):
        return None
    try:
        session = StudySession.objects.filter(id=session_id).first()
        if session is None:  # deleted since the claim: nothing to analyse
            return None
        started = time.perf_counter()
        with heartbeat(session_id=session_id, revision=revision, task_id=task_id):
            prediction = get_classifier().predict([session.journal])[0] if session.journal.strip() else None
        # The user's personal calibration decides the labels; their correction, if any, the
        # themes counted and the text focus scored (docs/corrections.md).
        reading = personal_reading(session=session, prediction=prediction)
        breakdown = focus_score(
            text_focus=reading.text_focus,
            self_rating=session.self_rating,
            interruptions=session.interruptions,
            focused_minutes=session.focused_minutes,
            planned_minutes=session.planned_minutes,
            goal_set=bool(session.goal),
            goal_achieved=session.goal_achieved,
        )
        analysis = _store(
            session, revision, task_id, prediction, reading, breakdown, time.perf_counter() - started
        )
    except Exception:
        release_on_the_way_out(session_id=session_id, revision=revision)
        raise
    if analysis is not None:
        _publish(session.user_id, "session.analysed", session)
        coaching.queue_recompute(user_id=session.user_id, delay=settings.COACH_RECOMPUTE_DELAY_SECONDS)
    return analysis


@transaction.atomic
def _store(session, revision, task_id, prediction, reading, breakdown, seconds) -> SessionAnalysis | None:
    # The row lock makes "is this still the revision I read, and still my claim?" and the
    # write one step, so an edit that lands meanwhile wins and this result is dropped, and
    # a task whose lease lapsed and was taken over never stores a second analysis.
    current = (
        StudySession.objects.select_for_update()
        .filter(id=session.id, revision=revision, analysis_status=Status.RUNNING, analysis_claimed_by=task_id)
        .first()
    )
    if current is None:
        return None
    from ml import THEMES

    stored_before = (
        SessionAnalysis.objects.filter(session=current, revision=revision)
        .values_list("times_stored", flat=True)
        .first()
    )
    analysis, _ = SessionAnalysis.objects.update_or_create(
        session=current,
        defaults={
            "times_stored": (stored_before or 0) + 1,
            "revision": revision,
            "themes": prediction.themes if prediction else {theme: 0.0 for theme in THEMES},
            "labels": reading.labels,
            "model_labels": reading.model_labels,
            "text_focus": prediction.focus if prediction else None,
            "attention": prediction.attention if prediction else {},
            "truncated": prediction.truncated if prediction else False,
            "focus_score": breakdown.score,
            "score_breakdown": breakdown.as_dict(),
            "model_version": prediction.model_version if prediction else get_classifier().model_version,
            "analysed_at": timezone.now(),
            "duration_ms": round(seconds * 1000),
        },
    )
    SessionLabel.objects.filter(session=current).delete()
    SessionLabel.objects.bulk_create(
        SessionLabel(session=current, theme=theme) for theme in reading.counted_labels
    )
    current.analysis_status = Status.DONE
    current.analysis_error = ""
    current.analysis_claimed_at = None
    current.save(update_fields=["analysis_status", "analysis_error", "analysis_claimed_at"])
    session.analysis = analysis
    session.analysis_status = Status.DONE
    return analysis


def mark_failed(*, session_id: int, revision: int, reason: str) -> None:
    """After the last retry: the session is kept as it is, with `failed` and the reason."""
    StudySession.objects.filter(id=session_id, revision=revision).exclude(analysis_status=Status.DONE).update(
        analysis_status=Status.FAILED, analysis_error=reason[:500], analysis_claimed_at=None
    )
    session = StudySession.objects.filter(id=session_id).first()
    if session is not None:
        _publish(session.user_id, "session.updated", session)


def analysis_retry(*, session: StudySession) -> None:
    """The user's retry button: queue a failed session again."""
    StudySession.objects.filter(id=session.id, analysis_status=Status.FAILED).update(
        analysis_status=Status.PENDING, analysis_error=""
    )
    session.refresh_from_db()
    queue_analysis(session)


def requeue_stale(*, now: datetime | None = None, queued_before: datetime | None = None) -> int:
    """Queue again every session whose analysis would otherwise wait for nothing, and return
    how many were queued:

    - `pending` and never queued (the broker was down at save time), after a few seconds;
    - `pending` and queued before the broker last started (Redis keeps no queue across a
      restart), or before `queued_before` (a starting worker: a dead one may have held it;
      never-queued ones saved before it too), at once; any other queued one after
      ANALYSIS_PENDING_GRACE_SECONDS, as a safety net;
    - `running` under a claim whose lease lapsed (its worker died).

    Each candidate is marked queued with a conditional update before it is sent, so sweeps
    running at once in several processes queue it once. The query reads only the unfinished
    sessions, through a partial index that holds nothing else."""
    now = now or timezone.now()
    lease = timedelta(seconds=settings.ANALYSIS_LEASE_SECONDS)
    lost_before = max(
        filter(
            None,
            (
                now - timedelta(seconds=settings.ANALYSIS_PENDING_GRACE_SECONDS),
                broker_started_at(now=now),
                queued_before,
            ),
        )
    )
    # A few seconds for the save's own send to land, unless everything before is fair game.
    unqueued_before = max(filter(None, (now - lease / 3, queued_before)))
    stale = (
        StudySession.objects.filter(analysis_status__in=[Status.PENDING, Status.RUNNING])
        .filter(
            Q(analysis_status=Status.PENDING, analysis_queued_at__isnull=True, updated_at__lt=unqueued_before)
            | Q(analysis_status=Status.PENDING, analysis_queued_at__lt=lost_before)
            | Q(analysis_status=Status.RUNNING, analysis_claimed_at__lt=now - lease)
        )
        .order_by()
        .values_list("id", "revision", "user_id", "analysis_queued_at")
    )
    queued = 0
    for session_id, revision, user_id, queued_at in list(stale):
        mine = StudySession.objects.filter(id=session_id, revision=revision, analysis_queued_at=queued_at)
        if not mine.update(analysis_queued_at=now):
            continue  # another sweep queued it meanwhile, or it was edited
        if not send_analysis_task(session_id=session_id, revision=revision, user_id=user_id):
            StudySession.objects.filter(id=session_id, revision=revision).update(analysis_queued_at=None)
            break
        queued += 1
    return queued


def broker_started_at(*, now: datetime) -> datetime | None:
    """When the Redis broker last started (from its uptime), or None for another broker or
    when it cannot be reached. A message queued before then is gone."""
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        return None
    try:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        uptime = client.info("server")["uptime_in_seconds"]
        client.close()
    except Exception:  # noqa: BLE001 - an unreachable broker: sending fails anyway
        return None
    # Uptime counts whole seconds: a message queued in the second of the restart counts as lost.
    return now - timedelta(seconds=uptime + 1)


def _publish(user_id: int, event_type: str, session: StudySession) -> None:
    events.publish_safely(user_id=user_id, event=events.session_event(event_type, session))

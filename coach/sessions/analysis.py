"""Analysing a session: queueing it, running the classifier and the focus score on it,
and writing the result. The Celery tasks in coach/sessions/tasks.py are thin wrappers around this.

A session is always saved first. Queueing happens after the commit and never raises: if
the broker is down, the session stays `pending` and the sweep queues it again later.
"""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
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
        queue.send(queue.ANALYSE_SESSION, args=(session_id, revision), queue_name=analysis_queue_for(user_id))
        StudySession.objects.filter(id=session_id, revision=revision).update(
            analysis_queued_at=timezone.now()
        )
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
        analysis = _store(session, revision, prediction, reading, breakdown, time.perf_counter() - started)
    except Exception:
        release(session_id=session_id, revision=revision)
        raise
    if analysis is not None:
        _publish(session.user_id, "session.analysed", session)
        coaching.queue_recompute(user_id=session.user_id, delay=settings.COACH_RECOMPUTE_DELAY_SECONDS)
    return analysis


@transaction.atomic
def _store(session, revision, prediction, reading, breakdown, seconds) -> SessionAnalysis | None:
    # The row lock makes "is this still the revision I read?" and the write one step, so an
    # edit that lands meanwhile wins and this result is dropped.
    current = StudySession.objects.select_for_update().filter(id=session.id, revision=revision).first()
    if current is None:
        return None
    from ml import THEMES

    analysis, _ = SessionAnalysis.objects.update_or_create(
        session=current,
        defaults={
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


def requeue_stale(*, now=None, grace_seconds: int | None = None) -> int:
    """Queue again every session left `pending` past the grace period, or `running` under a
    claim older than the lease (its worker died). Returns how many were queued."""
    now = now or timezone.now()
    grace = settings.ANALYSIS_PENDING_GRACE_SECONDS if grace_seconds is None else grace_seconds
    pending_since = now - timedelta(seconds=grace)
    lease_expired = now - timedelta(seconds=settings.ANALYSIS_LEASE_SECONDS)
    stale = StudySession.objects.filter(
        Q(analysis_status=Status.PENDING, updated_at__lt=pending_since)
        & (Q(analysis_queued_at__isnull=True) | Q(analysis_queued_at__lt=pending_since))
        | Q(analysis_status=Status.RUNNING, analysis_claimed_at__lt=lease_expired)
    ).values_list("id", "revision", "user_id")
    queued = 0
    for session_id, revision, user_id in stale.iterator():
        if not send_analysis_task(session_id=session_id, revision=revision, user_id=user_id):
            break
        queued += 1
    return queued


def _publish(user_id: int, event_type: str, session: StudySession) -> None:
    events.publish_safely(user_id=user_id, event=events.session_event(event_type, session))

"""The background analysis of imported sessions, and its progress.

An import's sessions get consecutive ids for their user, so a batch is (user, first id, last
id). One task at a time works through a batch, a few sessions per step, and queues its next
step on the bulk queue: workers take from the default and the bulk queue in turn, so live
sessions never wait behind an import of thousands. Progress is counted from the sessions
themselves (done or failed out of the batch), so it is right whatever ran them."""

import logging

from django.core.cache import cache
from django.utils import timezone

from coach.models import StudySession
from coach.realtime import events
from coach.sessions import analysis

logger = logging.getLogger(__name__)
Status = StudySession.AnalysisStatus

# Sessions analysed per task: about a second of model time on one core, short enough that
# a live session queued meanwhile waits no longer than that.
STEP_SIZE = 10
PROGRESS_SECONDS = 7 * 24 * 3600


def _key(user_id: int) -> str:
    return f"portability:import-batch:{user_id}"


def batch_start(*, user_id: int, session_ids: list[int]) -> None:
    """Remember the user's latest import batch, for its progress."""
    cache.set(
        _key(user_id),
        {"first_id": min(session_ids), "last_id": max(session_ids), "total": len(session_ids)},
        PROGRESS_SECONDS,
    )


def _batch(user_id: int, first_id: int, last_id: int):
    return StudySession.objects.filter(user_id=user_id, id__gte=first_id, id__lte=last_id)


def progress(*, user_id: int) -> dict | None:
    """{"done", "total"} of the user's latest import that needed analysis, or None when
    there was none lately. Done counts sessions analysed or failed for good."""
    batch = cache.get(_key(user_id))
    if batch is None:
        return None
    waiting = _batch(user_id, batch["first_id"], batch["last_id"]).filter(
        analysis_status__in=[Status.PENDING, Status.RUNNING]
    )
    return {"done": max(0, batch["total"] - waiting.count()), "total": batch["total"]}


def batch_step(*, user_id: int, first_id: int, last_id: int, task_id: str = "") -> bool:
    """Analyse the next few sessions of the batch and push the progress; True while sessions
    of the batch are still waiting."""
    waiting = _batch(user_id, first_id, last_id).filter(analysis_status=Status.PENDING)
    step = list(waiting.order_by("id").values_list("id", "revision")[:STEP_SIZE])
    # The rest stays out of the sweep of stale analyses while this batch works on it.
    waiting.update(analysis_queued_at=timezone.now())
    for session_id, revision in step:
        try:
            analysis.analyse(session_id=session_id, revision=revision, task_id=task_id)
        except Exception as error:  # noqa: BLE001 - one bad session must not stop the batch
            logger.exception("Analysis of imported session %s failed", session_id)
            analysis.mark_failed(
                session_id=session_id, revision=revision, reason=f"{type(error).__name__}: {error}"
            )
    now = progress(user_id=user_id)
    if now is not None:
        events.publish_safely(user_id=user_id, event=events.import_progress_event(**now))
    return waiting.exists()

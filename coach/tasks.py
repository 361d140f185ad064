"""Celery tasks: thin wrappers that take ids and call the services in coach/analysis.py,
coach/coaching.py and coach/digest.py."""

import logging
from datetime import date

from celery import Task, shared_task

from coach import analysis, coaching, digest

logger = logging.getLogger(__name__)


class AnalysisTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """After the last retry the session is marked `failed` with the reason; it is kept."""
        session_id, revision = args
        logger.error("Analysis of session %s failed for good: %s", session_id, exc)
        analysis.mark_failed(session_id=session_id, revision=revision, reason=f"{type(exc).__name__}: {exc}")


@shared_task(
    base=AnalysisTask,
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    autoretry_for=(Exception,),
    retry_backoff=2,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=6,
)
def analyse_session(session_id: int, revision: int) -> None:
    analysis.analyse(session_id=session_id, revision=revision)


@shared_task(ignore_result=True)
def requeue_stale_analyses() -> int:
    queued = analysis.requeue_stale()
    if queued:
        logger.info("Queued %s sessions again that were left pending", queued)
    return queued


@shared_task(
    ignore_result=True,
    autoretry_for=(Exception,),
    retry_backoff=2,
    retry_jitter=True,
    max_retries=3,
)
def recompute_coaching(user_id: int) -> None:
    coaching.recompute_mark_clear(user_id)
    coaching.recompute_for_user_id(user_id=user_id)


@shared_task(ignore_result=True)
def queue_weekly_digests() -> int:
    """Beat, hourly: queue a digest build for each user whose week has closed."""
    due = digest.due_digests()
    for user_id, week_start in due:
        build_weekly_digest.apply_async(args=(user_id, week_start.isoformat()), ignore_result=True)
    if due:
        logger.info("Queued %s weekly digests", len(due))
    return len(due)


@shared_task(
    ignore_result=True,
    autoretry_for=(Exception,),
    retry_backoff=5,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
)
def build_weekly_digest(user_id: int, week_start: str) -> None:
    digest.digest_build_and_send(user_id=user_id, week_start=date.fromisoformat(week_start))

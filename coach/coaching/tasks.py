"""Celery tasks of the coach: thin wrappers that take ids and call the recompute and the
weekly digest services.

Task names stay `coach.tasks.*`, as deployments may route them by name."""

import logging
from datetime import date

from celery import shared_task

from coach import queue
from coach.coaching import digests as digest
from coach.coaching import recommendations as coaching

logger = logging.getLogger(__name__)


@shared_task(
    name=queue.RECOMPUTE_COACHING,
    ignore_result=True,
    autoretry_for=(Exception,),
    retry_backoff=2,
    retry_jitter=True,
    max_retries=3,
)
def recompute_coaching(user_id: int) -> None:
    coaching.recompute_mark_clear(user_id)
    coaching.recompute_for_user_id(user_id=user_id)


@shared_task(name=queue.QUEUE_WEEKLY_DIGESTS, ignore_result=True)
def queue_weekly_digests() -> int:
    """Beat, hourly: queue a digest build for each user whose week has closed."""
    due = digest.due_digests()
    for user_id, week_start in due:
        build_weekly_digest.apply_async(args=(user_id, week_start.isoformat()), ignore_result=True)
    if due:
        logger.info("Queued %s weekly digests", len(due))
    return len(due)


@shared_task(
    name=queue.BUILD_WEEKLY_DIGEST,
    ignore_result=True,
    autoretry_for=(Exception,),
    retry_backoff=5,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
)
def build_weekly_digest(user_id: int, week_start: str) -> None:
    digest.digest_build_and_send(user_id=user_id, week_start=date.fromisoformat(week_start))

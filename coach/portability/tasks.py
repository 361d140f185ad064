"""Celery task of imports: the analysis of an import's sessions, one step at a time on the
bulk queue (coach/portability/import_analysis.py)."""

from celery import shared_task

from coach import queue
from coach.portability import import_analysis
from coach.portability.imported_sessions import batch_queue


@shared_task(
    bind=True,
    name=queue.ANALYSE_IMPORT,
    acks_late=True,
    ignore_result=True,
    autoretry_for=(Exception,),
    retry_backoff=2,
    retry_jitter=True,
    max_retries=5,
)
def analyse_import(self, user_id: int, first_id: int, last_id: int) -> None:
    more = import_analysis.batch_step(
        user_id=user_id, first_id=first_id, last_id=last_id, task_id=self.request.id or ""
    )
    if more:
        batch_queue(user_id=user_id, first_id=first_id, last_id=last_id)

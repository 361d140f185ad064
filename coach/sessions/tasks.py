"""Celery tasks of the analysis: thin wrappers that take ids and call coach/sessions/analysis.py.

Task names stay `coach.tasks.*`, as deployments may route them by name."""

import logging

from celery import Task, bootsteps, current_app, shared_task
from django.utils import timezone

from coach import queue
from coach.sessions import analysis

logger = logging.getLogger(__name__)


class AnalysisTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """After the last retry the session is marked `failed` with the reason; it is kept."""
        session_id, revision = args
        logger.error("Analysis of session %s failed for good: %s", session_id, exc)
        analysis.mark_failed(session_id=session_id, revision=revision, reason=f"{type(exc).__name__}: {exc}")


@shared_task(
    bind=True,
    name=queue.ANALYSE_SESSION,
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
def analyse_session(self, session_id: int, revision: int) -> None:
    analysis.analyse(session_id=session_id, revision=revision, task_id=self.request.id or "")


@shared_task(name=queue.REQUEUE_STALE_ANALYSES, ignore_result=True)
def requeue_stale_analyses() -> int:
    queued = analysis.requeue_stale()
    if queued:
        logger.info("Queued %s sessions again that were left pending", queued)
    return queued


class RequeueOnBrokerConnect(bootsteps.StartStopStep):
    """A worker's consumer step, started each time the worker connects to the broker: at
    start-up (a worker that died may have held sessions it never acknowledged) and again
    after the connection comes back (a restarted Redis has lost its queue). Either way,
    what was waiting is queued again at once instead of after the sweep's grace."""

    requires = {"celery.worker.consumer.tasks:Tasks"}

    def __init__(self, consumer, **kwargs):
        super().__init__(consumer, **kwargs)
        self.connections = 0

    def start(self, consumer):
        self.connections += 1
        # The first connection is this worker's start: take over anything queued before it.
        queued_before = timezone.now() if self.connections == 1 else None
        try:
            queued = analysis.requeue_stale(queued_before=queued_before)
        except Exception:  # noqa: BLE001 - never keep a worker from consuming; beat sweeps too
            logger.warning("Could not sweep stale analyses on connecting to the broker", exc_info=True)
            return
        if queued:
            logger.info("Queued %s sessions again on connecting to the broker", queued)


current_app.steps["consumer"].add(RequeueOnBrokerConnect)

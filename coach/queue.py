"""Sending work to the Celery workers: the one place that names the tasks.

Services queue work through `send` by the task's name, so they never import the task
modules that import them (the tasks in `coach/*/tasks.py` call the services). The names
stay `coach.tasks.*` whatever package holds the task, because deployments may route them
by name. Every process registers the tasks at start-up (`CoachConfig.ready`), so with no
broker configured (`CELERY_TASK_ALWAYS_EAGER`) `send` runs the task in-process."""

from celery import current_app

# Every worker takes from both queues in turn (CELERY_TASK_QUEUES); a user's analyses go to
# the bulk one while that user has many waiting (coach/sessions/analysis.py).
DEFAULT_QUEUE = "celery"
BULK_QUEUE = "bulk"

ANALYSE_SESSION = "coach.tasks.analyse_session"
REQUEUE_STALE_ANALYSES = "coach.tasks.requeue_stale_analyses"
RECOMPUTE_COACHING = "coach.tasks.recompute_coaching"
QUEUE_WEEKLY_DIGESTS = "coach.tasks.queue_weekly_digests"
BUILD_WEEKLY_DIGEST = "coach.tasks.build_weekly_digest"
SEND_EMAIL = "coach.tasks.send_email"
CLEAR_SESSIONS = "coach.tasks.clear_sessions"
FORGET_IDEMPOTENCY_ANSWERS = "coach.tasks.forget_idempotency_answers"
SEND_DUE_REMINDERS = "coach.tasks.send_due_reminders"
DELIVER_REMINDER = "coach.tasks.deliver_reminder"
FIT_CALIBRATION = "coach.tasks.fit_calibration"
ANALYSE_IMPORT = "coach.tasks.analyse_import"


def send(
    task_name: str, *, args: tuple, countdown: float | None = None, queue_name: str | None = None
) -> None:
    """Put one task on a queue (the default one unless named); raises what the broker raises
    when it cannot be reached."""
    current_app.signature(task_name, args=args).apply_async(
        countdown=countdown, queue=queue_name or DEFAULT_QUEUE, ignore_result=True
    )

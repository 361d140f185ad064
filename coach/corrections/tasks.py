"""The calibration fit, in a worker: a thin wrapper that takes the user's id."""

from celery import shared_task
from django.contrib.auth import get_user_model

from coach import queue
from coach.corrections import calibration


@shared_task(
    name=queue.FIT_CALIBRATION,
    ignore_result=True,
    autoretry_for=(Exception,),
    retry_backoff=5,
    retry_jitter=True,
    max_retries=3,
)
def fit_calibration(user_id: int) -> bool | None:
    """Refit the user's personal calibration; None, doing nothing, when the user is gone."""
    calibration.refit_mark_clear(user_id)
    if not get_user_model().objects.filter(id=user_id).exists():
        return None
    return calibration.calibration_refit(user_id=user_id).enabled

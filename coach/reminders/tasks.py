"""Celery tasks of the reminders: beat finds what is due each minute, a task per reminder
sends it."""

import logging

from celery import shared_task
from django.utils import timezone

from coach import queue
from coach.models import Reminder
from coach.reminders import delivery, schedule

logger = logging.getLogger(__name__)


@shared_task(name=queue.SEND_DUE_REMINDERS, ignore_result=True)
def send_due_reminders() -> int:
    """Beat, every minute: queue the sending of each reminder due now."""
    due = schedule.claim_due(timezone.now())
    for reminder_id in due:
        queue.send(queue.DELIVER_REMINDER, args=(reminder_id,))
    return len(due)


@shared_task(
    name=queue.DELIVER_REMINDER,
    ignore_result=True,
    autoretry_for=(OSError,),
    retry_backoff=5,
    max_retries=3,
)
def deliver_reminder(reminder_id: int) -> dict | None:
    """Send a claimed reminder, unless it was turned off or its account deleted since."""
    reminder = Reminder.objects.select_related("user__profile").filter(pk=reminder_id, enabled=True).first()
    if reminder is None:
        return None
    return delivery.deliver(reminder)

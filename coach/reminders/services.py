"""A user's reminders and the browsers subscribed to their push notifications."""

from datetime import time

from django.db import transaction

from coach.models import PushSubscription, Reminder

DEFAULT_TIMES = {Reminder.Kind.CHECK_IN: time(21, 0), Reminder.Kind.STUDY: time(19, 0)}


def reminders_for(user) -> list[Reminder]:
    """The user's reminder of each kind, made (off) on first use."""
    reminders = []
    for kind in Reminder.Kind:
        reminder, _ = Reminder.objects.get_or_create(
            user=user, kind=kind, defaults={"local_time": DEFAULT_TIMES[kind]}
        )
        reminders.append(reminder)
    return reminders


def reminder_update(
    reminder: Reminder, *, enabled: bool, local_time: time, by_email: bool, by_push: bool
) -> Reminder:
    """Save a reminder's settings. A new time later today may still be reminded today; one
    already past waits for tomorrow."""
    reminder.enabled, reminder.by_email, reminder.by_push = enabled, by_email, by_push
    if local_time != reminder.local_time:
        reminder.local_time = local_time
        reminder.last_done_on = None
    reminder.full_clean()
    reminder.save()
    return reminder


def turn_off(reminder: Reminder) -> None:
    Reminder.objects.filter(pk=reminder.pk).update(enabled=False)


@transaction.atomic
def push_subscribe(*, user, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    """Keep a browser's subscription for `user`; a browser that signed in as someone else
    before moves to the new user, so no one gets another's reminders."""
    subscription, _ = PushSubscription.objects.update_or_create(
        endpoint=endpoint, defaults={"user": user, "p256dh": p256dh, "auth": auth}
    )
    return subscription


def push_unsubscribe(*, user, endpoint: str) -> bool:
    deleted, _ = PushSubscription.objects.filter(user=user, endpoint=endpoint).delete()
    return deleted > 0

"""Links inside a reminder: to the page that acts on it, and to turn it off in one step."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from coach.models import Reminder

SALT = "coach.reminders.turn-off"

PAGE_OF_KIND = {Reminder.Kind.CHECK_IN: "checkin", Reminder.Kind.STUDY: "timer"}


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def action_url(reminder: Reminder) -> str:
    return absolute(reverse(PAGE_OF_KIND[reminder.kind]))


def turn_off_token(reminder: Reminder) -> str:
    """The same link in every message of a reminder; it works until the reminder is gone."""
    return signing.Signer(salt=SALT).sign_object(
        {"reminder": reminder.pk, "user": reminder.user_id}, compress=True
    )


def turn_off_url(reminder: Reminder) -> str:
    return absolute(reverse("reminder-off", args=[turn_off_token(reminder)]))


def reminder_from_token(token: str) -> Reminder | None:
    """The reminder a turn-off link names, or None for a forged, mangled or stale link."""
    try:
        data = signing.Signer(salt=SALT).unsign_object(token)
    except signing.BadSignature:
        return None
    return Reminder.objects.filter(pk=data.get("reminder"), user_id=data.get("user")).first()

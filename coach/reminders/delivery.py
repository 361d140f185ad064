"""Sending a reminder: by email to a verified address and as a Web Push notification to each
of the user's subscribed browsers, in the user's language."""

import json
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from py_vapid import Vapid
from pywebpush import WebPushException, webpush

from coach.models import PushSubscription, Reminder
from coach.reminders import links, vapid

logger = logging.getLogger(__name__)

# Push services drop a message nobody picked up after this long: a reminder is about today.
PUSH_TIME_TO_LIVE_SECONDS = 3 * 3600


def message(reminder: Reminder) -> dict:
    if reminder.kind == Reminder.Kind.CHECK_IN:
        title = _("Time for your daily check-in")
        body = _("How did you sleep, did you move or meditate? It takes a minute.")
    else:
        title = _("You planned to study at %(time)s") % {"time": reminder.local_time.strftime("%H:%M")}
        body = _("Start the timer when you sit down; FocusWeb keeps the time.")
    return {
        "title": title,
        "body": body,
        "url": links.action_url(reminder),
        "off_url": links.turn_off_url(reminder),
        "tag": f"reminder-{reminder.kind}",
    }


def deliver(reminder: Reminder) -> dict:
    """Send the reminder on each channel the user chose; how many messages went out."""
    with translation.override(reminder.user.profile.language):
        content = message(reminder)
        sent = {"email": 0, "push": 0}
        if reminder.by_email and reminder.user.email:
            send_email(reminder, content)
            sent["email"] = 1
        if reminder.by_push:
            sent["push"] = send_push(reminder, content)
    return sent


def send_email(reminder: Reminder, content: dict) -> None:
    context = {**content, "user": reminder.user}
    email = EmailMultiAlternatives(
        subject=content["title"],
        body=render_to_string("reminders/reminder_email.txt", context),
        to=[reminder.user.email],
        # One-click unsubscribe (RFC 8058): mail clients offer "turn off" themselves.
        headers={
            "List-Unsubscribe": f"<{content['off_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    email.attach_alternative(render_to_string("reminders/reminder_email.html", context), "text/html")
    email.send()


def send_push(reminder: Reminder, content: dict) -> int:
    pem = vapid.private_key_pem()
    if pem is None:
        return 0
    signer = Vapid.from_pem(pem.encode())
    sent = 0
    for subscription in PushSubscription.objects.filter(user_id=reminder.user_id):
        try:
            webpush(
                subscription.info(),
                data=json.dumps(content),
                vapid_private_key=signer,
                vapid_claims={"sub": settings.VAPID_CONTACT},
                ttl=PUSH_TIME_TO_LIVE_SECONDS,
                timeout=10,
            )
            sent += 1
        except WebPushException as error:
            status = getattr(error.response, "status_code", None)
            if status in (404, 410):
                # The browser unsubscribed or the subscription expired: forget it.
                subscription.delete()
            else:
                logger.warning("Web Push to subscription %s failed: %s", subscription.pk, error)
    return sent

"""Celery task of the accounts: mail rendered by the web process, sent by a worker, so the
time a password-reset request takes says nothing about whether the address exists."""

from celery import shared_task
from django.core.mail import EmailMultiAlternatives

from coach import idempotency, queue
from coach.accounts.services import sessions_clear


@shared_task(
    name=queue.SEND_EMAIL,
    ignore_result=True,
    autoretry_for=(Exception,),
    retry_backoff=5,
    retry_jitter=True,
    max_retries=5,
)
def send_email(subject: str, body: str, from_email: str, recipients: list[str], html: str = "") -> None:
    message = EmailMultiAlternatives(subject, body, from_email, recipients)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


@shared_task(name=queue.CLEAR_SESSIONS, ignore_result=True)
def clear_sessions() -> int:
    """Beat, daily: expired sign-in sessions, and those of users deleted since, are removed."""
    return sessions_clear()


@shared_task(name=queue.FORGET_IDEMPOTENCY_ANSWERS, ignore_result=True)
def forget_idempotency_answers() -> int:
    """Beat, daily: the answers kept for retried creates, once past their 24 hours, also of
    users who have not created anything since."""
    return idempotency.forget_old_answers()

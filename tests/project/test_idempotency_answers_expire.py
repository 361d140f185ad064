"""Answers kept for retried creates are forgotten after 24 hours, also for users who never
create anything again."""

from datetime import timedelta

from django.utils import timezone

from coach import idempotency
from coach.models import IdempotencyKey
from tests.factories import UserFactory


def keep_answer(user, key: str, age: timedelta) -> None:
    answer = IdempotencyKey.objects.create(user=user, key=key, fingerprint="f" * 64, status_code=201)
    IdempotencyKey.objects.filter(pk=answer.pk).update(created_at=timezone.now() - age)


def test_the_daily_clearing_forgets_answers_past_their_day_and_keeps_the_rest(db):
    gone_quiet, active = UserFactory(), UserFactory()
    keep_answer(gone_quiet, "old", timedelta(hours=25))
    keep_answer(active, "old", timedelta(days=3))
    keep_answer(active, "recent", timedelta(hours=2))

    assert idempotency.forget_old_answers() == 2

    assert list(IdempotencyKey.objects.values_list("user", "key")) == [(active.pk, "recent")]


def test_the_clearing_is_a_daily_beat_task(settings):
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert schedule["coach.tasks.forget_idempotency_answers"] == 86400.0

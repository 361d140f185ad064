"""A user with every kind of data FocusWeb keeps, and a walk of every table for any trace of
a user once they are deleted."""

from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models.functions import Cast
from django.test import Client
from django.utils import timezone

from coach import models as coach
from tests.factories import (
    CheckInFactory,
    StudySessionFactory,
    TipFeedbackFactory,
    UserFactory,
    WeeklyDigestFactory,
    analysed_session,
)

FAILED_LOGINS = 5


def user_with_everything(username: str, *, staff=None):
    """A user with a row in every table of the app, signed in, locked out after failed logins,
    and named in the admin's log (by `staff`, when given, and by themselves)."""
    user = UserFactory(username=username)
    now = timezone.now()
    corrected = analysed_session(
        user=user,
        started_at=now - timedelta(days=2),
        score=72.0,
        labels=["digital"],
        journal="我的日记 notes",
    )
    StudySessionFactory(user=user, subject=f"{username}'s thesis")
    coach.Timer.objects.create(user=user, subject="Reading", interruption_times=[now.isoformat()])
    CheckInFactory(user=user)
    coach.Recommendation.objects.create(
        user=user, tip="digital_other_room", family="digital", rank=1, score=0.9, reasons=[], computed_at=now
    )
    coach.CoachingState.objects.create(user=user, insights=[{"kind": "hour"}], computed_at=now)
    TipFeedbackFactory(user=user)
    WeeklyDigestFactory(user=user)
    coach.ApiToken.objects.create(user=user, name=f"{username}'s script")
    coach.PendingEmail.objects.create(user=user, email=f"{username}@new.example.com", nonce="n" * 32)
    coach.Reminder.objects.create(user=user, kind="study", local_time="19:00", enabled=True)
    coach.SessionCorrection.objects.create(
        session=corrected,
        revision=corrected.revision,
        journal_digest="0" * 64,
        labels=[],
        model_labels=["digital"],
        model_version="test",
    )
    coach.PersonalCalibration.objects.create(user=user, reason="too_few", fitted_at=now)
    coach.IdempotencyKey.objects.create(
        user=user, key=f"{username}-retry", fingerprint="f" * 64, status_code=201, body={"subject": username}
    )
    coach.PushSubscription.objects.create(
        user=user, endpoint=f"https://push.example.net/{username}", p256dh="key", auth="secret"
    )

    signed_in = Client()
    signed_in.force_login(user)
    # Locked out from another address, so the user's own browser and token still work.
    for _ in range(FAILED_LOGINS):
        Client(REMOTE_ADDR="192.0.2.7").post("/accounts/login/", {"username": username, "password": "wrong"})
    AccessFailureLog.objects.create(
        username=username,
        ip_address="192.0.2.7",
        user_agent="test",
        http_accept="*/*",
        path_info="/accounts/login/",
    )
    AccessLog.objects.create(
        username=username,
        ip_address="192.0.2.7",
        user_agent="test",
        http_accept="*/*",
        path_info="/accounts/login/",
    )

    own_rows = [
        get_user_model().objects.filter(pk=user.pk),
        coach.Profile.objects.filter(user=user),
        coach.StudySession.objects.filter(user=user),
        coach.SessionAnalysis.objects.filter(session__user=user),
        coach.CheckIn.objects.filter(user=user),
    ]
    if staff is not None:
        for rows in own_rows:
            LogEntry.objects.log_actions(user_id=staff.pk, queryset=rows, action_flag=CHANGE)
    LogEntry.objects.log_actions(
        user_id=user.pk, queryset=coach.Timer.objects.filter(user=user), action_flag=ADDITION
    )
    return user, signed_in


def rows_of(user) -> dict[type[models.Model], int]:
    """How many rows of each of the app's tables belong to `user`."""
    owner = {
        coach.SessionAnalysis: "session__user",
        coach.SessionLabel: "session__user",
        coach.SessionCorrection: "session__user",
    }
    return {
        model: model.objects.filter(**{owner.get(model, "user"): user}).count()
        for model in apps.get_app_config("coach").get_models()
    }


def login_records_of(username: str) -> int:
    return sum(
        model.objects.filter(username=username).count()
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    )


TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def traces_of(*, user_id: int, username: str) -> list[str]:
    """Every row, in every installed model, that references the user's id through a key to
    the user, names them in the admin's log, or holds their username in a text or JSON column;
    and every admin log entry about a row that no longer exists."""
    User = get_user_model()
    found = []
    for model in apps.get_models():
        rows = model._default_manager.all()
        for field in model._meta.concrete_fields:
            where = f"{model._meta.label}.{field.name}"
            if field.is_relation and field.related_model is User:
                if rows.filter(**{field.attname: user_id}).exists():
                    found.append(f"{where} = {user_id}")
            elif isinstance(field, TEXT_FIELDS) and not field.is_relation:
                as_text = rows.annotate(as_text=Cast(field.name, models.TextField()))
                if as_text.filter(as_text__icontains=username).exists():
                    found.append(f"{where} contains {username!r}")
    if User.objects.filter(pk=user_id).exists():
        found.append(f"{User._meta.label} {user_id}")
    for entry in LogEntry.objects.exclude(object_id=None).select_related("content_type"):
        model = entry.content_type.model_class()
        if not model._default_manager.filter(pk=entry.object_id).exists():
            found.append(
                f"admin log entry {entry.pk} about the deleted {model._meta.label} {entry.object_id}"
            )
    return found

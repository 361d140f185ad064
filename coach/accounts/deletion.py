"""Deleting an account: what it holds, the password asked again, and removing every row that
belongs to the user in one transaction.

Rows with a foreign key to the user go by the database cascade: the profile, study
sessions with their analyses and labels, the timer, check-ins, recommendations, coaching
state, tip feedback, digests, API tokens, a pending email address, signed-in sessions
(coach.LoginSession names its user) and admin log entries the user made. Rows that name the
user without a key are removed by `user_traces_delete`, which the User's pre_delete signal
runs (coach/accounts/signals.py) so that every way of deleting a user (this service, the
admin's delete page and action, `User.delete()` in a shell) removes them too: django-axes'
login records for their username, and admin log entries about the user or anything of
theirs. Once the transaction commits, their open sockets are closed.
"""

from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Cast
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coach.accounts.throttles import hit
from coach.models import (
    ApiToken,
    CheckIn,
    LoginSession,
    Recommendation,
    SessionAnalysis,
    StudySession,
    Timer,
    TipFeedback,
    WeeklyDigest,
)
from coach.realtime import events

# The "Your data" page (coach/portability), offered before deleting.
EXPORT_PATH = reverse_lazy("data")


@dataclass(frozen=True)
class Holding:
    """One kind of thing the account holds, as the confirmation page lists it."""

    count: int
    text: str


def account_contents(*, user) -> list[Holding]:
    """What deleting the account removes, with counts (0 when there is none of a kind)."""
    counts = [
        (StudySession.objects.filter(user=user).count(), "sessions"),
        (SessionAnalysis.objects.filter(session__user=user).count(), "analyses"),
        (Timer.objects.filter(user=user).count(), "timer"),
        (CheckIn.objects.filter(user=user).count(), "checkins"),
        (Recommendation.objects.filter(user=user).count(), "recommendations"),
        (TipFeedback.objects.filter(user=user).count(), "feedback"),
        (WeeklyDigest.objects.filter(user=user).count(), "digests"),
        (ApiToken.objects.filter(user=user).count(), "tokens"),
        (LoginSession.objects.filter(user=user).count(), "logins"),
        (sum(rows.count() for rows in _login_records(user)), "records"),
    ]
    return [Holding(count=count, text=_holding_text(kind, count)) for count, kind in counts]


def _holding_text(kind: str, count: int) -> str:
    texts = {
        "sessions": ngettext(
            "%(count)d study session with its journal", "%(count)d study sessions with their journals", count
        ),
        "analyses": ngettext(
            "%(count)d analysis (themes, focus score)", "%(count)d analyses (themes, focus scores)", count
        ),
        "timer": ngettext("%(count)d running timer", "%(count)d running timers", count),
        "checkins": ngettext("%(count)d daily check-in", "%(count)d daily check-ins", count),
        "recommendations": ngettext("%(count)d recommendation", "%(count)d recommendations", count),
        "feedback": ngettext("%(count)d verdict on a tip", "%(count)d verdicts on tips", count),
        "digests": ngettext("%(count)d weekly digest", "%(count)d weekly digests", count),
        "tokens": ngettext("%(count)d API token", "%(count)d API tokens", count),
        "logins": ngettext(
            "%(count)d signed-in browser (including this one)",
            "%(count)d signed-in browsers (including this one)",
            count,
        ),
        "records": ngettext(
            "%(count)d record of a login attempt", "%(count)d records of login attempts", count
        ),
    }
    return texts[kind] % {"count": count}


def password_confirm(*, user, password: str) -> None:
    """Raise a ValidationError naming `password` unless it is the user's password; a few
    attempts an hour per user, so a stolen session cannot be used to guess it."""
    wait = hit(scope="account_delete", key=str(user.pk), rate=settings.PAGE_THROTTLE_RATES["account_delete"])
    if wait:
        raise ValidationError(
            {
                "password": _("Too many attempts; try again in %(minutes)d minutes.")
                % {"minutes": max(1, round(wait / 60))}
            }
        )
    if not password or not user.check_password(password):
        raise ValidationError({"password": _("This is not your password.")})


def delete_account(*, user) -> None:
    """Delete the user and everything that belongs to them, in one transaction, and close
    their open sockets once it commits."""
    with transaction.atomic():
        # The admin's log entries about the user's rows first, while the sessions still say
        # whose they are; then the largest tables, each in one statement. Left to the
        # cascade, Django fetches every session's id and deletes analyses and labels batch by
        # batch: 2.1 s for 10,000 sessions on SQLite, against 0.3 s this way
        # (benchmarks/deletion_bench.py). Every table with a key to sessions (analyses,
        # labels, corrections, any added later) is emptied of the user's rows first; then
        # the sessions go with a raw delete, which would fail the commit on a foreign key
        # rather than leave rows behind.
        LogEntry.objects.filter(_log_entries_about(user)).delete()
        for relation in StudySession._meta.related_objects:
            relation.related_model.objects.filter(**{f"{relation.field.name}__user": user}).delete()
        StudySession.objects.filter(user=user)._raw_delete(using=StudySession.objects.db)
        user.delete()


def user_traces_delete(user) -> None:
    """Remove the rows that name `user` without a foreign key, and close their sockets after
    the commit. Runs before the user's row and the cascade go (pre_delete), inside the same
    transaction."""
    for rows in _login_records(user):
        rows.delete()
    LogEntry.objects.filter(_log_entries_about(user)).delete()
    events.close_sockets(user_id=user.pk)


def _login_records(user) -> list[models.QuerySet]:
    """django-axes' rows for the username: failed attempts (the lockout), the failure log and
    the log of logins. A login typed in another case names the user too, and matches no one
    else: Django's sign-up form refuses "Alice" when "alice" exists."""
    username = user.get_username()
    return [
        model.objects.filter(username__iexact=username)
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    ]


def _log_entries_about(user) -> Q:
    """Admin log entries about the user or any row of theirs: each model with a foreign key
    to the user, and each model with a key to one of those (a session's analysis)."""
    condition = Q(user=user)
    for model, rows in _owned_rows(user).items():
        # A subquery, not a list of ids: a user with 100,000 sessions would pass SQLite's
        # limit on query parameters. The log keeps object ids as text.
        keys = rows.annotate(pk_as_text=Cast("pk", output_field=models.TextField())).values("pk_as_text")
        condition |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=keys)
    return condition


def _owned_rows(user) -> dict[type[models.Model], models.QuerySet]:
    User = get_user_model()
    owned: dict[type[models.Model], models.QuerySet] = {User: User.objects.filter(pk=user.pk)}
    direct = _models_keyed_to(User)
    for model, field in direct:
        owned[model] = model.objects.filter(**{field: user})
    for parent, parent_field in direct:
        for model, field in _models_keyed_to(parent):
            owned.setdefault(model, model.objects.filter(**{f"{field}__{parent_field}": user}))
    return owned


def _models_keyed_to(target) -> list[tuple[type[models.Model], str]]:
    return [
        (model, field.name)
        for model in apps.get_models()
        if model is not LogEntry
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is target
    ]

"""The weekly digest: a user's week (Monday to Sunday in their time zone) against their goal,
what pulled their focus, the strongest insight and the top three recommendations.

Celery beat runs `queue_weekly_digests` every hour; it finds each user whose last week has
closed (Monday WEEK_READY_HOUR o'clock in their time zone) and has no digest for it yet, and
queues one build per user. A build is stored once per user and week, and emailed once to
users who opted in.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Count, Min, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coach.accounts.email_addresses import has_verified_email
from coach.coaching.insights import Insight, shown, user_zone
from coach.coaching.recommendations import PANEL_SIZE, coaching_compute, reason_text
from coach.coaching.tips import FAMILIES, TIPS_BY_CODE
from coach.localtime import FocusedSeconds
from coach.models import SessionLabel, StudySession, WeeklyDigest
from coach.themes import THEME_COLOURS, THEME_NAMES

logger = logging.getLogger(__name__)

# Last week counts as closed from Monday at this hour in the user's time zone, so a session
# that runs past midnight on Sunday is in before the digest is built.
WEEK_READY_HOUR = 6
TOP_THEMES = 3


def week_bounds(*, week_start: date, zone) -> tuple[datetime, datetime]:
    """The week's first instant and the instant after its last, in the given time zone."""
    start = datetime.combine(week_start, time.min, tzinfo=zone)
    return start, datetime.combine(week_start + timedelta(days=7), time.min, tzinfo=zone)


def closed_week_start(*, now: datetime, zone) -> date:
    """The Monday of the latest week that has closed for a user in `zone` at `now`."""
    local = now.astimezone(zone)
    ready = datetime.combine(
        local.date() - timedelta(days=local.weekday()), time(WEEK_READY_HOUR), tzinfo=zone
    )
    if local < ready:
        ready -= timedelta(days=7)
    return ready.date() - timedelta(days=7)


def due_digests(*, now: datetime | None = None) -> list[tuple[int, date]]:
    """(user id, week start) of every active user whose last closed week has no digest yet.
    Users whose first session started after that week are left out: they have no week yet."""
    now = now or timezone.now()
    first_session = dict(
        StudySession.objects.filter(user__is_active=True)
        .values("user_id")
        .annotate(first=Min("started_at"))
        .values_list("user_id", "first")
    )
    candidates = []
    for user in get_user_model().objects.filter(id__in=list(first_session)).select_related("profile"):
        zone = user_zone(user)
        week_start = closed_week_start(now=now, zone=zone)
        if first_session[user.id] < week_bounds(week_start=week_start, zone=zone)[1]:
            candidates.append((user.id, week_start))
    done = set(
        WeeklyDigest.objects.filter(
            user_id__in=[user_id for user_id, _week in candidates],
            week_start__in={week for _user, week in candidates},
        ).values_list("user_id", "week_start")
    )
    return [candidate for candidate in candidates if candidate not in done]


@dataclass(frozen=True)
class WeekSummary:
    sessions: int
    focus_minutes: float
    top_themes: list[dict]


def week_summary(*, user, week_start: date) -> WeekSummary:
    """Sessions, focused minutes and the most frequent themes of the user's week."""
    start, end = week_bounds(week_start=week_start, zone=user_zone(user))
    sessions = StudySession.objects.filter(user=user, started_at__gte=start, started_at__lt=end)
    totals = sessions.aggregate(count=Count("id"), seconds=Sum(FocusedSeconds()))
    themes = (
        SessionLabel.objects.filter(
            session__in=sessions.filter(analysis_status=StudySession.AnalysisStatus.DONE)
        )
        .values("theme")
        .annotate(sessions=Count("session_id"))
        .order_by("-sessions", "theme")[:TOP_THEMES]
    )
    return WeekSummary(
        sessions=totals["count"],
        focus_minutes=round(max(totals["seconds"] or 0.0, 0.0) / 60, 1),
        top_themes=[{"code": row["theme"], "sessions": row["sessions"]} for row in themes],
    )


@transaction.atomic
def digest_build(*, user, week_start: date) -> WeeklyDigest:
    """Build and store the user's digest for the week starting on `week_start` (a Monday),
    from their data up to the week's end; an existing digest for that week is rebuilt but
    keeps its emailed mark."""
    if week_start.weekday() != 0:
        raise ValueError("A digest week starts on a Monday.")
    summary = week_summary(user=user, week_start=week_start)
    _start, end = week_bounds(week_start=week_start, zone=user_zone(user))
    coaching = coaching_compute(user=user, now=end)
    strongest = shown(coaching.insights)
    digest, _created = WeeklyDigest.objects.update_or_create(
        user=user,
        week_start=week_start,
        defaults={
            "sessions": summary.sessions,
            "focus_minutes": summary.focus_minutes,
            "goal_hours": user.profile.weekly_goal_hours,
            "top_themes": summary.top_themes,
            "insight": strongest[0].as_dict() if strongest else None,
            "recommendations": [
                {"tip": choice.tip.code, "family": choice.tip.family, "reasons": choice.reasons}
                for choice in coaching.choices[:PANEL_SIZE]
            ],
        },
    )
    return digest


def digest_list(*, user):
    return WeeklyDigest.objects.filter(user=user)


def digest_get(*, user, digest_id: int) -> WeeklyDigest:
    """The user's digest with this id; WeeklyDigest.DoesNotExist for anyone else's."""
    return WeeklyDigest.objects.get(user=user, id=digest_id)


def present_digest(digest: WeeklyDigest) -> dict:
    """The digest as pages and emails show it, in the active language."""
    insight = Insight.from_dict(digest.insight) if digest.insight else None
    goal_minutes = digest.goal_hours * 60
    return {
        "digest": digest,
        "focus_hours": digest.focus_hours,
        "goal_hours": digest.goal_hours,
        "goal_percent": round(100 * digest.focus_minutes / goal_minutes) if goal_minutes else 0,
        "themes": [
            {**theme, "name": THEME_NAMES[theme["code"]], "colour": THEME_COLOURS[theme["code"]]}
            for theme in digest.top_themes
        ],
        "insight": insight and {"sentence": insight.sentence(), "effect": insight.effect_text()},
        "recommendations": [
            {
                "title": TIPS_BY_CODE[item["tip"]].title(),
                "action": TIPS_BY_CODE[item["tip"]].action(),
                "family_name": FAMILIES[item["family"]].title(),
                "why": [reason_text(reason) for reason in item["reasons"]],
            }
            for item in digest.recommendations
            if item["tip"] in TIPS_BY_CODE
        ],
    }


def digest_send(*, digest: WeeklyDigest) -> bool:
    """Email the digest, in the user's language, if they opted in and have a verified address
    (an address waiting for verification gets nothing); at most once (a conditional update
    claims it). True when sent."""
    user = digest.user
    profile = user.profile
    if not profile.weekly_digest_email or not has_verified_email(user):
        return False
    claimed = WeeklyDigest.objects.filter(id=digest.id, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return False
    try:
        with translation.override(profile.language):
            context = {
                **present_digest(digest),
                "user": user,
                "url": settings.SITE_URL.rstrip("/") + reverse("digest-detail", args=[digest.id]),
            }
            subject = _("Your week in FocusWeb: %(start)s to %(end)s") % {
                "start": digest.week_start.isoformat(),
                "end": digest.week_end.isoformat(),
            }
            message = EmailMultiAlternatives(
                subject=subject,
                body=render_to_string("coach/digest_email.txt", context),
                to=[user.email],
            )
            message.attach_alternative(render_to_string("coach/digest_email.html", context), "text/html")
            message.send()
    except Exception:
        # Not sent: give the claim back so the retry sends it.
        WeeklyDigest.objects.filter(id=digest.id).update(emailed_at=None)
        raise
    return True


def digest_build_and_send(*, user_id: int, week_start: date) -> WeeklyDigest | None:
    """The task's work: build the digest and email it; None when the user is gone."""
    user = get_user_model().objects.select_related("profile").filter(id=user_id).first()
    if user is None:
        return None
    digest = digest_build(user=user, week_start=week_start)
    digest_send(digest=digest)
    return digest

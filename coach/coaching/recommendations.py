"""Recommendations: tips from coach/coaching/tips.py chosen for a user from their own data, each with
why it was chosen, in their numbers.

A family of tips (sleep, digital boundaries, ...) is relevant to a user through the themes
that point to it, a few facts (short nights in the check-ins, sessions without a goal) and
the insights that support it. Its relevance is

    W_FREQUENCY * frequency + W_RECENCY * recency + W_INSIGHT * insight size

- frequency: the largest share of the user's last RECENT sessions carrying one of the
  family's themes (or of the facts above), 0 to 1;
- recency: 0.5 ** (days since the theme was last seen / RECENCY_HALF_LIFE_DAYS), 0 when it
  was not seen in the last 28 days;
- insight size: the effect of the largest shown insight that supports the family (20 focus
  points, or a theme's share rising by half, count as 1).

Within a family the tip with the best feedback factor is chosen (library order breaks ties);
the recommendation's score is relevance times that factor. "Not for me" hides a tip for
NOT_FOR_ME_DAYS days; "done" rests it for DONE_REST_DAYS days; "helpful" raises it.
docs/coaching.md explains this to users. Recomputing is a service: the analysis worker, a
check-in and a feedback call it, and the result is stored so pages only read it.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coach import queue
from coach.coaching.insights import (
    SLEEP_ENOUGH_HOURS,
    Insight,
    RecentSessions,
    insights_for,
    recent_sessions,
    user_zone,
)
from coach.coaching.tips import FAMILIES, TIPS, TIPS_BY_CODE, Tip
from coach.models import CheckIn, CoachingState, Recommendation, TipFeedback
from coach.realtime import events
from coach.themes import THEME_NAMES

logger = logging.getLogger(__name__)

W_FREQUENCY = 0.5
W_RECENCY = 0.2
W_INSIGHT = 0.3
RECENCY_HALF_LIFE_DAYS = 7
MAX_RECOMMENDATIONS = 5
PANEL_SIZE = 3
# How many of the latest check-ins count for "short nights lately".
RECENT_CHECKINS = 14

NOT_FOR_ME_DAYS = 30
DONE_REST_DAYS = 7
HELPFUL_FACTOR = 1.25
DONE_RESTING_FACTOR = 0.5
DONE_BEFORE_FACTOR = 1.1
NOT_FOR_ME_AFTER_FACTOR = 0.7

# Which families answer which theme (spec/distraction-themes.md, "coaching family").
FAMILY_THEMES = {
    "sleep": ("fatigue",),
    "meditation": ("stress",),
    "goals": ("procrastination", "planning"),
    "digital": ("digital",),
    "workspace": ("environment",),
    "people": ("people",),
    "breaks": ("body",),
    "first_step": ("procrastination",),
    "planning": ("planning",),
}
# Insights that support a family. For the habit comparisons only the direction that argues
# for the habit counts (meditation days scoring lower is no reason to meditate).
FAMILY_INSIGHTS = {
    "sleep": ("sleep",),
    "meditation": ("meditation",),
    "goals": ("goal",),
    "breaks": ("exercise", "length"),
    "planning": ("hour",),
}
DIRECTIONAL = {"sleep", "meditation", "goal", "exercise", "trend"}


@dataclass
class Signals:
    frequency: float = 0.0
    recency: float = 0.0
    insight: float = 0.0
    reasons: list | None = None

    @property
    def relevance(self) -> float:
        return W_FREQUENCY * self.frequency + W_RECENCY * self.recency + W_INSIGHT * self.insight


def _supports(insight: Insight, family: str) -> bool:
    if not insight.shown:
        return False
    if insight.kind in DIRECTIONAL and insight.difference <= 0:
        return False
    if insight.kind == "trend":
        return insight.theme in FAMILY_THEMES[family]
    return insight.kind in FAMILY_INSIGHTS.get(family, ())


def family_signals(
    *, recent: RecentSessions, insights: list[Insight], checkin_hours: list[float]
) -> dict[str, Signals]:
    """How relevant each family is to the user, and the reasons, in structured form."""
    last = recent.last
    counts = {theme: sum(theme in row["themes"] for row in last) for theme in THEME_NAMES}
    last_seen = {}
    for row in recent.window:
        for theme in row["themes"]:
            if theme not in last_seen or row["started_at"] > last_seen[theme]:
                last_seen[theme] = row["started_at"]
    signals = {}
    for family, themes in FAMILY_THEMES.items():
        facts = []  # (share, reason)
        for theme in themes:
            if counts[theme]:
                facts.append(
                    (
                        counts[theme] / len(last),
                        {"kind": "theme", "theme": theme, "count": counts[theme], "of": len(last)},
                    )
                )
        if family == "sleep" and checkin_hours:
            short = sum(hours < SLEEP_ENOUGH_HOURS for hours in checkin_hours)
            if short:
                facts.append(
                    (
                        short / len(checkin_hours),
                        {"kind": "short_sleep", "count": short, "of": len(checkin_hours)},
                    )
                )
        if family == "goals" and last:
            without = sum(not row["goal"] for row in last)
            if without:
                facts.append((without / len(last), {"kind": "no_goal", "count": without, "of": len(last)}))
        recency = 0.0
        for theme in themes:
            if theme in last_seen:
                days = max((recent.now - last_seen[theme]).total_seconds() / 86400, 0.0)
                recency = max(recency, 0.5 ** (days / RECENCY_HALF_LIFE_DAYS))
        supporting = sorted(
            (insight for insight in insights if _supports(insight, family)), key=lambda i: -i.effect
        )
        facts.sort(key=lambda fact: -fact[0])
        reasons = [reason for _share, reason in facts[:2]]
        if supporting:
            reasons.append({"kind": "insight", "insight": supporting[0].as_dict()})
        signals[family] = Signals(
            frequency=facts[0][0] if facts else 0.0,
            recency=recency,
            insight=supporting[0].effect if supporting else 0.0,
            reasons=reasons,
        )
    return signals


def feedback_factor(feedback: TipFeedback | None, *, now: datetime) -> float:
    """How feedback changes a tip's score; 0 hides it."""
    if feedback is None:
        return 1.0
    age = now - feedback.updated_at
    if feedback.verdict == TipFeedback.Verdict.NOT_FOR_ME:
        return 0.0 if age < timedelta(days=NOT_FOR_ME_DAYS) else NOT_FOR_ME_AFTER_FACTOR
    if feedback.verdict == TipFeedback.Verdict.DONE:
        return DONE_RESTING_FACTOR if age < timedelta(days=DONE_REST_DAYS) else DONE_BEFORE_FACTOR
    return HELPFUL_FACTOR


@dataclass(frozen=True)
class Choice:
    tip: Tip
    score: float
    reasons: list


def rank(*, signals: dict[str, Signals], feedback: dict[str, TipFeedback], now: datetime) -> list[Choice]:
    """One tip per relevant family, best first, at most MAX_RECOMMENDATIONS."""
    choices = []
    for family, family_signal in signals.items():
        if family_signal.relevance <= 0:
            continue
        candidates = [
            (feedback_factor(feedback.get(tip.code), now=now), -index, tip)
            for index, tip in enumerate(TIPS)
            if tip.family == family
        ]
        factor, _order, tip = max(candidates, key=lambda c: (c[0], c[1]))
        if factor <= 0:
            continue
        reasons = list(family_signal.reasons or [])
        if feedback.get(tip.code) and feedback[tip.code].verdict == TipFeedback.Verdict.HELPFUL:
            reasons.append({"kind": "helpful"})
        choices.append(Choice(tip=tip, score=round(family_signal.relevance * factor, 4), reasons=reasons))
    choices.sort(key=lambda choice: (-choice.score, choice.tip.code))
    return choices[:MAX_RECOMMENDATIONS]


@dataclass(frozen=True)
class Coaching:
    insights: list[Insight]
    choices: list[Choice]


def coaching_compute(*, user, now: datetime | None = None) -> Coaching:
    """The user's insights and ranked tips from their data up to `now`, without storing them."""
    now = now or timezone.now()
    recent = recent_sessions(user=user, until=now)
    insights = insights_for(user=user, until=now, recent=recent)
    checkin_hours = list(
        CheckIn.objects.filter(user=user, day__lte=timezone.localdate(now, user_zone(user)))
        .order_by("-day")
        .values_list("hours_slept", flat=True)[:RECENT_CHECKINS]
    )
    feedback = {row.tip: row for row in TipFeedback.objects.filter(user=user)}
    choices = rank(
        signals=family_signals(recent=recent, insights=insights, checkin_hours=checkin_hours),
        feedback=feedback,
        now=now,
    )
    return Coaching(insights=insights, choices=choices)


@transaction.atomic
def recommendations_recompute(*, user, now: datetime | None = None) -> list[Recommendation]:
    """Recompute the user's insights and recommendations from their data and store both,
    replacing the previous ones, then tell the user's pages. Returns the new recommendations,
    best first."""
    now = now or timezone.now()
    # Two workers can finish analyses of one user's sessions at the same moment. Locking the
    # user's row makes their recomputes take turns, so the second one's delete sees the first
    # one's rows instead of colliding with them on "one_recommendation_per_tip".
    get_user_model().objects.select_for_update().filter(id=user.id).first()
    result = coaching_compute(user=user, now=now)
    Recommendation.objects.filter(user=user).delete()
    recommendations = Recommendation.objects.bulk_create(
        Recommendation(
            user=user,
            tip=choice.tip.code,
            family=choice.tip.family,
            rank=position,
            score=choice.score,
            reasons=choice.reasons,
            computed_at=now,
        )
        for position, choice in enumerate(result.choices, start=1)
    )
    CoachingState.objects.update_or_create(
        user=user,
        defaults={"insights": [insight.as_dict() for insight in result.insights], "computed_at": now},
    )
    events.publish_safely(
        user_id=user.id, event=events.coach_event(recommendations[:PANEL_SIZE], computed_at=now)
    )
    return recommendations


def recompute_for_user_id(*, user_id: int) -> list[Recommendation] | None:
    """Recompute for the user with this id; None, doing nothing, when the user is gone."""
    user = get_user_model().objects.select_related("profile").filter(id=user_id).first()
    if user is None:
        return None
    return recommendations_recompute(user=user)


def recompute_safely(*, user_id: int) -> None:
    """Recompute and tell the user's pages. A failure here is logged and swallowed, because
    the analysis or check-in it follows is already stored and must not be retried for it;
    the next one recomputes again."""
    try:
        recompute_for_user_id(user_id=user_id)
    except Exception:  # noqa: BLE001
        logger.exception("Could not recompute the coaching of user %s", user_id)


# A mark outlives its task by this much at most, so a recompute lost with a killed worker
# holds back the next one for a minute, not for ever.
RECOMPUTE_MARK_SLACK_SECONDS = 60


def queue_recompute(*, user_id: int, delay: float = 0) -> None:
    """Recompute in the worker once the current transaction commits; when the queue cannot be
    reached, recompute right here instead (it takes well under a second).

    With a delay, the recomputes asked for within it are coalesced into one: the first asks
    for a recompute `delay` seconds ahead and marks it as queued; the others find the mark
    and leave it. The task clears the mark before it reads anything, so an analysis stored
    after that point queues a recompute of its own and is never left out."""

    def send():
        if delay and not _mark_queued(user_id, seconds=delay + RECOMPUTE_MARK_SLACK_SECONDS):
            return
        try:
            queue.send(queue.RECOMPUTE_COACHING, args=(user_id,), countdown=delay or None)
        except Exception:  # noqa: BLE001 - broker down: do the work here
            logger.warning("Could not queue the coaching recompute of user %s; doing it now", user_id)
            recompute_mark_clear(user_id)
            recompute_safely(user_id=user_id)

    transaction.on_commit(send)


def _recompute_mark(user_id: int) -> str:
    return f"coach:recompute-queued:{user_id}"


def _mark_queued(user_id: int, *, seconds: float) -> bool:
    """True when this caller set the mark (no recompute was queued yet)."""
    try:
        return cache.add(_recompute_mark(user_id), True, timeout=seconds)
    except Exception:  # noqa: BLE001 - no cache: queue without coalescing
        logger.warning("Could not reach the cache to coalesce recomputes of user %s", user_id)
        return True


def recompute_mark_clear(user_id: int) -> None:
    try:
        cache.delete(_recompute_mark(user_id))
    except Exception:  # noqa: BLE001 - the mark expires on its own
        logger.warning("Could not clear the recompute mark of user %s", user_id)


# Selectors and feedback ------------------------------------------------------------------


def recommendation_list(*, user, limit: int | None = None) -> list[Recommendation]:
    """The user's stored recommendations, best first; computed now if there are none yet."""
    if not CoachingState.objects.filter(user=user).exists():
        recommendations_recompute(user=user)
    recommendations = Recommendation.objects.filter(user=user)
    return list(recommendations[:limit] if limit else recommendations)


def recommendation_get(*, user, recommendation_id: int) -> Recommendation:
    """The user's recommendation with this id; Recommendation.DoesNotExist for anyone else's."""
    return Recommendation.objects.get(user=user, id=recommendation_id)


def stored_insights(*, user) -> list[Insight]:
    """The insights of the user's last recompute (computed now if there is none)."""
    state = CoachingState.objects.filter(user=user).first()
    if state is None:
        recommendations_recompute(user=user)
        state = CoachingState.objects.get(user=user)
    return [Insight.from_dict(data) for data in state.insights]


@transaction.atomic
def feedback_give(*, user, tip: str, verdict: str) -> TipFeedback:
    """Record the user's verdict on a tip (the latest one counts) and re-rank at once, so the
    next page shows the change. ValidationError names a bad `tip` or `verdict`."""
    if tip not in TIPS_BY_CODE:
        raise ValidationError({"tip": _("No such tip.")})
    if verdict not in TipFeedback.Verdict.values:
        raise ValidationError({"verdict": _("Choose helpful, done or not for me.")})
    feedback, _created = TipFeedback.objects.update_or_create(
        user=user, tip=tip, defaults={"verdict": verdict, "updated_at": timezone.now()}
    )
    recommendations_recompute(user=user)
    return feedback


def feedback_current(*, user, tip: str) -> str | None:
    """The user's verdict on a tip now, or None."""
    return TipFeedback.objects.filter(user=user, tip=tip).values_list("verdict", flat=True).first()


@transaction.atomic
def feedback_restore(*, user, tip: str, verdict: str | None) -> None:
    """Undo: put the user's verdict on a tip back to what it was (None: no verdict)."""
    if tip not in TIPS_BY_CODE:
        raise ValidationError({"tip": _("No such tip.")})
    if verdict is None:
        TipFeedback.objects.filter(user=user, tip=tip).delete()
    elif verdict not in TipFeedback.Verdict.values:
        raise ValidationError({"verdict": _("Choose helpful, done or not for me.")})
    else:
        TipFeedback.objects.update_or_create(
            user=user, tip=tip, defaults={"verdict": verdict, "updated_at": timezone.now()}
        )
    recommendations_recompute(user=user)


# Presenting ------------------------------------------------------------------------------


def reason_text(reason: dict) -> str:
    """One reason in the active language."""
    kind = reason["kind"]
    if kind == "theme":
        return ngettext(
            "“%(theme)s” was in %(count)s of your last %(of)s session.",
            "“%(theme)s” was in %(count)s of your last %(of)s sessions.",
            reason["of"],
        ) % {"theme": THEME_NAMES[reason["theme"]], "count": reason["count"], "of": reason["of"]}
    if kind == "short_sleep":
        return ngettext(
            "%(count)s of your last %(of)s check-in had under %(hours)s hours of sleep.",
            "%(count)s of your last %(of)s check-ins had under %(hours)s hours of sleep.",
            reason["of"],
        ) % {"count": reason["count"], "of": reason["of"], "hours": SLEEP_ENOUGH_HOURS}
    if kind == "no_goal":
        return ngettext(
            "%(count)s of your last %(of)s session had no stated goal.",
            "%(count)s of your last %(of)s sessions had no stated goal.",
            reason["of"],
        ) % {"count": reason["count"], "of": reason["of"]}
    if kind == "insight":
        return Insight.from_dict(reason["insight"]).sentence()
    if kind == "helpful":
        return _("You marked this tip helpful.")
    raise ValueError(f"unknown reason kind {kind!r}")


def present(recommendation: Recommendation) -> dict:
    """A recommendation as pages and the API show it, in the active language."""
    tip = TIPS_BY_CODE[recommendation.tip]
    return {
        "id": recommendation.id,
        "rank": recommendation.rank,
        "tip": tip.code,
        "family": tip.family,
        "family_name": FAMILIES[tip.family].title(),
        "title": tip.title(),
        "action": tip.action(),
        "why": [reason_text(reason) for reason in recommendation.reasons],
        "score": recommendation.score,
        "computed_at": recommendation.computed_at,
    }

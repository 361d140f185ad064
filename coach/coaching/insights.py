"""Insights: what a user's own sessions show, with honest statistics.

Each insight compares the focus scores of two groups of the user's analysed sessions (after
nights of 7 hours of sleep or more against shorter nights; on meditation days against other
check-in days; on exercise days against other check-in days; the best hour of the day against
the worst; the best session length against the worst; sessions with a stated goal against
those without) or, for the themes, the share of sessions carrying a theme in the last 14 days
against the 14 before.

An insight is *shown* only when both groups hold at least MIN_SESSIONS_PER_GROUP sessions
and the difference is larger than its noise: its 95% interval excludes zero.

- Focus scores: Welch's t interval for a difference of means (unequal variances,
  Welch-Satterthwaite degrees of freedom). It is exact enough for small groups, needs only
  each group's count, sum and sum of squares, and those are summed in the database.
- Theme shares: the Agresti-Caffo interval for a difference of proportions (one success and
  one failure added to each group, then the normal interval). It behaves well when a theme is
  in none or all of a window's sessions, where the plain interval collapses to zero width.
- When an insight is chosen as the most extreme of several comparisons (best and worst of
  24 hours, of 5 lengths, and any of the 8 themes' trends), the level is Bonferroni-corrected
  for the number of comparisons, so picking the extremes does not manufacture a finding.

`strength` is |t| over the critical value: above 1 the difference is beyond its noise, and
the larger it is the clearer. Sentences say what happened "in your sessions", never that one
thing causes another. docs/coaching.md explains all of this to users.
"""

import math
import zoneinfo
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from statistics import NormalDist

from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Sum,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coach.localtime import FocusedSeconds, LocalDate, LocalHour, LocalTime
from coach.models import CheckIn, SessionLabel, StudySession
from coach.themes import THEME_NAMES

# A group smaller than this says too little about a person's sessions to be shown.
MIN_SESSIONS_PER_GROUP = 5
CONFIDENCE = 0.95
SLEEP_ENOUGH_HOURS = 7
TREND_DAYS = 14
# Session lengths in focused minutes: [lower, upper) bounds, the last one open.
LENGTH_BUCKETS = ((0, 25), (25, 45), (45, 60), (60, 90), (90, None))


# Statistics ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """A group of values known by count, sum and sum of squares (what SQL can add up)."""

    n: int = 0
    total: float = 0.0
    total_sq: float = 0.0

    def __add__(self, other: "Group") -> "Group":
        return Group(self.n + other.n, self.total + other.total, self.total_sq + other.total_sq)

    @property
    def mean(self) -> float:
        return self.total / self.n if self.n else 0.0

    @property
    def variance(self) -> float:
        """The sample variance (n - 1 in the denominator)."""
        if self.n < 2:
            return 0.0
        return max(0.0, (self.total_sq - self.total * self.total / self.n) / (self.n - 1))


@dataclass(frozen=True)
class Comparison:
    difference: float  # mean of a minus mean of b
    low: float
    high: float
    strength: float  # |difference| / half-width of the interval: above 1 excludes zero


def _incomplete_beta(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b), by Lentz's continued fraction."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    if x > (a + 1) / (a + b + 2):
        return 1.0 - _incomplete_beta(b, a, 1.0 - x)
    front = math.exp(
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    result = d
    for m in range(1, 300):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            result *= c * d
        if abs(c * d - 1.0) < 1e-12:
            break
    return front * result / a


def t_tail(t: float, df: float) -> float:
    """P(T > t) for Student's t with `df` degrees of freedom, t >= 0."""
    return 0.5 * _incomplete_beta(df / 2, 0.5, df / (df + t * t))


def t_critical(df: float, alpha: float) -> float:
    """The t with P(|T| > t) = alpha, found by bisection on the exact tail."""
    low, high = 0.0, 1.0
    while t_tail(high, df) > alpha / 2:
        high *= 2
    for _step in range(60):
        middle = (low + high) / 2
        if t_tail(middle, df) > alpha / 2:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def welch(a: Group, b: Group, *, comparisons: int = 1) -> Comparison | None:
    """Welch's interval for mean(a) - mean(b) at CONFIDENCE, Bonferroni-corrected for
    `comparisons`; None when either group has fewer than two values."""
    if a.n < 2 or b.n < 2:
        return None
    va, vb = a.variance / a.n, b.variance / b.n
    difference = a.mean - b.mean
    se = math.sqrt(va + vb)
    if se == 0:
        # Both groups constant: any difference at all is beyond noise, none is not.
        return Comparison(difference, difference, difference, math.inf if difference else 0.0)
    df = (va + vb) ** 2 / (va**2 / (a.n - 1) + vb**2 / (b.n - 1))
    half = t_critical(df, (1 - CONFIDENCE) / comparisons) * se
    return Comparison(difference, difference - half, difference + half, abs(difference) / half)


def proportion_difference(a: Group, b: Group, *, comparisons: int = 1) -> Comparison | None:
    """Agresti-Caffo interval for share(a) - share(b) of 0/1 values, Bonferroni-corrected."""
    if a.n < 1 or b.n < 1:
        return None
    pa, pb = (a.total + 1) / (a.n + 2), (b.total + 1) / (b.n + 2)
    se = math.sqrt(pa * (1 - pa) / (a.n + 2) + pb * (1 - pb) / (b.n + 2))
    difference = a.mean - b.mean
    half = NormalDist().inv_cdf(1 - (1 - CONFIDENCE) / comparisons / 2) * se
    adjusted = pa - pb
    # A difference of shares lies within -1 and 1; the normal interval can reach past them.
    low, high = max(adjusted - half, -1.0), min(adjusted + half, 1.0)
    return Comparison(difference, low, high, abs(adjusted) / half)


# Insights --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Insight:
    """One comparison in a user's sessions: group a against group b.

    `a` and `b` name the groups (an hour, a length bucket, a window: see `sentence`); means
    are focus scores, or for `trend` the share of sessions carrying `theme`. `shown` is False
    with `reason` "too_few" (a group under MIN_SESSIONS_PER_GROUP) or "within_noise"."""

    kind: str
    a_n: int
    a_mean: float
    b_n: int
    b_mean: float
    a: int = 0
    b: int = 0
    theme: str = ""
    difference: float = 0.0
    low: float = 0.0
    high: float = 0.0
    strength: float = 0.0
    shown: bool = False
    reason: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.theme}" if self.theme else self.kind

    @property
    def effect(self) -> float:
        """Size of the effect on a 0-1 scale, for ranking: 20 score points, or a theme's share
        changing by half, count as the largest."""
        if self.kind == "trend":
            return min(abs(self.difference) / 0.5, 1.0)
        return min(abs(self.difference) / 20.0, 1.0)

    def as_dict(self) -> dict:
        data = asdict(self)
        # JSON has no infinity; a finite stand-in keeps the order of strengths.
        data["strength"] = min(self.strength, 1e6)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Insight":
        return cls(**data)

    def title(self) -> str:
        """A short name for the comparison, in the active language."""
        titles = {
            "sleep": _("Sleep"),
            "meditation": _("Meditation"),
            "exercise": _("Exercise"),
            "goal": _("Stated goal"),
            "hour": _("Hour of day"),
            "length": _("Session length"),
        }
        if self.kind == "trend":
            return _("Trend of “%(theme)s”") % {"theme": THEME_NAMES[self.theme]}
        return titles[self.kind]

    def sentence(self) -> str:
        """The insight in the active language, with its numbers; never causal."""
        values = {
            "a_mean": f"{self.a_mean:.0f}",
            "b_mean": f"{self.b_mean:.0f}",
            "a_n": self.a_n,
            "b_n": self.b_n,
            "hours": SLEEP_ENOUGH_HOURS,
        }
        if self.kind == "sleep":
            return (
                _(
                    "In your sessions after nights of %(hours)s hours of sleep or more, your focus "
                    "averaged %(a_mean)s (%(a_n)s sessions); after shorter nights, %(b_mean)s "
                    "(%(b_n)s sessions)."
                )
                % values
            )
        if self.kind == "meditation":
            return (
                _(
                    "In your sessions on days you meditated, your focus averaged %(a_mean)s "
                    "(%(a_n)s sessions); on other days you checked in, %(b_mean)s (%(b_n)s sessions)."
                )
                % values
            )
        if self.kind == "exercise":
            return (
                _(
                    "In your sessions on days you exercised, your focus averaged %(a_mean)s "
                    "(%(a_n)s sessions); on other days you checked in, %(b_mean)s (%(b_n)s sessions)."
                )
                % values
            )
        if self.kind == "goal":
            return (
                _(
                    "In your sessions with a stated goal, your focus averaged %(a_mean)s "
                    "(%(a_n)s sessions); without one, %(b_mean)s (%(b_n)s sessions)."
                )
                % values
            )
        if self.kind == "hour":
            return _(
                "In your sessions started at %(a)s:00, your focus averaged %(a_mean)s "
                "(%(a_n)s sessions); at %(b)s:00, %(b_mean)s (%(b_n)s sessions)."
            ) % {**values, "a": f"{self.a:02d}", "b": f"{self.b:02d}"}
        if self.kind == "length":
            return _(
                "In your sessions of %(a)s focused minutes, your focus averaged %(a_mean)s "
                "(%(a_n)s sessions); in those of %(b)s minutes, %(b_mean)s (%(b_n)s sessions)."
            ) % {**values, "a": length_label(self.a), "b": length_label(self.b)}
        if self.kind == "trend":
            counts = {
                "theme": THEME_NAMES[self.theme],
                "a_k": round(self.a_mean * self.a_n),
                "a_n": self.a_n,
                "b_k": round(self.b_mean * self.b_n),
                "b_n": self.b_n,
                "days": TREND_DAYS,
            }
            return (
                _(
                    "“%(theme)s” was in %(a_k)s of your %(a_n)s sessions in the last %(days)s days, "
                    "against %(b_k)s of %(b_n)s in the %(days)s days before."
                )
                % counts
            )
        raise ValueError(f"unknown insight kind {self.kind!r}")

    def effect_text(self) -> str:
        """The difference and its interval, in the active language."""
        if self.kind == "trend":
            return _("Change: %(d)s percentage points (likely between %(low)s and %(high)s).") % {
                "d": f"{self.difference * 100:+.0f}",
                "low": f"{self.low * 100:+.0f}",
                "high": f"{self.high * 100:+.0f}",
            }
        return _("Difference: %(d)s points (likely between %(low)s and %(high)s).") % {
            "d": f"{self.difference:+.0f}",
            "low": f"{self.low:+.0f}",
            "high": f"{self.high:+.0f}",
        }

    def status_text(self) -> str:
        """Why an insight is not shown, in the active language."""
        if self.reason == "too_few":
            return ngettext(
                "Not enough sessions yet: each group needs at least %(min)s session (now %(a)s and %(b)s).",
                "Not enough sessions yet: each group needs at least %(min)s sessions (now %(a)s and %(b)s).",
                MIN_SESSIONS_PER_GROUP,
            ) % {"min": MIN_SESSIONS_PER_GROUP, "a": self.a_n, "b": self.b_n}
        return _("The difference so far is within the noise; no conclusion yet.")


def length_label(bucket: int) -> str:
    low, high = LENGTH_BUCKETS[bucket]
    return f"{low}–{high}" if high else f"{low}+"


def _compare(kind: str, first: Group, second: Group, *, comparisons: int = 1, **names) -> Insight:
    base = {
        "kind": kind,
        "a_n": first.n,
        "a_mean": round(first.mean, 4),
        "b_n": second.n,
        "b_mean": round(second.mean, 4),
        **names,
    }
    if min(first.n, second.n) < MIN_SESSIONS_PER_GROUP:
        return Insight(**base, reason="too_few")
    test = proportion_difference if kind == "trend" else welch
    result = test(first, second, comparisons=comparisons)
    if result is None:
        return Insight(**base, reason="too_few")
    shown = result.strength > 1
    return Insight(
        **base,
        difference=round(result.difference, 4),
        low=round(result.low, 4),
        high=round(result.high, 4),
        strength=round(result.strength, 4) if math.isfinite(result.strength) else result.strength,
        shown=shown,
        reason="" if shown else "within_noise",
    )


def _extremes(kind: str, groups: dict[int, Group]) -> Insight:
    """Best against worst of the groups big enough, corrected for every pair among them."""
    eligible = {key: group for key, group in groups.items() if group.n >= MIN_SESSIONS_PER_GROUP}
    if len(eligible) < 2:
        # Not enough to compare: report the two largest groups and how small they are.
        (a_key, a), (b_key, b) = (
            [*sorted(groups.items(), key=lambda item: -item[1].n), (0, Group()), (0, Group())]
        )[:2]
        return _compare(kind, a, b, a=a_key, b=b_key)
    best = max(eligible, key=lambda key: (eligible[key].mean, -key))
    worst = min(eligible, key=lambda key: (eligible[key].mean, key))
    pairs = len(eligible) * (len(eligible) - 1) // 2
    return _compare(kind, eligible[best], eligible[worst], comparisons=pairs, a=best, b=worst)


# Reading the user's data -----------------------------------------------------------------


def user_zone(user) -> zoneinfo.ZoneInfo:
    """The user's time zone, from their profile (UTC without one)."""
    profile = getattr(user, "profile", None)
    return zoneinfo.ZoneInfo(profile.time_zone if profile else "UTC")


SCORE = F("analysis__focus_score")
SCORE_SQ = ExpressionWrapper(
    F("analysis__focus_score") * F("analysis__focus_score"), output_field=FloatField()
)


def analysed_sessions(*, user, until: datetime | None = None):
    """The user's sessions whose current revision has been analysed (started before `until`)."""
    sessions = StudySession.objects.filter(user=user, analysis_status=StudySession.AnalysisStatus.DONE)
    return sessions.filter(started_at__lt=until) if until else sessions


def scored_sessions(*, user, until: datetime | None = None):
    """The analysed sessions that have a focus score: every comparison of scores is over
    these (a session that says too little has none, docs/focus-score.md)."""
    return analysed_sessions(user=user, until=until).filter(analysis__focus_score__isnull=False)


@dataclass
class RecentSessions:
    """The user's last sessions and the last 2 x TREND_DAYS days, for trends and ranking."""

    last: list[dict]  # the newest RECENT first: {id, started_at, goal, themes}
    window: list[dict]  # every session of the last 2 x TREND_DAYS days, same shape
    now: datetime


RECENT = 10


def recent_sessions(*, user, until: datetime | None = None) -> RecentSessions:
    now = until or timezone.now()
    sessions = analysed_sessions(user=user, until=now)
    since = now - timedelta(days=2 * TREND_DAYS)
    rows = {
        row["id"]: {**row, "themes": set()}
        for row in sessions.filter(started_at__gte=since).values("id", "started_at", "goal")
    }
    last_ids = sorted(rows, key=lambda i: rows[i]["started_at"], reverse=True)[:RECENT]
    if len(last_ids) < RECENT:
        # Fewer sessions in the window than the recent count: reach back beyond it.
        older = (
            sessions.filter(started_at__lt=since).order_by("-started_at").values("id", "started_at", "goal")
        )
        extra = {row["id"]: {**row, "themes": set()} for row in older[: RECENT - len(last_ids)]}
    else:
        extra = {}
    wanted = {**rows, **extra}
    for session_id, theme in SessionLabel.objects.filter(session_id__in=list(wanted)).values_list(
        "session_id", "theme"
    ):
        wanted[session_id]["themes"].add(theme)
    last = [wanted[i] for i in last_ids] + list(extra.values())
    return RecentSessions(last=last, window=list(rows.values()), now=now)


@dataclass
class SessionGroups:
    """Focus scores of the user's analysed sessions, grouped four ways."""

    by_day: dict[date, Group]
    by_hour: dict[int, Group]
    by_length: dict[int, Group]
    by_goal: dict[bool, Group]


def session_groups(*, sessions, zone, until: datetime) -> SessionGroups:
    """The sessions' count, sum and sum of squares of scores per local day, and per hour,
    length bucket and goal stated or not, summed in the database by two queries: one per
    day (joined to check-ins, at most one row a day) and one for the other three keys
    together (at most 24 x 5 x 2 rows), which Python then adds up key by key."""
    first = sessions.order_by("started_at").values_list("started_at", flat=True).first()
    groups = SessionGroups({}, {}, {}, {})
    if first is None:
        return groups
    local = LocalTime(zone=zone, since=first - timedelta(days=1), until=until + timedelta(days=1))
    sums = {"n": Count("id"), "s": Sum(SCORE), "ss": Sum(SCORE_SQ)}
    for day, n, total, total_sq in (
        sessions.annotate(day=LocalDate(local)).values_list("day").annotate(**sums).order_by()
    ):
        groups.by_day[day] = Group(n, total or 0.0, total_sq or 0.0)
    bucket = Case(
        *[
            When(focused__lt=high * 60, then=index)
            for index, (_low, high) in enumerate(LENGTH_BUCKETS)
            if high is not None
        ],
        default=len(LENGTH_BUCKETS) - 1,
    )
    rows = (
        sessions.annotate(focused=FocusedSeconds())
        .annotate(
            hour=LocalHour(local),
            bucket=bucket,
            stated=Case(When(goal="", then=Value(False)), default=Value(True)),
        )
        .values_list("hour", "bucket", "stated")
        .annotate(**sums)
        .order_by()
    )
    for hour, length, stated, n, total, total_sq in rows:
        group = Group(n, total or 0.0, total_sq or 0.0)
        for grouping, key in ((groups.by_hour, hour), (groups.by_length, length), (groups.by_goal, stated)):
            grouping[key] = grouping[key] + group if key in grouping else group
    return groups


def _habit_insights(*, user, by_day: dict[date, Group]) -> list[Insight]:
    """Sleep, meditation and exercise: each day's sessions joined to that day's check-in (a
    user has one check-in a day, far fewer than sessions)."""
    habits = {
        "slept": Group(),
        "short": Group(),
        "meditated": Group(),
        "calm": Group(),
        "moved": Group(),
        "still": Group(),
    }
    checkins = CheckIn.objects.filter(user=user) if by_day else CheckIn.objects.none()
    for day, hours, meditation, exercise in checkins.values_list(
        "day", "hours_slept", "meditation_minutes", "exercise_minutes"
    ):
        if day not in by_day:
            continue
        for yes, no, happened in (
            ("slept", "short", hours >= SLEEP_ENOUGH_HOURS),
            ("meditated", "calm", meditation > 0),
            ("moved", "still", exercise > 0),
        ):
            name = yes if happened else no
            habits[name] = habits[name] + by_day[day]
    return [
        _compare("sleep", habits["slept"], habits["short"]),
        _compare("meditation", habits["meditated"], habits["calm"]),
        _compare("exercise", habits["moved"], habits["still"]),
    ]


def trend_insights(recent: RecentSessions) -> list[Insight]:
    """Each theme's share of sessions in the last TREND_DAYS days against the days before."""
    from ml import THEMES

    middle = recent.now - timedelta(days=TREND_DAYS)
    latest = [row for row in recent.window if row["started_at"] >= middle]
    before = [row for row in recent.window if row["started_at"] < middle]
    insights = []
    for theme in THEMES:
        a = sum(theme in row["themes"] for row in latest)
        b = sum(theme in row["themes"] for row in before)
        insights.append(
            _compare(
                "trend",
                Group(len(latest), a, a),
                Group(len(before), b, b),
                comparisons=len(THEMES),
                theme=theme,
            )
        )
    return insights


def insights_for(
    *, user, until: datetime | None = None, recent: RecentSessions | None = None
) -> list[Insight]:
    """Every comparison for the user, the shown ones first, strongest first, then the rest.

    `until` limits the data to sessions started before it (the weekly digest looks at a past
    week); `recent` passes rows already read by the caller."""
    now = until or timezone.now()
    recent = recent or recent_sessions(user=user, until=now)
    groups = session_groups(sessions=scored_sessions(user=user, until=until), zone=user_zone(user), until=now)
    insights = [
        *_habit_insights(user=user, by_day=groups.by_day),
        _extremes("hour", groups.by_hour),
        _extremes("length", groups.by_length),
        _compare("goal", groups.by_goal.get(True, Group()), groups.by_goal.get(False, Group())),
        *trend_insights(recent),
    ]
    return sorted(insights, key=lambda insight: (not insight.shown, -insight.strength))


def shown(insights: list[Insight]) -> list[Insight]:
    return [insight for insight in insights if insight.shown]

"""The focus score: one number from 0 to 100 for a session, with its breakdown, or no
number when the session says too little to be scored.

docs/focus-score.md is the rule as users read it. A score needs a reading of how focused
the session was: the journal (read by the classifier) or the user's own rating. The facts
(interruptions, the plan, the goal) refine that reading but cannot stand in for it: a
three-second timer with no interruptions is not a perfect session. Parts that are missing
are left out and the weights of the others scaled up to sum to one; nothing is guessed.
"""

from dataclasses import asdict, dataclass, field

# Relative weights of the components when all are present. The model's reading of the
# journal and the person's own rating carry most of the score; the facts refine it.
WEIGHTS = {
    "text_focus": 0.35,
    "self_rating": 0.25,
    "interruptions": 0.20,
    "time_on_plan": 0.10,
    "goal": 0.10,
}
# The parts that say how focused the session felt; at least one is needed for a score.
READINGS = ("text_focus", "self_rating")
# Less focused time than this is too little to say anything about focus.
MIN_FOCUSED_MINUTES = 1.0
# Interruptions per hour at which that component halves: two an hour is a broken session.
HALF_SCORE_INTERRUPTIONS_PER_HOUR = 2.0
# Short sessions count as at least a quarter hour, so one interruption in five minutes is
# not read as twelve an hour.
MIN_HOURS_FOR_RATE = 0.25

# Why a session has no score.
NO_READING = "no_reading"
TOO_SHORT = "too_short"


@dataclass(frozen=True)
class Component:
    name: str
    value: float  # 0 to 100
    weight: float  # share of the score, the present components' weights sum to 1
    contribution: float  # value * weight, the points this component adds
    measure: dict = field(default_factory=dict)  # the quantity itself, in its own units


@dataclass(frozen=True)
class ScoreBreakdown:
    score: float | None  # None: not enough to score, `unscored_reason` says why
    components: list[Component]
    missing: list[str]  # the components this session has no information for
    unscored_reason: str = ""

    def as_dict(self) -> dict:
        return {
            "score": self.score,
            "components": [asdict(c) for c in self.components],
            "missing": self.missing,
            "unscored_reason": self.unscored_reason,
        }


def _scale_1_to_5(value: float) -> float:
    return (min(max(value, 1.0), 5.0) - 1.0) / 4.0 * 100.0


def interruptions_per_hour(*, interruptions: int, focused_minutes: float) -> float:
    hours = max(focused_minutes / 60.0, MIN_HOURS_FOR_RATE)
    return max(interruptions, 0) / hours


def focus_score(
    *,
    text_focus: float | None,
    self_rating: int | None,
    interruptions: int,
    focused_minutes: float,
    planned_minutes: int | None,
    goal_set: bool,
    goal_achieved: bool | None,
) -> ScoreBreakdown:
    """Combine what is known about a session into a 0-100 score and its breakdown.

    Promises (pinned by property tests): a score, when there is one, is within 0 and 100;
    there is one exactly when the session has a reading (journal or rating) and at least a
    minute of focused time; more interruptions never raise it; a higher self-rating never
    lowers it; the same inputs give the same score; a missed goal adds no points.
    """
    values: dict[str, tuple[float, dict]] = {}
    if text_focus is not None:
        values["text_focus"] = (_scale_1_to_5(text_focus), {"rating": round(text_focus, 1)})
    if self_rating is not None:
        values["self_rating"] = (_scale_1_to_5(self_rating), {"rating": self_rating})
    rate = interruptions_per_hour(interruptions=interruptions, focused_minutes=focused_minutes)
    values["interruptions"] = (
        100.0 / (1.0 + rate / HALF_SCORE_INTERRUPTIONS_PER_HOUR),
        {"count": max(interruptions, 0), "per_hour": round(rate, 1)},
    )
    if planned_minutes:
        values["time_on_plan"] = (
            min(max(focused_minutes, 0.0) / planned_minutes, 1.0) * 100.0,
            {"focused_minutes": round(max(focused_minutes, 0.0), 1), "planned_minutes": planned_minutes},
        )
    if goal_set and goal_achieved is not None:
        values["goal"] = (100.0 if goal_achieved else 0.0, {"achieved": goal_achieved})
    missing = [name for name in WEIGHTS if name not in values]

    if not any(name in values for name in READINGS):
        reason = NO_READING
    elif focused_minutes < MIN_FOCUSED_MINUTES:
        reason = TOO_SHORT
    else:
        reason = ""
    total_weight = sum(WEIGHTS[name] for name in values)
    components = [
        Component(
            name=name,
            value=round(value, 2),
            weight=0.0 if reason else round(WEIGHTS[name] / total_weight, 4),
            contribution=0.0 if reason else round(value * WEIGHTS[name] / total_weight, 2),
            measure=measure,
        )
        for name, (value, measure) in values.items()
    ]
    if reason:
        return ScoreBreakdown(score=None, components=components, missing=missing, unscored_reason=reason)
    score = sum(value * WEIGHTS[name] for name, (value, _) in values.items()) / total_weight
    return ScoreBreakdown(score=round(min(max(score, 0.0), 100.0), 1), components=components, missing=missing)

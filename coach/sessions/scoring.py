"""The focus score: one number from 0 to 100 for a session, with its breakdown.

docs/focus-score.md explains the components and weights to users. Missing components
(no journal, no self-rating, no plan, no stated goal) are left out and the weights of the
others are scaled up to sum to one; nothing is guessed.
"""

from dataclasses import asdict, dataclass

# Relative weights of the components when all are present. The model's reading of the
# journal and the person's own rating carry most of the score; the facts refine it.
WEIGHTS = {
    "text_focus": 0.35,
    "self_rating": 0.25,
    "interruptions": 0.20,
    "time_on_plan": 0.10,
    "goal": 0.10,
}
# Interruptions per hour at which that component halves: two an hour is a broken session.
HALF_SCORE_INTERRUPTIONS_PER_HOUR = 2.0
# Short sessions count as at least a quarter hour, so one interruption in five minutes is
# not read as twelve an hour.
MIN_HOURS_FOR_RATE = 0.25
# A goal stated and missed still says the person worked towards something.
GOAL_MISSED_VALUE = 30.0


@dataclass(frozen=True)
class Component:
    name: str
    value: float  # 0 to 100
    weight: float  # share of the score, the present components' weights sum to 1
    contribution: float  # value * weight, the points this component adds


@dataclass(frozen=True)
class ScoreBreakdown:
    score: float
    components: list[Component]

    def as_dict(self) -> dict:
        return {"score": self.score, "components": [asdict(c) for c in self.components]}


def _scale_1_to_5(value: float) -> float:
    return (min(max(value, 1.0), 5.0) - 1.0) / 4.0 * 100.0


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

    Promises (pinned by property tests): the score is within 0 and 100; more interruptions
    never raise it; a higher self-rating never lowers it; the same inputs give the same score.
    """
    values: dict[str, float] = {}
    if text_focus is not None:
        values["text_focus"] = _scale_1_to_5(text_focus)
    if self_rating is not None:
        values["self_rating"] = _scale_1_to_5(self_rating)
    hours = max(focused_minutes / 60.0, MIN_HOURS_FOR_RATE)
    rate = max(interruptions, 0) / hours
    values["interruptions"] = 100.0 / (1.0 + rate / HALF_SCORE_INTERRUPTIONS_PER_HOUR)
    if planned_minutes:
        values["time_on_plan"] = min(max(focused_minutes, 0.0) / planned_minutes, 1.0) * 100.0
    if goal_set and goal_achieved is not None:
        values["goal"] = 100.0 if goal_achieved else GOAL_MISSED_VALUE

    total_weight = sum(WEIGHTS[name] for name in values)
    components = [
        Component(
            name=name,
            value=round(value, 2),
            weight=round(WEIGHTS[name] / total_weight, 4),
            contribution=round(value * WEIGHTS[name] / total_weight, 2),
        )
        for name, value in values.items()
    ]
    score = sum(value * WEIGHTS[name] for name, value in values.items()) / total_weight
    return ScoreBreakdown(score=round(min(max(score, 0.0), 100.0), 1), components=components)

"""The focus score's breakdown as the session page shows it: each part's quantity in its
own units, why the weights are what they are, and what a session without a score lacks.

The numbers come from the stored breakdown (coach/sessions/scoring.py); this module only
puts them into words, in the reader's language."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coach.sessions.scoring import NO_READING, TOO_SHORT, WEIGHTS
from coach.themes import SCORE_PART_NAMES


def quantity_text(name: str, measure: dict) -> str:
    """What a part measured, with its unit: "2.4 interruptions an hour", "42 of 50 planned
    minutes". Empty for a breakdown stored before parts carried their quantity."""
    if not measure:
        return ""
    if name in ("text_focus", "self_rating"):
        return _("%(rating)s of 5") % {"rating": _number(measure["rating"])}
    if name == "interruptions":
        count, rate = measure["count"], measure["per_hour"]
        return ngettext(
            "%(count)d interruption, %(rate)s an hour",
            "%(count)d interruptions, %(rate)s an hour",
            count,
        ) % {"count": count, "rate": _number(rate)}
    if name == "time_on_plan":
        return ngettext(
            "%(focused)s of %(planned)d planned minute",
            "%(focused)s of %(planned)d planned minutes",
            measure["planned_minutes"],
        ) % {"focused": _number(measure["focused_minutes"], digits=0), "planned": measure["planned_minutes"]}
    if name == "goal":
        return _("achieved") if measure["achieved"] else _("not achieved")
    return ""


def part_rows(breakdown: dict) -> list[dict]:
    """One row per part of the score, with its name, quantity, weight and points."""
    return [
        {
            **part,
            "label": SCORE_PART_NAMES[part["name"]],
            "quantity": quantity_text(part["name"], part.get("measure", {})),
            "weight_percent": part["weight"] * 100,
        }
        for part in breakdown.get("components", [])
    ]


MISSING_PART_NAMES = {
    "text_focus": lambda: _("the journal"),
    "self_rating": lambda: _("your own rating"),
    "time_on_plan": lambda: _("a planned length"),
    "goal": lambda: _("a goal and whether you reached it"),
}


def weights_note(breakdown: dict) -> str:
    """Why this session's weights differ from the full set, or "" when every part is there."""
    missing = [name for name in breakdown.get("missing", []) if name in MISSING_PART_NAMES]
    if not missing or breakdown.get("score") is None:
        return ""
    names = ", ".join(str(MISSING_PART_NAMES[name]()) for name in missing)
    full = ", ".join(f"{SCORE_PART_NAMES[name]} {round(weight * 100)}%" for name, weight in WEIGHTS.items())
    return _(
        "Left out, because this session has none: %(missing)s. The parts it has share their "
        "weight; with every part the weights are %(full)s."
    ) % {"missing": names, "full": full}


def unscored_text(breakdown: dict) -> str:
    """Why a session has no score and how to give it one; "" for a scored session."""
    reason = breakdown.get("unscored_reason", "")
    if reason == NO_READING:
        return _(
            "Not enough to score: the score needs a reading of how focused the session was, "
            "from a few lines of journal or your own rating. Edit the session to add either."
        )
    if reason == TOO_SHORT:
        return _("Not enough to score: less than a minute of focused time says nothing about focus.")
    return ""


def _number(value: float, digits: int = 1) -> str:
    text = f"{value:.{digits}f}"
    return text[:-2] if text.endswith(".0") else text

"""How well the classifier reads a user: over the sessions they corrected, how often the
model agreed with them, per theme, before and after their personal calibration, and on the
focus of the text. Counts, never percentages of nothing (docs/corrections.md)."""

from dataclasses import dataclass

from coach.corrections.calibration import MIN_CORRECTIONS, TOO_FEW
from coach.models import PersonalCalibration, SessionCorrection
from coach.themes import THEME_COLOURS, THEME_NAMES


@dataclass(frozen=True)
class ThemeAgreement:
    code: str
    name: str
    colour: str
    sessions: int  # label corrections
    model: int  # of them, where the model's decision on this theme was the user's
    calibrated: int | None  # the same, held out, with the personal calibration; None: not fitted
    adjusted: bool  # the calibration moves this theme's threshold


@dataclass(frozen=True)
class FocusAgreement:
    sessions: int  # corrections of the text focus
    same: int  # of them, where the model's rating, rounded half up, was the user's
    within_one: int  # where it was at most one point off
    mean_difference: float | None  # mean of |model - user|; None without corrections


@dataclass(frozen=True)
class ReadingAgreement:
    label_corrections: int  # all of them; a fit reads those made on the current model
    themes: list[ThemeAgreement]
    focus: FocusAgreement
    calibration: str  # "none" (never fitted), TOO_FEW, NO_GAIN, ENABLED, or "stale" (refit pending)
    min_corrections: int
    model_total: int
    calibrated_total: int | None
    decisions: int  # corrections compared times themes
    compared: int  # the corrections the table counts: all, or those the last fit read


def reading_agreement(*, user) -> ReadingAgreement:
    """The figures of the page "How well the classifier reads you" for `user`."""
    corrections = list(SessionCorrection.objects.filter(session__user=user))
    labelled = [c for c in corrections if c.labels is not None]
    stored = PersonalCalibration.objects.filter(user=user).first()
    latest = max((c.updated_at for c in corrections), default=None)
    if stored is None:
        state = "none" if labelled else TOO_FEW
    elif latest is not None and stored.fitted_at < latest:
        state = "stale"  # a correction came after the last fit; the refit is queued
    else:
        state = stored.reason
    fitted = stored is not None and state not in ("none", "stale", TOO_FEW)
    themes = []
    for code, name in THEME_NAMES.items():
        if fitted:
            # Both columns from the fit, over the corrections it read (those made on the
            # current model's reading).
            row = stored.agreement.get(code, {})
            sessions, model, calibrated = row.get("sessions", 0), row.get("model", 0), row.get("calibrated")
        else:
            sessions = len(labelled)
            model = sum((code in c.model_labels) == (code in c.labels) for c in labelled)
            calibrated = None
        themes.append(
            ThemeAgreement(
                code=code,
                name=name,
                colour=THEME_COLOURS[code],
                sessions=sessions,
                model=model,
                calibrated=calibrated,
                adjusted=fitted and code in stored.offsets,
            )
        )
    rated = [c for c in corrections if c.text_focus is not None and c.model_text_focus is not None]
    differences = [abs(c.model_text_focus - c.text_focus) for c in rated]
    focus = FocusAgreement(
        sessions=len(rated),
        same=sum(int(c.model_text_focus + 0.5) == c.text_focus for c in rated),
        within_one=sum(d <= 1 for d in differences),
        mean_difference=round(sum(differences) / len(differences), 1) if differences else None,
    )
    return ReadingAgreement(
        label_corrections=len(labelled),
        themes=themes,
        focus=focus,
        calibration=state,
        min_corrections=MIN_CORRECTIONS,
        model_total=sum(t.model for t in themes),
        calibrated_total=sum(t.calibrated for t in themes) if fitted else None,
        decisions=sum(t.sessions for t in themes),
        compared=themes[0].sessions,
    )

"""Personal calibration: per-theme threshold offsets over the model's probabilities, fitted
on one user's label corrections and kept only for the themes where it agrees with the user
better on corrections it was not fitted on (docs/corrections.md).

The fit is cross-validated: each correction is predicted by offsets fitted on the others
(leave-one-out up to ten corrections, ten folds beyond), so the agreement reported is that
of sessions the calibration had not seen. A theme's offset is
kept only when, among the held-out corrections where the calibrated and the model's decision
differ, the calibrated one is right significantly more often (one-sided exact sign test,
Bonferroni-corrected over the themes tested). Everything else stays as the model reads it,
so the held-out agreement with the calibration is never below the model's.
"""

import logging
from bisect import bisect_left
from dataclasses import dataclass, field
from math import comb

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from coach import queue
from coach.models import PersonalCalibration, SessionCorrection
from coach.sessions.classifier import get_classifier
from coach.themes import THEME_NAMES

logger = logging.getLogger(__name__)

THEMES = tuple(THEME_NAMES)
# Fewer label corrections than this are not fitted at all: with the sign test below, seven
# held-out wins without a loss (p = 1/128) is the least evidence that can switch a theme on.
MIN_CORRECTIONS = 7
# The most recent corrections the fit reads; a user's habits drift, and leave-one-out over
# this many takes well under a second.
MAX_CORRECTIONS = 200
# Held-out wins are not independent tosses, so the test is looser than it says. At 0.05 a
# user whose corrections are noise got a calibration 6 to 8 % of the time with 20 to 40
# corrections; at 0.01, 0 to 2 % (up to 6 % with 200, where it moved agreement by 0.1 point
# and never down), while seven consistent corrections still switch it on 70 % of the time and
# ten always (benchmarks/calibration_sim.py).
SIGNIFICANCE = 0.01
# Leave-one-out up to this many corrections, k-fold with this many folds beyond: the same
# held-out answer for every correction, at a cost that stays flat for a prolific corrector.
MAX_FOLDS = 10
# Thresholds are kept inside these bounds. A threshold above 1 labels the theme for this
# user never: the model reads "Instagram" with a probability of 1.0, and for someone whose
# phone is their study tool that is never the distraction. It must pass the held-out test
# like any other offset, and the session page still shows what the model read.
LOWEST_THRESHOLD, HIGHEST_THRESHOLD = 0.01, 1.01
# Corrections made within this many seconds are fitted once.
FIT_DELAY_SECONDS = 5.0

TOO_FEW, NO_GAIN, ENABLED = "too_few", "no_gain", "enabled"


@dataclass(frozen=True)
class Example:
    """One label correction: the model's probabilities and labels then, and the user's set."""

    themes: dict[str, float]
    model_labels: list[str]
    labels: list[str]


@dataclass
class CalibrationFit:
    reason: str
    offsets: dict[str, float] = field(default_factory=dict)
    # theme -> {"sessions", "model", "calibrated", "wins", "losses"}: counts over the held-out
    # corrections; "calibrated" is None when there were too few corrections to fit.
    agreement: dict[str, dict] = field(default_factory=dict)

    @property
    def enabled(self) -> bool:
        return self.reason == ENABLED


def apply_offsets(
    themes: dict[str, float], thresholds: dict[str, float], offsets: dict[str, float]
) -> list[str]:
    """The themes whose probability reaches the model's threshold moved by the user's offset."""
    return [t for t in THEMES if themes.get(t, 0.0) >= _bounded(thresholds[t] + offsets.get(t, 0.0))]


def _bounded(threshold: float) -> float:
    return min(max(threshold, LOWEST_THRESHOLD), HIGHEST_THRESHOLD)


def fit_threshold(probabilities: list[float], truths: list[bool], base: float) -> float:
    """The threshold that agrees with the most truths; of equals, the one nearest the base."""
    values = sorted(set(probabilities))
    candidates = {base, values[0] / 2, (values[-1] + HIGHEST_THRESHOLD) / 2}
    candidates |= {(low + high) / 2 for low, high in zip(values, values[1:], strict=False)}
    positives = sorted(p for p, truth in zip(probabilities, truths, strict=True) if truth)
    negatives = sorted(p for p, truth in zip(probabilities, truths, strict=True) if not truth)

    def agreement(threshold: float) -> int:
        # Positives at or above the threshold, and negatives below it.
        return len(positives) - bisect_left(positives, threshold) + bisect_left(negatives, threshold)

    return max((_bounded(c) for c in candidates), key=lambda c: (agreement(c), -abs(c - base)))


def sign_test(wins: int, losses: int) -> float:
    """One-sided exact p-value of at least `wins` successes in wins + losses fair coin tosses."""
    trials = wins + losses
    return sum(comb(trials, k) for k in range(wins, trials + 1)) / 2**trials if trials else 1.0


def fit(examples: list[Example], thresholds: dict[str, float]) -> CalibrationFit:
    """Cross-validate per-theme offsets on the examples and keep those that help held out."""
    count = len(examples)
    agreement = {
        t: {
            "sessions": count,
            "model": sum((t in e.model_labels) == (t in e.labels) for e in examples),
            "calibrated": None,
            "wins": 0,
            "losses": 0,
        }
        for t in THEMES
    }
    if count < MIN_CORRECTIONS:
        return CalibrationFit(reason=TOO_FEW, agreement=agreement)
    folds = min(count, MAX_FOLDS)
    for theme in THEMES:
        probabilities = [e.themes.get(theme, 0.0) for e in examples]
        truths = [theme in e.labels for e in examples]
        held_out_right = 0
        for fold in range(folds):
            others = [j for j in range(count) if j % folds != fold]
            threshold = fit_threshold(
                [probabilities[j] for j in others], [truths[j] for j in others], thresholds[theme]
            )
            for i in range(fold, count, folds):
                calibrated_right = (probabilities[i] >= threshold) == truths[i]
                model_right = (theme in examples[i].model_labels) == truths[i]
                held_out_right += calibrated_right
                agreement[theme]["wins"] += calibrated_right and not model_right
                agreement[theme]["losses"] += model_right and not calibrated_right
        agreement[theme]["held_out"] = held_out_right
    tested = [t for t in THEMES if agreement[t]["wins"] + agreement[t]["losses"]]
    offsets = {}
    for theme in tested:
        row = agreement[theme]
        if row["wins"] > row["losses"] and sign_test(row["wins"], row["losses"]) <= SIGNIFICANCE / len(
            tested
        ):
            threshold = fit_threshold(
                [e.themes.get(theme, 0.0) for e in examples],
                [theme in e.labels for e in examples],
                thresholds[theme],
            )
            offsets[theme] = round(threshold - thresholds[theme], 4)
    for theme, row in agreement.items():
        row["calibrated"] = row.pop("held_out") if theme in offsets else row["model"]
    return CalibrationFit(reason=ENABLED if offsets else NO_GAIN, offsets=offsets, agreement=agreement)


def user_examples(*, user_id: int, model_version: str) -> list[Example]:
    """The user's label corrections made on this model's reading, most recent first, as the
    fit reads them. Probabilities of another model version are on another scale."""
    corrections = SessionCorrection.objects.filter(
        session__user_id=user_id, labels__isnull=False, model_version=model_version
    ).order_by("-updated_at", "-id")[:MAX_CORRECTIONS]
    return [Example(themes=c.model_themes, model_labels=c.model_labels, labels=c.labels) for c in corrections]


def calibration_refit(*, user_id: int) -> PersonalCalibration:
    """Fit the user's calibration on their corrections now and store it, on or off."""
    classifier = get_classifier()
    result = fit(
        user_examples(user_id=user_id, model_version=classifier.model_version), classifier.thresholds
    )
    calibration, _ = PersonalCalibration.objects.update_or_create(
        user_id=user_id,
        defaults={
            "enabled": result.enabled,
            "offsets": result.offsets,
            "corrections": next(iter(result.agreement.values()))["sessions"],
            "agreement": result.agreement,
            "reason": result.reason,
            "model_version": classifier.model_version,
            "fitted_at": timezone.now(),
        },
    )
    logger.info("Calibration of user %s: %s %s", user_id, result.reason, result.offsets)
    return calibration


def queue_refit(*, user_id: int) -> None:
    """Refit in the worker once the transaction commits, coalescing the corrections made
    within FIT_DELAY_SECONDS into one fit. The task clears the mark before it reads."""

    def send():
        try:
            if not cache.add(_refit_mark(user_id), True, timeout=FIT_DELAY_SECONDS + 30):
                return
        except Exception:  # noqa: BLE001 - no cache: queue without coalescing
            logger.warning("Could not reach the cache to coalesce calibration fits of user %s", user_id)
        try:
            queue.send(queue.FIT_CALIBRATION, args=(user_id,), countdown=FIT_DELAY_SECONDS)
        except Exception:  # noqa: BLE001 - the next correction queues it again
            logger.warning("Could not queue the calibration fit of user %s", user_id, exc_info=True)
            refit_mark_clear(user_id)

    transaction.on_commit(send)


def _refit_mark(user_id: int) -> str:
    return f"coach:calibration-queued:{user_id}"


def refit_mark_clear(user_id: int) -> None:
    try:
        cache.delete(_refit_mark(user_id))
    except Exception:  # noqa: BLE001 - the mark expires on its own
        logger.warning("Could not clear the calibration mark of user %s", user_id)

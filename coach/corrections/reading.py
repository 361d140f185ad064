"""A session's reading as the app uses it: the user's correction where there is one, the
analysis otherwise, and the labels a new analysis decides through the user's personal
calibration. The one place these rules live (docs/corrections.md)."""

import hashlib
from dataclasses import dataclass

from coach.corrections.calibration import apply_offsets
from coach.models import PersonalCalibration, SessionCorrection, SessionLabel, StudySession
from coach.sessions.classifier import get_classifier


def journal_digest(journal: str) -> str:
    return hashlib.sha256(journal.encode("utf-8")).hexdigest()


def effective_labels(analysis_labels: list[str] | None, corrected_labels: list[str] | None) -> list[str]:
    """The themes the app counts: the corrected set when the user corrected the labels."""
    return list(corrected_labels) if corrected_labels is not None else list(analysis_labels or [])


def session_correction(session: StudySession) -> SessionCorrection | None:
    try:
        return session.correction
    except SessionCorrection.DoesNotExist:
        return None


def session_labels(session: StudySession) -> list[str]:
    """The session's themes as counted everywhere; empty while it has no current analysis."""
    analysis = session.current_analysis
    if analysis is None:
        return []
    correction = session_correction(session)
    return effective_labels(analysis.labels, correction.labels if correction else None)


def labels_sync(session: StudySession) -> None:
    """Make the session's SessionLabel rows, which the dashboard, insights and digests count,
    match its themes as counted everywhere. While an edit waits for its analysis the rows are
    left alone: the analysis writes them when it is stored."""
    if session.current_analysis is None:
        return
    SessionLabel.objects.filter(session=session).delete()
    SessionLabel.objects.bulk_create(
        SessionLabel(session=session, theme=theme) for theme in session_labels(session)
    )


@dataclass(frozen=True)
class PersonalReading:
    """What an analysis stores for a user: the model's labels, the labels decided (through
    the personal calibration when it is on), the themes counted (the correction's when there
    is one) and the text focus the score uses (the corrected one when there is one)."""

    model_labels: list[str]
    labels: list[str]
    counted_labels: list[str]
    text_focus: float | None


def personal_reading(*, session: StudySession, prediction) -> PersonalReading:
    """The reading of a fresh prediction (None without a journal) for the session's user."""
    model_labels = list(prediction.labels) if prediction else []
    labels = model_labels
    # A calibration applies to the model version it was fitted for: offsets over another
    # model's probabilities would move thresholds on a scale they were not measured on.
    calibration = (
        PersonalCalibration.objects.filter(
            user_id=session.user_id, enabled=True, model_version=prediction.model_version
        ).first()
        if prediction is not None
        else None
    )
    if calibration is not None:
        labels = apply_offsets(prediction.themes, get_classifier().thresholds, calibration.offsets)
    correction = SessionCorrection.objects.filter(session_id=session.id).first()
    text_focus = prediction.focus if prediction else None
    if correction is not None and correction.text_focus is not None:
        text_focus = float(correction.text_focus)
    return PersonalReading(
        model_labels=model_labels,
        labels=labels,
        counted_labels=effective_labels(labels, correction.labels if correction else None),
        text_focus=text_focus,
    )


@dataclass(frozen=True)
class SessionReading:
    """A session's reading as its page shows it: the themes counted, and where each came
    from (the model, the personal calibration, the user's correction)."""

    labels: list[str]  # counted everywhere
    analysis_labels: list[str]  # decided by the analysis: the model's, through the calibration
    model_labels: list[str]  # the model's own, above its thresholds
    calibration_added: list[str]
    calibration_removed: list[str]
    correction: SessionCorrection | None
    text_focus: float | None  # the one scored: the corrected one when there is one
    model_text_focus: float | None

    @property
    def corrected_labels(self) -> bool:
        return self.correction is not None and self.correction.labels is not None

    @property
    def confirmed(self) -> bool:
        """The user corrected the labels to exactly what the analysis had decided."""
        return self.corrected_labels and not self.correction_added and not self.correction_removed

    @property
    def correction_added(self) -> list[str]:
        return [t for t in self.labels if t not in self.analysis_labels] if self.corrected_labels else []

    @property
    def correction_removed(self) -> list[str]:
        return [t for t in self.analysis_labels if t not in self.labels] if self.corrected_labels else []


def session_reading(session: StudySession) -> SessionReading | None:
    """The reading of the session's current analysis; None while it has none."""
    analysis = session.current_analysis
    if analysis is None:
        return None
    correction = session_correction(session)
    corrected_focus = correction.text_focus if correction else None
    return SessionReading(
        labels=effective_labels(analysis.labels, correction.labels if correction else None),
        analysis_labels=list(analysis.labels),
        model_labels=list(analysis.model_labels),
        calibration_added=[t for t in analysis.labels if t not in analysis.model_labels],
        calibration_removed=[t for t in analysis.model_labels if t not in analysis.labels],
        correction=correction,
        text_focus=float(corrected_focus) if corrected_focus is not None else analysis.text_focus,
        model_text_focus=analysis.text_focus,
    )


def applies_to_earlier_text(correction: SessionCorrection, session: StudySession) -> bool:
    return correction.journal_digest != journal_digest(session.journal)

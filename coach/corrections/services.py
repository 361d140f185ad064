"""Correcting a session's reading: saving or removing the user's correction, and what
follows it everywhere the session's themes and focus are used (docs/corrections.md)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coach.coaching import recommendations as coaching
from coach.conflicts import Conflict
from coach.corrections import calibration
from coach.corrections.reading import journal_digest, labels_sync, session_correction
from coach.models import SessionCorrection, StudySession
from coach.realtime import events
from coach.sessions.scoring import focus_score
from coach.themes import THEME_NAMES


def check_labels(labels: list[str] | None) -> list[str] | None:
    """The labels in the model's order; a ValidationError naming `labels` for an unknown or
    repeated theme."""
    if labels is None:
        return None
    unknown = [code for code in labels if code not in THEME_NAMES]
    if unknown:
        raise ValidationError(
            {
                "labels": _("Unknown theme “%(code)s”; the themes are: %(themes)s.")
                % {"code": unknown[0], "themes": ", ".join(THEME_NAMES)}
            }
        )
    if len(set(labels)) != len(labels):
        raise ValidationError({"labels": _("Each theme may be listed once.")})
    return [code for code in THEME_NAMES if code in labels]


@transaction.atomic
def correction_save(
    *, session: StudySession, labels: list[str] | None, text_focus: int | None
) -> SessionCorrection:
    """Store the user's reading of the session (the themes that pulled their focus, the focus
    the journal shows, or both; None leaves that part as the model read it) beside the
    model's current one, and use it from now on. Raises a ValidationError naming the field,
    or a Conflict while the session has no analysis of its current journal; nothing changes."""
    labels = check_labels(labels)
    if labels is None and text_focus is None:
        raise ValidationError({"non_field_errors": _("Correct the themes, the focus or both.")})
    if text_focus is not None and not 1 <= text_focus <= 5:
        raise ValidationError({"text_focus": _("The focus is rated from 1 to 5.")})
    session = StudySession.objects.select_for_update().get(id=session.id)
    analysis = (
        session.current_analysis if session.analysis_status == StudySession.AnalysisStatus.DONE else None
    )
    if analysis is None:
        raise Conflict(
            {"session": _("This session is still being analysed; correct it once its reading is shown.")}
        )
    if not session.journal.strip():
        raise Conflict({"session": _("This session has no journal, so there is no reading to correct.")})
    correction, _created = SessionCorrection.objects.update_or_create(
        session=session,
        defaults={
            "revision": session.revision,
            "journal_digest": journal_digest(session.journal),
            "labels": labels,
            "text_focus": text_focus,
            "model_labels": analysis.model_labels,
            "model_themes": analysis.themes,
            "model_text_focus": analysis.text_focus,
            "model_version": analysis.model_version,
        },
    )
    _apply(session)
    return correction


@transaction.atomic
def correction_delete(*, session: StudySession) -> bool:
    """Go back to the model's reading of the session. False when there was no correction."""
    session = StudySession.objects.select_for_update().get(id=session.id)
    deleted, _rows = SessionCorrection.objects.filter(session=session).delete()
    if deleted:
        _apply(session)
    return bool(deleted)


def _apply(session: StudySession) -> None:
    """After a correction changed: recount the themes, rescore, tell the pages, recompute
    the coach and refit the user's calibration."""
    labels_sync(session)
    _rescore(session)
    events.publish_safely(user_id=session.user_id, event=events.session_event("session.corrected", session))
    coaching.queue_recompute(user_id=session.user_id)
    calibration.queue_refit(user_id=session.user_id)


def _rescore(session: StudySession) -> None:
    """The focus score again, with the corrected text focus when there is one."""
    analysis = session.current_analysis
    if analysis is None:
        return
    correction = session_correction(session)
    corrected = correction.text_focus if correction else None
    breakdown = focus_score(
        text_focus=float(corrected) if corrected is not None else analysis.text_focus,
        self_rating=session.self_rating,
        interruptions=session.interruptions,
        focused_minutes=session.focused_minutes,
        planned_minutes=session.planned_minutes,
        goal_set=bool(session.goal),
        goal_achieved=session.goal_achieved,
    )
    analysis.focus_score = breakdown.score
    analysis.score_breakdown = breakdown.as_dict()
    analysis.save(update_fields=["focus_score", "score_breakdown"])

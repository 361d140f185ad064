from datetime import timedelta

import pytest
from django.utils import timezone

from coach.models import SessionAnalysis, SessionLabel
from coach.themes import THEME_NAMES
from tests.factories import StudySessionFactory

THEMES = tuple(THEME_NAMES)


def read_session(
    *, user, labels=(), themes=None, text_focus=3.0, score=60.0, days_ago=1, model_version="test", **fields
):
    """A session with a stored analysis in which the model read `labels` (with the
    probabilities `themes`, by default 0.9 for each label and 0.05 for the rest)."""
    started_at = timezone.now() - timedelta(days=days_ago, hours=1)
    session = StudySessionFactory(
        user=user,
        started_at=started_at,
        ended_at=started_at + timedelta(minutes=50),
        analysis_status="done",
        **{"journal": "Phone buzzed all afternoon; I kept answering messages.", **fields},
    )
    SessionAnalysis.objects.create(
        session=session,
        revision=session.revision,
        themes=themes or {theme: (0.9 if theme in labels else 0.05) for theme in THEMES},
        labels=list(labels),
        model_labels=list(labels),
        text_focus=text_focus,
        attention={theme: [] for theme in THEMES},
        focus_score=score,
        score_breakdown={"score": score, "components": []},
        model_version=model_version,
        analysed_at=started_at + timedelta(minutes=51),
        duration_ms=5,
    )
    SessionLabel.objects.bulk_create(SessionLabel(session=session, theme=theme) for theme in labels)
    return session


@pytest.fixture
def no_refit(monkeypatch):
    """Corrections without the calibration fit that follows them, for tests about the rest."""
    monkeypatch.setattr("coach.corrections.calibration.queue_refit", lambda **kwargs: None)

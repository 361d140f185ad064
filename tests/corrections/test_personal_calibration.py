"""The personal calibration: fitted on a user's own corrections once there are enough,
switched on only where it agrees with them better on corrections it was not fitted on, and
then applied to their new analyses, visibly."""

import random
from unittest import mock

import pytest
from django.core.cache import cache

from coach.corrections import calibration
from coach.corrections.calibration import MIN_CORRECTIONS, Example, fit
from coach.corrections.services import correction_save
from coach.models import PersonalCalibration, SessionLabel
from coach.sessions import analysis
from coach.sessions.classifier import get_classifier
from tests.corrections.conftest import THEMES, read_session
from tests.factories import StudySessionFactory

THRESHOLDS = {theme: 0.5 for theme in THEMES}


def phone_remover(count: int, seed: int = 1) -> list[Example]:
    """A user for whom the phone the model reads is never the distraction."""
    rng = random.Random(seed)
    examples = []
    for _ in range(count):
        themes = {theme: rng.random() * 0.3 for theme in THEMES}
        themes["digital"] = 0.7 + rng.random() * 0.3
        examples.append(Example(themes=themes, model_labels=["digital"], labels=[]))
    return examples


def noisy_corrector(count: int, seed: int) -> list[Example]:
    """A user whose corrections have nothing to do with what the journal says."""
    rng = random.Random(seed)
    examples = []
    for _ in range(count):
        themes = {theme: rng.random() for theme in THEMES}
        model = [t for t in THEMES if themes[t] >= THRESHOLDS[t]]
        examples.append(
            Example(themes=themes, model_labels=model, labels=[t for t in THEMES if rng.random() < 0.5])
        )
    return examples


def test_too_few_corrections_are_not_fitted():
    result = fit(phone_remover(MIN_CORRECTIONS - 1), THRESHOLDS)

    assert result.reason == calibration.TOO_FEW
    assert result.offsets == {}
    assert result.agreement["digital"] == {
        "sessions": MIN_CORRECTIONS - 1,
        "model": 0,
        "calibrated": None,
        "wins": 0,
        "losses": 0,
    }


def test_a_user_who_always_removes_a_theme_gets_it_set_aside():
    result = fit(phone_remover(12), THRESHOLDS)

    assert result.enabled
    assert set(result.offsets) == {"digital"}
    assert result.agreement["digital"]["model"] == 0
    # Held out, a session whose phone reads stronger than every other one may still be labelled.
    assert result.agreement["digital"]["calibrated"] >= 11
    assert result.agreement["people"]["calibrated"] == result.agreement["people"]["model"] == 12
    assert (
        calibration.apply_offsets({**dict.fromkeys(THEMES, 0.0), "digital": 0.95}, THRESHOLDS, result.offsets)
        == []
    )


@pytest.mark.parametrize("seed", range(5))
def test_a_user_whose_corrections_are_noise_keeps_the_model_as_it_is(seed):
    result = fit(noisy_corrector(30, seed), THRESHOLDS)

    assert result.reason == calibration.NO_GAIN
    assert result.offsets == {}
    assert all(row["calibrated"] == row["model"] for row in result.agreement.values())


def test_the_calibration_never_agrees_less_than_the_model_on_held_out_corrections():
    for seed in range(20):
        examples = phone_remover(8, seed) + noisy_corrector(8, seed)
        result = fit(examples, THRESHOLDS)
        for row in result.agreement.values():
            assert row["calibrated"] >= row["model"]


def corrected_phone_sessions(user, count: int) -> None:
    for day in range(count):
        session = read_session(
            user=user,
            labels=["digital"],
            themes={**dict.fromkeys(THEMES, 0.01), "digital": 1.0},
            model_version=get_classifier().model_version,
            days_ago=day + 1,
        )
        correction_save(session=session, labels=[], text_focus=None)


def test_corrections_queue_one_fit_of_the_calibration(alice, django_capture_on_commit_callbacks):
    cache.delete(f"coach:calibration-queued:{alice.id}")
    with mock.patch("coach.queue.send") as send, django_capture_on_commit_callbacks(execute=True):
        corrected_phone_sessions(alice, 3)

    fits = [call for call in send.call_args_list if call.args[0] == "coach.tasks.fit_calibration"]
    assert len(fits) == 1
    assert fits[0].kwargs["args"] == (alice.id,)


def test_the_fit_with_too_few_corrections_stays_off(alice, eager_tasks, django_capture_on_commit_callbacks):
    cache.delete(f"coach:calibration-queued:{alice.id}")
    with django_capture_on_commit_callbacks(execute=True):
        corrected_phone_sessions(alice, MIN_CORRECTIONS - 1)

    stored = PersonalCalibration.objects.get(user=alice)
    assert stored.reason == "too_few"
    assert stored.enabled is False


def test_once_on_the_calibration_decides_the_labels_of_new_analyses_and_says_so(
    alice, alice_client, eager_tasks, django_capture_on_commit_callbacks
):
    corrected_phone_sessions(alice, 8)
    stored = calibration.calibration_refit(user_id=alice.id)
    assert stored.enabled
    assert stored.model_version == get_classifier().model_version
    new = StudySessionFactory(
        user=alice, journal="Kept checking Instagram and TikTok, the phone buzzed all the time."
    )

    result = analysis.analyse(session_id=new.id, revision=new.revision)

    assert result.model_labels == ["digital"]
    assert "digital" not in result.labels
    assert not SessionLabel.objects.filter(session=new, theme="digital").exists()
    page = alice_client.get(f"/sessions/{new.id}/").content.decode()
    assert "Set aside by your personal calibration" in page


def test_a_user_without_a_calibration_gets_the_models_labels(alice):
    session = StudySessionFactory(
        user=alice, journal="Kept checking Instagram and TikTok, the phone buzzed all the time."
    )

    result = analysis.analyse(session_id=session.id, revision=session.revision)

    assert result.labels == result.model_labels == ["digital"]


def test_corrections_made_on_another_models_reading_are_not_fitted(alice):
    for day in range(8):
        session = read_session(
            user=alice,
            labels=["digital"],
            themes={**dict.fromkeys(THEMES, 0.01), "digital": 1.0},
            days_ago=day + 1,
        )  # read by the model version "test", not the one loaded now
        correction_save(session=session, labels=[], text_focus=None)

    stored = calibration.calibration_refit(user_id=alice.id)

    assert stored.reason == "too_few"
    assert stored.corrections == 0


def test_a_calibration_fitted_for_another_model_is_not_applied(alice):
    PersonalCalibration.objects.create(
        user=alice,
        enabled=True,
        offsets={"digital": 0.5},
        reason="enabled",
        model_version="older",
        fitted_at="2026-12-01T00:00Z",
    )
    session = StudySessionFactory(
        user=alice, journal="Kept checking Instagram and TikTok, the phone buzzed all the time."
    )

    result = analysis.analyse(session_id=session.id, revision=session.revision)

    assert result.labels == result.model_labels == ["digital"]

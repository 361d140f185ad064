"""The correction on the session page and the classifier-agreement page read fully in
Chinese, in every state."""

import pytest

from coach.corrections import calibration
from coach.corrections.services import correction_save
from coach.sessions.classifier import get_classifier
from tests.corrections.conftest import THEMES, read_session
from tests.project.test_chinese_pages import english_words


@pytest.fixture
def chinese_client(client, alice):
    alice.profile.language = "zh-hans"
    alice.profile.save()
    client.force_login(alice)
    return client


def test_an_uncorrected_and_a_corrected_session_page_are_fully_translated(chinese_client, alice):
    session = read_session(user=alice, labels=["digital"], journal="刷手机刷了一下午。", subject="高等数学")
    assert english_words(chinese_client.get(f"/sessions/{session.id}/").content.decode()) == set()

    correction_save(session=session, labels=["people"], text_focus=2)

    assert english_words(chinese_client.get(f"/sessions/{session.id}/").content.decode()) == set()


@pytest.mark.parametrize("corrections", [0, 1, 10])
def test_the_classifier_page_is_fully_translated(chinese_client, alice, corrections):
    for day in range(corrections):
        session = read_session(
            user=alice,
            labels=["digital"],
            themes={**dict.fromkeys(THEMES, 0.01), "digital": 1.0},
            model_version=get_classifier().model_version,
            journal="刷手机。",
            days_ago=day + 1,
        )
        correction_save(session=session, labels=[], text_focus=3)
    if corrections:
        calibration.calibration_refit(user_id=alice.id)

    assert english_words(chinese_client.get("/classifier/").content.decode()) == set()

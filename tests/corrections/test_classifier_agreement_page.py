"""The page "How well the classifier reads you": counts over the user's corrected sessions,
per theme, before and after the personal calibration, with a stated meaning for no, one and
too few corrections; never a percentage of nothing."""

import re

from coach.corrections import calibration
from coach.corrections.calibration import MIN_CORRECTIONS
from coach.corrections.services import correction_save
from coach.sessions.classifier import get_classifier
from tests.corrections.conftest import THEMES, read_session


def page(client) -> str:
    response = client.get("/classifier/")
    assert response.status_code == 200
    return response.content.decode()


def row(html: str, theme: str) -> str:
    return re.search(rf'<tr data-theme="{theme}">.*?</tr>', html, re.S).group(0)


def test_with_no_corrections_it_says_there_is_nothing_to_compare(alice_client):
    html = page(alice_client)

    assert "You have not corrected any session yet" in html
    assert "agreement-table" not in html
    assert "%" not in re.sub(r"<(style|script).*?</\1>", "", html, flags=re.S).split("<main", 1)[1]


def test_with_one_correction_it_shows_counts_and_says_they_are_too_few(alice, alice_client):
    session = read_session(user=alice, labels=["digital", "people"])
    correction_save(session=session, labels=["people"], text_focus=None)

    html = page(alice_client)

    assert "Too few corrections to judge: you have corrected the themes of 1 session" in html
    assert f"needs at least {MIN_CORRECTIONS}" in html
    assert "0 of 1" in row(html, "digital")
    assert "1 of 1" in row(html, "people")
    assert "—" in row(html, "digital")  # no calibration to compare yet


def test_with_many_corrections_it_compares_the_model_with_the_calibration(alice, alice_client):
    for day in range(10):
        session = read_session(
            user=alice,
            labels=["digital"],
            themes={**dict.fromkeys(THEMES, 0.01), "digital": 1.0},
            model_version=get_classifier().model_version,
            days_ago=day + 1,
        )
        correction_save(session=session, labels=[], text_focus=None)
    calibration.calibration_refit(user_id=alice.id)

    html = page(alice_client)

    assert "Your personal calibration is on, fitted on your 10 corrections." in html
    digital = row(html, "digital")
    assert "adjusted for you" in digital
    assert re.search(r'class="model">0 of 10<', digital)
    assert re.search(r'class="calibrated">10 of 10<', digital)
    assert re.search(r'class="calibrated">10 of 10<', row(html, "people"))
    assert "80 of 80" in html  # every theme decision, held out


def test_a_calibration_that_does_not_help_is_reported_off(alice, alice_client):
    for day in range(8):
        labels = ["digital"] if day % 2 else []
        session = read_session(
            user=alice,
            labels=["digital"],
            themes={**dict.fromkeys(THEMES, 0.01), "digital": 1.0},
            model_version=get_classifier().model_version,
            days_ago=day + 1,
        )
        correction_save(session=session, labels=labels, text_focus=None)
    calibration.calibration_refit(user_id=alice.id)

    html = page(alice_client)

    assert "Your personal calibration is off" in html
    assert re.search(r'class="model">4 of 8<', row(html, "digital"))
    assert re.search(r'class="calibrated">4 of 8<', row(html, "digital"))


def test_the_focus_agreement_counts_the_corrected_ratings(alice, alice_client):
    correction_save(session=read_session(user=alice, text_focus=2.4), labels=None, text_focus=2)
    correction_save(session=read_session(user=alice, text_focus=2.0, days_ago=2), labels=None, text_focus=4)

    html = page(alice_client)

    assert "Of the 2 sessions whose focus you corrected, the model's rating was yours in 1" in html
    assert "at most one point off in 1" in html
    assert "on average it was 1.2 points off" in html
    assert "You have corrected the focus of some sessions but not their themes." in html


def test_another_users_corrections_are_not_counted(alice, bob, client):
    correction_save(session=read_session(user=alice, labels=["digital"]), labels=[], text_focus=None)
    client.force_login(bob)

    assert "You have not corrected any session yet" in page(client)


def test_the_settings_page_links_to_it(alice_client):
    assert 'href="/classifier/"' in alice_client.get("/settings/").content.decode()

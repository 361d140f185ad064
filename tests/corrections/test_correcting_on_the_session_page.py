"""On a session's page the user corrects the themes and the focus the model read; the page
shows the correction from then on, beside the model's own reading, through re-analyses and
edits of the journal."""

import re

from coach.models import SessionCorrection, SessionLabel
from coach.sessions import analysis
from coach.sessions.services import session_update
from tests.corrections.conftest import read_session
from tests.factories import StudySessionFactory

PHONE = "Kept checking Instagram and TikTok, the phone buzzed all the time."


def counted(session) -> list[str]:
    return sorted(SessionLabel.objects.filter(session=session).values_list("theme", flat=True))


def test_the_page_offers_the_correction_with_the_models_themes_ticked(alice, alice_client):
    session = read_session(user=alice, labels=["digital"])

    page = alice_client.get(f"/sessions/{session.id}/").content.decode()

    assert "Correct this reading" in page
    assert re.search(r'value="digital"[^>]*checked', page)
    assert not re.search(r'value="people"[^>]*checked', page)
    assert "How well the classifier reads you" in page


def test_unticking_a_theme_corrects_it_and_the_page_says_so(alice, alice_client):
    session = read_session(user=alice, labels=["digital", "people"])

    response = alice_client.post(
        f"/sessions/{session.id}/correction/", {"labels": ["people"], "text_focus": ""}, follow=True
    )

    page = response.content.decode()
    assert "You corrected these themes." in page
    assert "The model&#x27;s own reading:" in page or "The model's own reading:" in page
    assert counted(session) == ["people"]
    assert SessionCorrection.objects.get(session=session).text_focus is None


def test_submitting_the_themes_as_they_were_confirms_them(alice, alice_client):
    session = read_session(user=alice, labels=["digital"])

    response = alice_client.post(f"/sessions/{session.id}/correction/", {"labels": ["digital"]}, follow=True)

    assert "You confirmed these themes." in response.content.decode()
    assert SessionCorrection.objects.get(session=session).labels == ["digital"]


def test_a_corrected_focus_is_shown_beside_the_models(alice, alice_client):
    session = read_session(user=alice, labels=[], text_focus=2.0)

    response = alice_client.post(
        f"/sessions/{session.id}/correction/", {"labels": [], "text_focus": "4"}, follow=True
    )

    page = response.content.decode()
    assert "You rated how focused the journal reads 4 of 5; the model read 2.0." in page


def test_an_unknown_theme_is_refused_and_nothing_changes(alice, alice_client):
    session = read_session(user=alice, labels=["digital"])

    response = alice_client.post(f"/sessions/{session.id}/correction/", {"labels": ["gaming"]}, follow=True)

    assert "gaming" in response.content.decode()
    assert SessionCorrection.objects.count() == 0
    assert counted(session) == ["digital"]


def test_another_users_session_cannot_be_corrected(alice, bob, client):
    session = read_session(user=alice, labels=["digital"])
    client.force_login(bob)

    assert client.post(f"/sessions/{session.id}/correction/", {"labels": []}).status_code == 404
    assert client.post(f"/sessions/{session.id}/correction/delete/").status_code == 404
    assert SessionCorrection.objects.count() == 0
    assert counted(session) == ["digital"]


def test_removing_the_correction_from_the_page(alice, alice_client):
    session = read_session(user=alice, labels=["digital"])
    alice_client.post(f"/sessions/{session.id}/correction/", {"labels": []})

    response = alice_client.post(f"/sessions/{session.id}/correction/delete/", follow=True)

    assert "the model&#x27;s reading counts again" in response.content.decode()
    assert counted(session) == ["digital"]


def test_a_re_analysis_of_the_same_journal_keeps_the_correction(alice, alice_client):
    session = StudySessionFactory(user=alice, journal=PHONE, self_rating=None, interruptions=0)
    analysis.analyse(session_id=session.id, revision=session.revision)
    alice_client.post(f"/sessions/{session.id}/correction/", {"labels": ["people"], "text_focus": "5"})

    session = session_update(session=session, subject="Another subject")
    result = analysis.analyse(session_id=session.id, revision=session.revision)

    assert result.labels == ["digital"]  # the model's reading, as before
    assert counted(session) == ["people"]
    assert result.focus_score == 100.0  # the corrected focus of the text, 5 of 5
    page = alice_client.get(f"/sessions/{session.id}/").content.decode()
    assert "You corrected these themes." in page
    assert "earlier version of the journal" not in page


def test_after_the_journal_is_edited_the_correction_still_counts_and_says_it_was_for_an_earlier_text(
    alice, alice_client, alice_api
):
    session = StudySessionFactory(user=alice, journal=PHONE)
    analysis.analyse(session_id=session.id, revision=session.revision)
    alice_client.post(f"/sessions/{session.id}/correction/", {"labels": []})

    session = session_update(session=session, journal=PHONE + " Then I put it in the drawer.")
    analysis.analyse(session_id=session.id, revision=session.revision)

    assert counted(session) == []
    page = alice_client.get(f"/sessions/{session.id}/").content.decode()
    assert "You made this correction on an earlier version of the journal." in page
    assert (
        alice_api.get(f"/api/v1/sessions/{session.id}/correction/").json()["applies_to_earlier_text"] is True
    )


def test_a_session_still_being_analysed_offers_no_correction(alice, alice_client):
    session = StudySessionFactory(user=alice)

    page = alice_client.get(f"/sessions/{session.id}/").content.decode()

    assert "Correct this reading" not in page

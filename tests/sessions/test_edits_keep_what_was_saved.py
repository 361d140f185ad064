"""An edit changes only what the user changed: times keep their seconds, the timer's
interruptions stay inside the session, and an untouched form leaves the session as it was."""

import re
from datetime import timedelta

from django.forms.models import model_to_dict
from django.utils import timezone

from coach.models import StudySession
from coach.sessions import analysis
from tests.factories import StudySessionFactory


def timer_session(user) -> StudySession:
    """A session as the live timer saves it: times with microseconds, interruption times."""
    start = timezone.now().replace(microsecond=0) - timedelta(hours=1) + timedelta(microseconds=712_345)
    session = StudySessionFactory(
        user=user,
        started_at=start,
        ended_at=start + timedelta(seconds=58, microseconds=101),
        interruptions=1,
        interruption_times=[(start + timedelta(seconds=40)).isoformat()],
        journal="",
        self_rating=None,
    )
    analysis.analyse(session_id=session.id, revision=session.revision)
    return StudySession.objects.get(id=session.id)


def the_form_as_the_browser_sends_it(client, session) -> dict:
    """The edit page's fields with the values it rendered, as a browser would post them back."""
    page = client.get(f"/sessions/{session.id}/edit/").content.decode()
    data = dict(re.findall(r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', page))
    data.update(re.findall(r'<textarea[^>]*name="(\w+)"[^>]*>\n?([^<]*)</textarea>', page))
    for name, options in re.findall(r'<select[^>]*name="(\w+)"[^>]*>(.*?)</select>', page, re.S):
        selected = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        data[name] = selected.group(1) if selected else ""
    data.pop("csrfmiddlewaretoken", None)
    return data


def snapshot(session_id: int) -> dict:
    session = StudySession.objects.get(id=session_id)
    fields = model_to_dict(session)
    fields.update(revision=session.revision, updated_at=session.updated_at)
    stored = getattr(session, "analysis", None)
    return {"session": fields, "analysis": model_to_dict(stored) if stored else None}


def test_the_edit_form_shows_times_to_the_second(alice_client, alice):
    session = timer_session(alice)

    data = the_form_as_the_browser_sends_it(alice_client, session)

    assert data["started_at"] == timezone.localtime(session.started_at).strftime("%Y-%m-%dT%H:%M:%S")


def test_posting_the_form_untouched_leaves_the_session_exactly_as_it_was(alice_client, alice):
    session = timer_session(alice)
    before = snapshot(session.id)

    response = alice_client.post(
        f"/sessions/{session.id}/edit/", the_form_as_the_browser_sends_it(alice_client, session)
    )

    assert response.status_code == 302
    assert snapshot(session.id) == before


def test_editing_only_the_journal_keeps_the_times_and_the_focused_time(alice_client, alice):
    session = timer_session(alice)
    data = the_form_as_the_browser_sends_it(alice_client, session)

    alice_client.post(
        f"/sessions/{session.id}/edit/", {**data, "journal": "Went fine, one knock at the door."}
    )

    edited = StudySession.objects.get(id=session.id)
    assert edited.journal == "Went fine, one knock at the door."
    assert (edited.started_at, edited.ended_at) == (session.started_at, session.ended_at)
    assert edited.focused_minutes == session.focused_minutes
    assert edited.interruption_times == session.interruption_times


def test_an_end_moved_before_a_recorded_interruption_is_refused(alice_client, alice):
    session = timer_session(alice)
    before = snapshot(session.id)
    data = the_form_as_the_browser_sends_it(alice_client, session)
    too_early = timezone.localtime(session.started_at + timedelta(seconds=20)).strftime("%Y-%m-%dT%H:%M:%S")

    response = alice_client.post(f"/sessions/{session.id}/edit/", {**data, "ended_at": too_early})

    assert response.status_code == 200
    assert "after this end" in response.context["form"].errors["ended_at"][0]
    assert snapshot(session.id) == before


def test_the_api_refuses_a_start_after_an_interruption_the_timer_recorded(alice_api, alice):
    session = timer_session(alice)
    before = snapshot(session.id)

    response = alice_api.patch(
        f"/api/v1/sessions/{session.id}/",
        {"started_at": (session.started_at + timedelta(seconds=45)).isoformat()},
        format="json",
    )

    assert response.status_code == 400
    assert "before this start" in response.json()["started_at"][0]
    assert snapshot(session.id) == before

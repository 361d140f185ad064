"""The session pages: the after-the-fact form, list with filters, detail, edit and delete."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from coach.models import StudySession
from tests.factories import StudySessionFactory


def form_data(**overrides):
    return {
        "subject": "Statistics",
        "started_at": "2026-04-01T19:00",
        "ended_at": "2026-04-01T20:15",
        "planned_minutes": "60",
        "interruptions": "1",
        "self_rating": "3",
        "goal": "Chapter 5 exercises",
        "goal_achieved": "false",
        "journal": "Neighbours' party was loud.",
        **overrides,
    }


def test_a_session_is_recorded_in_the_users_time_zone(alice_client, alice):
    alice.profile.time_zone = "Asia/Shanghai"
    alice.profile.save()

    response = alice_client.post("/sessions/new/", form_data())

    assert response.status_code == 302
    session = StudySession.objects.get(user=alice)
    assert session.started_at == datetime(2026, 4, 1, 19, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert session.goal_achieved is False
    assert "April 1, 2026, 7 p.m." in alice_client.get(f"/sessions/{session.id}/").content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "reason"),
    [
        ({"ended_at": "2026-04-01T18:00"}, "ended_at", "The end must be after the start."),
        ({"ended_at": "2026-04-02T12:00"}, "ended_at", "A session can last at most 16 hours."),
        ({"self_rating": "7"}, "self_rating", "less than or equal to 5"),
        ({"interruptions": "-2"}, "interruptions", "greater than or equal to 0"),
        ({"journal": "y" * 5001}, "journal", "at most 5000 characters"),
        ({"started_at": "not a date"}, "started_at", "Enter a valid date/time."),
    ],
)
def test_bad_form_input_is_shown_next_to_the_field_and_nothing_saved(alice_client, overrides, field, reason):
    response = alice_client.post("/sessions/new/", form_data(**overrides))

    assert response.status_code == 200
    assert reason in " ".join(response.context["form"].errors[field])
    assert StudySession.objects.count() == 0


def test_a_form_post_without_csrf_token_is_refused(alice):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)

    assert client.post("/sessions/new/", form_data()).status_code == 403
    assert StudySession.objects.count() == 0


def test_the_list_filters_by_date_range_and_subject(alice_client, alice):
    now = timezone.now()
    StudySessionFactory(user=alice, subject="Old algebra", started_at=now - timedelta(days=40))
    StudySessionFactory(user=alice, subject="Recent algebra", started_at=now - timedelta(days=2))
    StudySessionFactory(user=alice, subject="Recent history", started_at=now - timedelta(days=1))
    since = (now - timedelta(days=7)).date().isoformat()

    page = alice_client.get("/sessions/", {"since": since, "subject": "algebra"}).content.decode()

    assert "Recent algebra" in page
    assert "Old algebra" not in page
    assert "Recent history" not in page


def test_the_list_is_paginated(alice_client, alice):
    for hours in range(25):
        StudySessionFactory(user=alice, started_at=timezone.now() - timedelta(hours=hours + 1))

    first = alice_client.get("/sessions/")
    second = alice_client.get("/sessions/", {"page": 2})

    assert len(first.context["page"].object_list) == 20
    assert len(second.context["page"].object_list) == 5


def test_a_new_user_sees_how_to_record_a_first_session(alice_client):
    assert "No sessions yet" in alice_client.get("/sessions/").content.decode()


def test_a_session_is_edited(alice_client, alice):
    session = StudySessionFactory(user=alice)

    response = alice_client.post(f"/sessions/{session.id}/edit/", form_data(subject="Statistics II"))

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.subject == "Statistics II"


def test_a_bad_edit_changes_nothing(alice_client, alice):
    session = StudySessionFactory(user=alice, subject="Geometry")

    alice_client.post(f"/sessions/{session.id}/edit/", form_data(subject="Changed", self_rating="9"))

    session.refresh_from_db()
    assert session.subject == "Geometry"


def test_delete_asks_for_confirmation_first(alice_client, alice):
    session = StudySessionFactory(user=alice)

    confirmation = alice_client.get(f"/sessions/{session.id}/delete/")
    assert "cannot be undone" in confirmation.content.decode()
    assert StudySession.objects.filter(id=session.id).exists()

    alice_client.post(f"/sessions/{session.id}/delete/")
    assert not StudySession.objects.filter(id=session.id).exists()


def test_journal_html_is_shown_as_text(alice_client, alice):
    session = StudySessionFactory(user=alice, journal='<script>alert("x")</script> <b>bold</b>')

    page = alice_client.get(f"/sessions/{session.id}/").content.decode()

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page


def test_pages_need_a_login(client):
    response = client.get("/sessions/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")

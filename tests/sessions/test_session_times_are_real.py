"""A session happened: its times lie between 1970 and now (a few minutes of clock skew
allowed), in the form and the API alike, in every time zone, or nothing is saved."""

from datetime import timedelta

import pytest
from django.utils import timezone

from coach.models import StudySession
from tests.factories import StudySessionFactory

ZONES = ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Shanghai", "America/Los_Angeles"]


def in_zone(user, zone: str):
    user.profile.time_zone = zone
    user.profile.save()


def local(moment, zone: str) -> str:
    import zoneinfo

    return moment.astimezone(zoneinfo.ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M:%S")


def form(**overrides):
    return {"subject": "Statistics", "interruptions": "0", "self_rating": "3", "journal": "", **overrides}


@pytest.mark.parametrize("zone", ZONES)
def test_the_form_refuses_a_session_that_starts_in_the_future(alice_client, alice, zone):
    in_zone(alice, zone)
    start = timezone.now() + timedelta(hours=2)

    response = alice_client.post(
        "/sessions/new/",
        form(started_at=local(start, zone), ended_at=local(start + timedelta(hours=1), zone)),
    )

    assert response.status_code == 200
    assert "future" in response.context["form"].errors["started_at"][0]
    assert StudySession.objects.count() == 0


@pytest.mark.parametrize("zone", ZONES)
def test_the_form_accepts_a_session_that_just_ended_in_any_zone(alice_client, alice, zone):
    in_zone(alice, zone)
    end = timezone.now() + timedelta(minutes=2)  # the device's clock runs a little fast

    response = alice_client.post(
        "/sessions/new/",
        form(started_at=local(end - timedelta(minutes=30), zone), ended_at=local(end, zone)),
    )

    assert response.status_code == 302
    assert StudySession.objects.count() == 1


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("0001-01-01T00:00", "0001-01-01T01:00"),
        ("9999-12-31T22:00", "9999-12-31T23:59"),
        ("1969-12-31T10:00", "1969-12-31T11:00"),
    ],
)
def test_the_form_refuses_times_outside_1970_to_now_in_every_zone(alice_client, alice, zone, start, end):
    in_zone(alice, zone)

    response = alice_client.post("/sessions/new/", form(started_at=start, ended_at=end))

    assert response.status_code == 200
    assert "started_at" in response.context["form"].errors
    assert StudySession.objects.count() == 0


@pytest.mark.parametrize(
    "started_at",
    [
        "0001-01-01T00:00:00Z",
        "0001-01-01T00:00:00+08:00",
        "9999-12-31T23:00:00-08:00",
        "1960-05-01T10:00:00Z",
    ],
)
def test_the_api_refuses_times_outside_1970_to_now_naming_the_field(alice_api, started_at):
    response = alice_api.post(
        "/api/v1/sessions/",
        {"subject": "Maths", "started_at": started_at, "ended_at": "2026-01-05T11:00:00Z"},
        format="json",
    )

    assert response.status_code == 400
    assert "started_at" in response.json()
    assert StudySession.objects.count() == 0


def test_the_api_refuses_a_future_start_and_a_future_end(alice_api):
    soon = timezone.now() + timedelta(hours=1)

    response = alice_api.post(
        "/api/v1/sessions/",
        {
            "subject": "Maths",
            "started_at": soon.isoformat(),
            "ended_at": (soon + timedelta(hours=1)).isoformat(),
        },
        format="json",
    )

    assert response.status_code == 400
    assert set(response.json()) == {"started_at", "ended_at"}
    assert StudySession.objects.count() == 0


def test_an_edit_into_the_future_is_refused_and_changes_nothing(alice_api, alice):
    session = StudySessionFactory(user=alice)

    response = alice_api.patch(
        f"/api/v1/sessions/{session.id}/",
        {"ended_at": (timezone.now() + timedelta(days=1)).isoformat()},
        format="json",
    )

    assert response.status_code == 400
    assert "ended_at" in response.json()
    assert StudySession.objects.get(id=session.id).ended_at == session.ended_at

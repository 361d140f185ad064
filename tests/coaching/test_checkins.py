"""The daily habit check-in: one per user and day, editable, pre-filled from yesterday, through
the page and the API, with every bad input named and nothing saved."""

from datetime import date, timedelta
from unittest import mock

import pytest
from django.utils import timezone

from coach.coaching.checkins import local_today
from coach.models import CheckIn
from tests.factories import CheckInFactory


def valid_payload(**overrides):
    return {
        "day": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "hours_slept": 6.5,
        "bedtime": "23:40",
        "meditation_minutes": 10,
        "exercise_minutes": 30,
        "caffeine_cups": 2,
        "mood": 4,
        **overrides,
    }


def test_a_check_in_is_created_and_read_back(alice_api, alice):
    response = alice_api.post("/api/v1/checkins/", valid_payload(), format="json")

    assert response.status_code == 201
    body = response.json()
    assert body["hours_slept"] == 6.5
    assert body["bedtime"] == "23:40:00"
    checkin = CheckIn.objects.get(id=body["id"])
    assert checkin.user == alice
    assert alice_api.get(f"/api/v1/checkins/{checkin.id}/").json()["mood"] == 4


def test_without_a_day_the_check_in_is_for_today_in_the_users_time_zone(alice_api, alice):
    alice.profile.time_zone = "Pacific/Kiritimati"  # UTC+14: often a day ahead of UTC
    alice.profile.save()

    payload = valid_payload()
    del payload["day"]
    body = alice_api.post("/api/v1/checkins/", payload, format="json").json()
    assert body["day"] == local_today(user=alice).isoformat()


def test_the_list_is_newest_first_and_filtered_by_day(alice_api, alice):
    today = timezone.localdate()
    for days_ago in range(10):
        CheckInFactory(user=alice, day=today - timedelta(days=days_ago))

    body = alice_api.get("/api/v1/checkins/").json()
    assert body["count"] == 10
    days = [row["day"] for row in body["results"]]
    assert days == sorted(days, reverse=True)

    since = (today - timedelta(days=2)).isoformat()
    assert alice_api.get("/api/v1/checkins/", {"since": since}).json()["count"] == 3


def test_a_check_in_is_changed_and_deleted(alice_api, alice):
    checkin = CheckInFactory(user=alice, mood=2)

    response = alice_api.patch(f"/api/v1/checkins/{checkin.id}/", {"mood": 5}, format="json")
    assert response.status_code == 200
    checkin.refresh_from_db()
    assert checkin.mood == 5

    assert alice_api.delete(f"/api/v1/checkins/{checkin.id}/").status_code == 204
    assert not CheckIn.objects.filter(id=checkin.id).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "reason"),
    [
        ({"hours_slept": 25}, "hours_slept", "less than or equal to 24"),
        ({"hours_slept": -1}, "hours_slept", "greater than or equal to 0"),
        ({"mood": 0}, "mood", "greater than or equal to 1"),
        ({"mood": 6}, "mood", "less than or equal to 5"),
        ({"meditation_minutes": -5}, "meditation_minutes", "greater than or equal to 0"),
        ({"exercise_minutes": 601}, "exercise_minutes", "less than or equal to 600"),
        ({"caffeine_cups": 21}, "caffeine_cups", "less than or equal to 20"),
        ({"bedtime": "25:99"}, "bedtime", "Time has wrong format"),
        ({"day": "yesterday"}, "day", "Date has wrong format"),
        ({"day": "2999-01-01"}, "day", "has not begun"),
        ({"steps": 9000}, "steps", "Unknown field"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(alice_api, overrides, field, reason):
    response = alice_api.post("/api/v1/checkins/", valid_payload(**overrides), format="json")

    assert response.status_code == 400
    assert reason in " ".join(response.json()[field])
    assert CheckIn.objects.count() == 0


def test_a_second_check_in_for_the_same_day_is_refused_naming_the_day(alice_api, alice):
    CheckInFactory(user=alice, day=date.fromisoformat(valid_payload()["day"]))

    response = alice_api.post("/api/v1/checkins/", valid_payload(), format="json")

    assert response.status_code == 409
    assert "already a check-in for this day" in " ".join(response.json()["day"])
    assert CheckIn.objects.count() == 1


def test_moving_a_check_in_onto_another_day_with_one_is_refused(alice_api, alice):
    today = timezone.localdate()
    CheckInFactory(user=alice, day=today)
    other = CheckInFactory(user=alice, day=today - timedelta(days=1))

    response = alice_api.patch(f"/api/v1/checkins/{other.id}/", {"day": today.isoformat()}, format="json")

    assert response.status_code == 409
    assert "day" in response.json()
    other.refresh_from_db()
    assert other.day == today - timedelta(days=1)


def test_two_users_may_check_in_on_the_same_day(alice_api, bob_api):
    assert alice_api.post("/api/v1/checkins/", valid_payload(), format="json").status_code == 201
    assert bob_api.post("/api/v1/checkins/", valid_payload(), format="json").status_code == 201


def test_another_users_check_in_is_not_found(alice, bob_api):
    checkin = CheckInFactory(user=alice, mood=2)
    url = f"/api/v1/checkins/{checkin.id}/"

    assert bob_api.get(url).status_code == 404
    assert bob_api.patch(url, {"mood": 5}, format="json").status_code == 404
    assert bob_api.put(url, valid_payload(), format="json").status_code == 404
    assert bob_api.delete(url).status_code == 404
    assert bob_api.get("/api/v1/checkins/").json()["count"] == 0
    checkin.refresh_from_db()
    assert checkin.mood == 2


def test_the_page_is_pre_filled_from_yesterday(alice_client, alice):
    CheckInFactory(user=alice, day=timezone.localdate() - timedelta(days=1), hours_slept=6.0, caffeine_cups=3)

    form = alice_client.get("/checkin/").context["form"]

    assert form.initial["day"] == timezone.localdate()
    assert form.initial["hours_slept"] == 6.0
    assert form.initial["caffeine_cups"] == 3


def test_the_page_saves_the_day_and_then_changes_it(alice_client, alice):
    data = {
        "day": timezone.localdate().isoformat(),
        "hours_slept": "7.5",
        "bedtime": "23:00",
        "meditation_minutes": "0",
        "exercise_minutes": "20",
        "caffeine_cups": "1",
        "mood": "4",
    }
    assert alice_client.post("/checkin/", data).status_code == 302
    assert alice_client.post("/checkin/", {**data, "mood": "2"}).status_code == 302

    checkin = CheckIn.objects.get(user=alice)
    assert checkin.mood == 2
    assert checkin.hours_slept == 7.5
    assert "Check-in updated." in alice_client.get("/checkin/").content.decode()


def test_bad_page_input_is_shown_next_to_the_field_and_nothing_saved(alice_client):
    response = alice_client.post("/checkin/", {"day": timezone.localdate().isoformat(), "hours_slept": "30"})

    assert response.status_code == 200
    assert "less than or equal to 24" in " ".join(response.context["form"].errors["hours_slept"])
    assert "mood" in response.context["form"].errors
    assert CheckIn.objects.count() == 0


def test_a_saved_check_in_queues_a_coaching_recompute_after_the_commit(
    alice_api, django_capture_on_commit_callbacks
):
    with mock.patch("coach.queue.send") as send:
        with django_capture_on_commit_callbacks(execute=True):
            alice_api.post("/api/v1/checkins/", valid_payload(), format="json")

    send.assert_called_once()


def test_when_the_queue_is_down_the_recompute_happens_at_once(
    alice, alice_api, django_capture_on_commit_callbacks
):
    with mock.patch("coach.queue.send", side_effect=ConnectionError("down")):
        with django_capture_on_commit_callbacks(execute=True):
            alice_api.post("/api/v1/checkins/", valid_payload(), format="json")

    assert alice.coaching.computed_at is not None

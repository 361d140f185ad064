"""Choosing reminders, and the browsers that receive them."""

from datetime import time

from coach.models import PushSubscription, Reminder
from tests.factories import UserFactory

SUBSCRIPTION = {
    "endpoint": "https://push.example.net/send/abc",
    "expirationTime": None,
    "keys": {"p256dh": "BPublicKeyOfTheBrowser", "auth": "c2VjcmV0"},
}


def test_both_reminders_start_off_and_are_saved_from_the_page(client, alice):
    client.force_login(alice)
    page = client.get("/settings/reminders/").content.decode()
    assert 'name="check_in-local_time" value="21:00"' in page
    assert not Reminder.objects.filter(user=alice, enabled=True).exists()

    client.post(
        "/settings/reminders/",
        {
            "check_in-enabled": "on",
            "check_in-local_time": "22:15",
            "check_in-by_email": "on",
            "study-local_time": "19:00",
        },
    )

    check_in = Reminder.objects.get(user=alice, kind="check_in")
    assert (check_in.enabled, check_in.local_time, check_in.by_email, check_in.by_push) == (
        True,
        time(22, 15),
        True,
        False,
    )
    assert not Reminder.objects.get(user=alice, kind="study").enabled


def test_a_bad_time_is_refused_by_name_and_changes_nothing(client, alice):
    client.force_login(alice)
    client.get("/settings/reminders/")

    page = client.post(
        "/settings/reminders/",
        {"check_in-enabled": "on", "check_in-local_time": "25:00", "study-local_time": "19:00"},
    )

    assert page.status_code == 200
    assert "Enter a valid time." in page.content.decode()
    assert not Reminder.objects.get(user=alice, kind="check_in").enabled


def test_a_browser_subscribes_and_unsubscribes(alice_api, alice):
    assert alice_api.post("/api/v1/push-subscriptions/", SUBSCRIPTION, format="json").status_code == 201
    assert PushSubscription.objects.get().user == alice

    response = alice_api.delete(
        "/api/v1/push-subscriptions/", {"endpoint": SUBSCRIPTION["endpoint"]}, format="json"
    )

    assert response.status_code == 204
    assert not PushSubscription.objects.exists()


def test_a_browser_used_by_someone_else_next_receives_only_their_reminders(alice_api, alice, bob):
    PushSubscription.objects.create(user=bob, endpoint=SUBSCRIPTION["endpoint"], p256dh="old", auth="old")

    alice_api.post("/api/v1/push-subscriptions/", SUBSCRIPTION, format="json")

    assert PushSubscription.objects.get().user == alice


def test_a_subscription_without_its_keys_is_refused_by_name(alice_api):
    response = alice_api.post(
        "/api/v1/push-subscriptions/", {"endpoint": "https://push.example.net/x", "keys": {}}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"keys": ["Must hold exactly p256dh and auth."]}
    assert not PushSubscription.objects.exists()


def test_one_user_cannot_unsubscribe_anothers_browser(alice_api):
    PushSubscription.objects.create(
        user=UserFactory(), endpoint=SUBSCRIPTION["endpoint"], p256dh="k", auth="a"
    )

    alice_api.delete("/api/v1/push-subscriptions/", {"endpoint": SUBSCRIPTION["endpoint"]}, format="json")

    assert PushSubscription.objects.exists()

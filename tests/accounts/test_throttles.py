"""Throttles answer 429 with Retry-After: logins, sign-ups, password-reset mail, writes."""

from unittest import mock

import pytest
from django.core import mail
from django.core.cache import cache
from rest_framework.throttling import ScopedRateThrottle

from coach.api.throttles import WriteRateThrottle
from coach.models import StudySession
from tests.factories import PASSWORD


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()


def session_payload(number: int) -> dict:
    return {
        "subject": f"Flood {number}",
        "started_at": "2026-01-05T10:00:00Z",
        "ended_at": "2026-01-05T11:00:00Z",
    }


def test_one_user_writing_too_fast_is_slowed_with_429(alice_api):
    with mock.patch.object(WriteRateThrottle, "THROTTLE_RATES", {"writes": "3/min"}):
        statuses = [alice_api.post("/api/v1/sessions/", session_payload(n), format="json") for n in range(5)]

    assert [r.status_code for r in statuses] == [201, 201, 201, 429, 429]
    assert int(statuses[-1]["Retry-After"]) > 0
    assert StudySession.objects.count() == 3


def test_one_users_writes_do_not_slow_another_user(alice_api, bob_api):
    with mock.patch.object(WriteRateThrottle, "THROTTLE_RATES", {"writes": "2/min"}):
        for n in range(3):
            alice_api.post("/api/v1/sessions/", session_payload(n), format="json")
        bobs = bob_api.post("/api/v1/sessions/", session_payload(9), format="json")

    assert bobs.status_code == 201


def test_reading_is_not_counted_as_writing(alice_api):
    with mock.patch.object(WriteRateThrottle, "THROTTLE_RATES", {"writes": "1/min"}):
        reads = [alice_api.get("/api/v1/sessions/").status_code for _ in range(5)]

    assert reads == [200] * 5


def test_token_logins_are_throttled_per_address(client, alice):
    with mock.patch.object(ScopedRateThrottle, "THROTTLE_RATES", {"auth": "2/min"}):
        statuses = [
            client.post(
                "/api/v1/auth/token/",
                {"username": "alice", "password": PASSWORD},
                content_type="application/json",
            ).status_code
            for _ in range(3)
        ]

    assert statuses == [201, 201, 429]


def test_sign_ups_from_one_address_are_throttled(client, db, settings):
    settings.PAGE_THROTTLE_RATES = {**settings.PAGE_THROTTLE_RATES, "signup": "2/hour"}
    statuses = [
        client.post(
            "/accounts/signup/", {"username": f"bot{n}", "password1": "x", "password2": "y"}
        ).status_code
        for n in range(3)
    ]

    assert statuses[-1] == 429


def test_reset_mail_to_one_address_is_capped_and_says_nothing_more(client, alice, settings, eager_tasks):
    settings.PAGE_THROTTLE_RATES = {**settings.PAGE_THROTTLE_RATES, "password_reset_email": "2/hour"}

    responses = [client.post("/accounts/password/reset/", {"email": alice.email}) for _ in range(5)]

    assert [r.status_code for r in responses] == [302] * 5
    assert len(mail.outbox) == 2

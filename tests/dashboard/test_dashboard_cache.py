"""A dashboard revisit with nothing changed is served from the cache, under the user's data
version; any change to what the dashboard shows draws it afresh, and no user ever sees
another's payload (coach/dashboard/payload_cache.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from coach.dashboard import payload_cache
from coach.dashboard.payload_cache import data_version
from coach.models import CoachingState, StudySession
from coach.sessions.analysis import mark_failed
from coach.sessions.services import session_delete, session_update
from tests.factories import StudySessionFactory, analysed_session

API = "/api/v1/dashboard/?range=all"


@pytest.fixture
def drawings(monkeypatch):
    """How many times a payload was drawn from the database rather than the cache."""
    calls = []
    draw = payload_cache.dashboard_data

    def counted(**kwargs):
        calls.append(kwargs)
        return draw(**kwargs)

    monkeypatch.setattr(payload_cache, "dashboard_data", counted)
    return calls


def test_a_revisit_with_nothing_changed_is_served_from_the_cache(alice_api, alice, drawings):
    analysed_session(user=alice, started_at=timezone.now() - timedelta(days=1), score=70, labels=["digital"])

    first = alice_api.get(API).json()
    again = alice_api.get(API).json()

    assert again == first
    assert len(drawings) == 1


def test_a_new_session_after_a_cached_visit_is_on_the_next_one(alice_api, alice, drawings):
    before = alice_api.get(API).json()
    StudySessionFactory(user=alice, subject="Organic chemistry")

    after = alice_api.get(API).json()

    assert len(drawings) == 2
    assert len(after["pending"]) == len(before["pending"]) + 1


def test_each_range_and_subject_is_drawn_once_and_the_page_shares_the_apis(alice_api, alice_client, drawings):
    for url in [API, "/api/v1/dashboard/?range=7d", "/api/v1/dashboard/?range=all&subject=Maths", API]:
        alice_api.get(url)
    alice_client.get("/dashboard/?range=all")

    assert [(d["range_key"], d["subject"]) for d in drawings] == [("all", ""), ("7d", ""), ("all", "Maths")]


def test_each_language_has_its_own_payload(alice_api, alice, drawings):
    alice_api.get(API)
    alice.profile.language = "zh-hans"
    alice.profile.save()

    alice_api.get(API, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert len(drawings) == 2


def test_one_users_payload_is_never_served_to_another(alice_api, bob_api, alice):
    analysed_session(user=alice, started_at=timezone.now() - timedelta(days=1), score=90, labels=["digital"])

    alices = alice_api.get(API).json()
    bobs = bob_api.get(API).json()

    assert alices != bobs
    assert bobs["figures"]["focus"]["data"][0]["x"] == []


def version_after(alice, change) -> bool:
    before = data_version(user=alice)
    change()
    return data_version(user=alice) != before


def test_every_kind_of_change_moves_the_data_version(alice):
    session = analysed_session(user=alice, started_at=timezone.now() - timedelta(days=2), score=50)
    pending = StudySessionFactory(user=alice)

    assert version_after(alice, lambda: StudySessionFactory(user=alice))
    assert version_after(alice, lambda: session_update(session=session, subject="Thesis chapter 3"))
    assert version_after(
        alice, lambda: StudySession.objects.filter(id=pending.id).update(analysis_status="running")
    )
    fail = lambda: mark_failed(session_id=pending.id, revision=pending.revision, reason="x")  # noqa: E731
    assert version_after(alice, fail)
    landing = StudySessionFactory(user=alice, analysis_status="running")
    assert version_after(
        alice, lambda: StudySession.objects.filter(id=landing.id).update(analysis_status="done")
    )
    assert version_after(
        alice,
        lambda: analysed_session(user=alice, started_at=timezone.now() - timedelta(hours=5), score=80),
    )
    assert version_after(
        alice, lambda: CoachingState.objects.create(user=alice, insights=[], computed_at=timezone.now())
    )
    assert version_after(alice, lambda: session_delete(session=session))


def test_a_changed_goal_draws_the_dashboard_afresh(alice_api, alice, drawings):
    alice_api.get(API)
    alice.profile.weekly_goal_hours = 3
    alice.profile.save()

    assert alice_api.get(API).json()["this_week"]["weekly_goal_hours"] == 3
    assert len(drawings) == 2


def test_without_a_cache_time_every_visit_is_drawn(alice_api, settings, drawings):
    settings.DASHBOARD_CACHE_SECONDS = 0

    alice_api.get(API)
    alice_api.get(API)

    assert len(drawings) == 2

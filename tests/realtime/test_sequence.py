"""Every event carries the user's data version as `seq`: raised by one per change, per user,
kept in the database, and rolled back with the change it numbers."""

import pytest
from django.db import transaction

from coach.models import Profile
from coach.realtime import events
from coach.realtime.sequence import bump_version, current_version
from tests.factories import StudySessionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(monkeypatch):
    """The events handed to the channel layer, in order, as (user id, event)."""
    messages = []
    monkeypatch.setattr(events, "_send", lambda user_id, event: messages.append((user_id, event)))
    return messages


def test_the_version_starts_at_zero_and_rises_by_one(alice):
    assert current_version(alice.id) == 0
    assert [bump_version(alice.id) for _ in range(3)] == [1, 2, 3]
    assert current_version(alice.id) == 3


def test_each_user_has_a_version_of_their_own(alice, bob):
    bump_version(alice.id)
    bump_version(alice.id)
    assert bump_version(bob.id) == 1
    assert current_version(alice.id) == 2


def test_a_user_without_a_profile_gets_one(db):
    user = UserFactory()
    Profile.objects.filter(user=user).delete()
    assert current_version(user.id) == 0
    assert bump_version(user.id) == 1


def test_the_version_is_kept_in_the_database(alice):
    bump_version(alice.id)
    assert Profile.objects.get(user=alice).data_version == 1


def test_every_event_of_a_session_carries_the_next_number(alice, sent, django_capture_on_commit_callbacks):
    from coach.sessions.services import session_create, session_delete, session_update

    with django_capture_on_commit_callbacks(execute=True):
        session = session_create(
            user=alice,
            subject="Maths",
            started_at=StudySessionFactory.build().started_at,
            ended_at=StudySessionFactory.build().ended_at,
        )
    with django_capture_on_commit_callbacks(execute=True):
        session_update(session=session, self_rating=4)
    with django_capture_on_commit_callbacks(execute=True):
        session_delete(session=session)

    assert [(event["type"], event["seq"]) for _, event in sent] == [
        ("session.created", 1),
        ("session.updated", 2),
        ("session.deleted", 3),
    ]
    assert current_version(alice.id) == 3


def test_a_coach_update_is_numbered_too(alice, sent):
    from django.utils import timezone

    events.publish(user_id=alice.id, event=events.coach_event([], computed_at=timezone.now()))
    [(user_id, event)] = sent
    assert (user_id, event["type"], event["seq"]) == (alice.id, "coach.updated", 1)


def test_a_change_rolled_back_gives_back_its_number_and_sends_nothing(alice, sent):
    session = StudySessionFactory(user=alice)
    with pytest.raises(RuntimeError), transaction.atomic():
        events.publish_safely(user_id=alice.id, event=events.session_event("session.updated", session))
        raise RuntimeError("the change failed")

    assert current_version(alice.id) == 0
    assert sent == []


def test_an_event_that_cannot_be_sent_is_counted_as_lost(
    alice, monkeypatch, django_capture_on_commit_callbacks
):
    counted = []
    monkeypatch.setattr(events, "record_lost", lambda count, what, **kw: counted.append(count))

    def down(user_id, event):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(events, "_send", down)
    with django_capture_on_commit_callbacks(execute=True):
        events.publish_safely(
            user_id=alice.id, event=events.session_event("session.updated", StudySessionFactory(user=alice))
        )

    assert counted == [1]
    assert current_version(alice.id) == 1  # the page sees the gap at the next event


def test_the_timers_steps_and_the_check_ins_are_numbered_too(alice, sent, django_capture_on_commit_callbacks):
    from coach.coaching.checkins import checkin_create, checkin_delete
    from coach.sessions import timer

    with django_capture_on_commit_callbacks(execute=True):
        timer.timer_start(user=alice, subject="Maths")
        timer.timer_pause(user=alice)
        timer.timer_resume(user=alice)
        timer.timer_interrupt(user=alice)
        timer.timer_stop(user=alice)
        timer.timer_discard(user=alice)
        checkin = checkin_create(user=alice, hours_slept=7, mood=3)
        checkin_delete(checkin=checkin)

    assert [(event["type"], event["seq"]) for _, event in sent] == [
        ("timer.changed", 1),
        ("timer.changed", 2),
        ("timer.changed", 3),
        ("timer.changed", 4),
        ("timer.changed", 5),
        ("timer.changed", 6),
        ("checkin.changed", 7),
        ("checkin.changed", 8),
    ]
    assert [event["timer"]["state"] for _, event in sent[:6]] == [
        "running",
        "paused",
        "running",
        "running",
        "stopped",
        "none",
    ]

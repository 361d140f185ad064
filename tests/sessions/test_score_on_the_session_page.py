"""What the session page says about the focus score: the number and what it rests on, or
no number and what is missing; each part's quantity in its own units; the rule's page."""

from datetime import timedelta

from django.utils import timezone

from coach.dashboard.selectors import dashboard_data
from coach.sessions import analysis
from tests.factories import StudySessionFactory, analysed_session


def analysed(**fields):
    session = StudySessionFactory(**fields)
    analysis.analyse(session_id=session.id, revision=session.revision)
    session.refresh_from_db()
    return session


def test_a_session_with_no_journal_and_no_rating_gets_no_score(alice):
    session = analysed(user=alice, journal="", self_rating=None, interruptions=0)

    assert session.analysis.focus_score is None
    assert session.analysis.score_breakdown["unscored_reason"] == "no_reading"


def test_a_three_second_timer_session_gets_no_score(alice):
    start = timezone.now() - timedelta(minutes=5)
    session = analysed(
        user=alice, started_at=start, ended_at=start + timedelta(seconds=3), journal="", self_rating=None
    )

    assert session.analysis.focus_score is None


def test_the_page_of_an_unscored_session_says_what_is_missing_and_how_to_add_it(alice_client, alice):
    session = analysed(user=alice, journal="", self_rating=None)

    page = alice_client.get(f"/sessions/{session.id}/").content.decode()

    assert "Not enough to score" in page
    assert "a few lines of journal or your own rating" in page
    assert "/ 100" not in page
    assert "Nothing in the journal pulled your focus" not in page
    assert "No journal, so there was nothing to read" in page
    assert 'href="/help/focus-score/"' in page


def test_the_breakdown_shows_each_quantity_with_its_unit(alice_client, alice):
    start = timezone.now() - timedelta(hours=2)
    session = analysed(
        user=alice,
        started_at=start,
        ended_at=start + timedelta(minutes=50),
        interruptions=2,
        planned_minutes=45,
        self_rating=4,
        goal="Chapter 3 exercises",
        goal_achieved=False,
    )

    page = alice_client.get(f"/sessions/{session.id}/").content.decode()

    assert "2 interruptions, 2.4 an hour" in page
    assert "50 of 45 planned minutes" in page
    assert "4 of 5" in page
    assert "not achieved" in page
    goal = next(c for c in session.analysis.score_breakdown["components"] if c["name"] == "goal")
    assert goal["contribution"] == 0.0


def test_the_page_says_why_weights_differ_when_parts_are_missing(alice_client, alice):
    session = analysed(user=alice, journal="", self_rating=3, planned_minutes=None, goal="")

    page = alice_client.get(f"/sessions/{session.id}/").content.decode()

    assert (
        "Left out, because this session has none: the journal, a planned length, "
        "a goal and whether you reached it." in page
    )
    assert "The parts it has share their weight" in page


def test_the_rule_has_a_page_of_its_own(client, db):
    page = client.get("/help/focus-score/")

    assert page.status_code == 200
    assert "<table>" in page.content.decode()
    assert "Not enough to score" in page.content.decode()


def test_means_on_the_dashboard_leave_unscored_sessions_out(alice):
    start = timezone.now() - timedelta(days=1)
    analysed_session(user=alice, started_at=start, score=80.0)
    unscored = analysed_session(user=alice, started_at=start + timedelta(hours=2), score=80.0)
    unscored.analysis.focus_score = None
    unscored.analysis.save()

    data = dashboard_data(user=alice, range_key="7d")

    assert data.current.mean_score == 80.0
    assert data.scored_sessions == 1
    assert data.analysed_sessions == 2
    assert [p["score"] for p in data.points] == [80.0, None]

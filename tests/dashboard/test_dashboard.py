"""The dashboard's numbers, read from the database for one user and range."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from coach.dashboard.selectors import dashboard_data
from tests.factories import StudySessionFactory, analysed_session


def days_ago(days, hour=10):
    return (timezone.now() - timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


def test_a_new_user_gets_an_empty_dashboard(alice):
    data = dashboard_data(user=alice, range_key="30d")
    assert data.is_empty
    assert data.current.sessions == 0
    assert data.current.mean_score is None


def test_points_come_in_time_order_with_a_rolling_mean(alice):
    for day, score in enumerate([40, 60, 80]):
        analysed_session(user=alice, started_at=days_ago(5 - day), score=score)

    data = dashboard_data(user=alice, range_key="7d")

    assert [p["score"] for p in data.points] == [40, 60, 80]
    assert [p["rolling"] for p in data.points] == [40, 50, 60]


def test_a_range_with_more_sessions_than_the_chart_can_show_is_drawn_as_daily_means(alice, monkeypatch):
    monkeypatch.setattr("coach.dashboard.selectors.MAX_SESSION_POINTS", 3)
    for day, scores in ((4, [40, 60]), (3, [80]), (2, [50, 70]), (1, [30])):
        for hour, score in enumerate(scores, start=9):
            analysed_session(user=alice, started_at=days_ago(day, hour=hour), score=score, minutes=10 * hour)

    data = dashboard_data(user=alice, range_key="7d")

    assert data.points_are_latest_only
    assert [(d["mean"], d["sessions"]) for d in data.days] == [(50, 2), (80, 1), (60, 2), (30, 1)]
    assert [d["rolling"] for d in data.days] == [50, 65, 63.3, 55]
    assert [p["score"] for p in data.points] == [50, 70, 30]  # the latest three sessions
    # Counts, means and the length trend still cover every session of the range.
    assert data.analysed_sessions == 6
    assert data.current.mean_score == 55
    assert sum(row["sessions"] for row in data.length_bins) == 6
    assert data.minutes_span == (90, 100)


def test_a_range_within_the_limit_has_every_session_and_no_daily_means(alice):
    analysed_session(user=alice, started_at=days_ago(2), score=70)

    data = dashboard_data(user=alice, range_key="7d")

    assert not data.points_are_latest_only
    assert data.days == []


def test_the_range_and_subject_filter_what_is_counted(alice):
    analysed_session(user=alice, started_at=days_ago(2), score=70, subject="Maths")
    analysed_session(user=alice, started_at=days_ago(3), score=50, subject="History")
    analysed_session(user=alice, started_at=days_ago(20), score=90, subject="Maths")

    assert dashboard_data(user=alice, range_key="7d").current.sessions == 2
    assert dashboard_data(user=alice, range_key="7d", subject="math").current.sessions == 1
    assert dashboard_data(user=alice, range_key="all", subject="math").current.mean_score == 80


def test_headline_numbers_compare_with_the_previous_period(alice):
    analysed_session(user=alice, started_at=days_ago(2), score=80, minutes=60)
    analysed_session(user=alice, started_at=days_ago(10), score=50, minutes=30)

    data = dashboard_data(user=alice, range_key="7d")

    assert data.current.sessions == 1
    assert data.current.mean_score == 80
    assert data.current.focused_hours == 1.0
    assert data.previous.sessions == 1
    assert data.previous.mean_score == 50


def test_themes_are_counted_per_week_and_over_the_range(alice):
    analysed_session(user=alice, started_at=days_ago(1), score=40, labels=["digital", "fatigue"])
    analysed_session(user=alice, started_at=days_ago(2), score=45, labels=["digital"])

    data = dashboard_data(user=alice, range_key="30d")

    assert data.theme_totals == {"digital": 2, "fatigue": 1}
    assert sum(row["sessions"] for row in data.theme_weeks if row["theme"] == "digital") == 2
    assert data.current.top_theme == "digital"


def test_the_heat_map_groups_by_weekday_and_hour_in_the_users_time_zone(alice):
    alice.profile.time_zone = "Asia/Shanghai"
    alice.profile.save()
    monday_9am_shanghai = datetime(2026, 11, 16, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    analysed_session(user=alice, started_at=monday_9am_shanghai, score=70)
    analysed_session(user=alice, started_at=monday_9am_shanghai + timedelta(days=7), score=90)

    cells = dashboard_data(user=alice, range_key="all").heatmap

    assert cells == [{"weekday": 1, "hour": 9, "mean": 80.0, "sessions": 2}]


def test_only_the_latest_pending_sessions_are_listed(alice, monkeypatch):
    monkeypatch.setattr("coach.dashboard.selectors.MAX_PENDING_LISTED", 2)
    sessions = [StudySessionFactory(user=alice, started_at=days_ago(day)) for day in (4, 3, 2)]

    data = dashboard_data(user=alice, range_key="7d")

    assert [p["id"] for p in data.pending] == [sessions[1].id, sessions[2].id]


def test_pending_sessions_are_listed_and_not_scored(alice):
    StudySessionFactory(user=alice, started_at=days_ago(1))
    data = dashboard_data(user=alice, range_key="7d")
    assert len(data.pending) == 1
    assert data.points[0]["score"] is None


def test_this_week_counts_against_the_goals_and_the_streak(alice, monkeypatch):
    # Mid-afternoon on a Wednesday, so "70 minutes ago" is today whenever the test runs.
    now = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: now)
    for days in (0, 1, 2):
        analysed_session(user=alice, started_at=now - timedelta(days=days, minutes=70), score=60, minutes=60)

    week = dashboard_data(user=alice, range_key="7d").this_week

    assert week["streak_days"] == 3
    assert week["sessions_today"] >= 1
    assert week["weekly_goal_hours"] == alice.profile.weekly_goal_hours


def test_another_users_sessions_never_appear(alice, bob):
    analysed_session(user=bob, started_at=days_ago(1), score=99, labels=["people"])
    data = dashboard_data(user=alice, range_key="all")
    assert data.is_empty
    assert data.theme_totals == {}


def test_the_dashboard_api_returns_figures_numbers_and_summaries(alice_api, alice):
    analysed_session(user=alice, started_at=days_ago(1), score=72, labels=["stress"])

    body = alice_api.get("/api/v1/dashboard/", {"range": "7d"}).json()

    assert body["range"] == "7d"
    assert body["empty"] is False
    assert set(body["figures"]) == {"focus", "themes_weekly", "theme_share", "heatmap", "length"}
    assert body["figures"]["focus"]["data"][0]["y"] == [72]
    assert {n["key"] for n in body["headline"]} == {"sessions", "mean_score", "focused_hours", "top_theme"}
    assert "72" in body["summaries"]["focus"]


@pytest.mark.parametrize("query", [{"range": "1y"}, {"range": "7d", "colour": "red"}])
def test_the_dashboard_api_refuses_bad_parameters_by_name(alice_api, query):
    response = alice_api.get("/api/v1/dashboard/", query)
    assert response.status_code == 400
    assert set(response.json()) & set(query)


def test_the_dashboard_page_shows_an_empty_state_to_a_new_user(alice_client):
    page = alice_client.get("/dashboard/").content.decode()
    assert "Record a first session" in page
    assert 'id="empty-state" class="empty-state">' in page


def test_signed_in_users_land_on_the_dashboard(alice_client):
    assert alice_client.get("/").url == "/dashboard/"


def test_the_heat_map_keeps_local_hours_across_a_daylight_saving_change(alice):
    alice.profile.time_zone = "Europe/Berlin"
    alice.profile.save()
    berlin = ZoneInfo("Europe/Berlin")
    for day in (datetime(2026, 3, 23, 9, tzinfo=berlin), datetime(2026, 3, 30, 9, tzinfo=berlin)):
        analysed_session(user=alice, started_at=day, score=60)

    cells = dashboard_data(user=alice, range_key="all").heatmap

    assert cells == [{"weekday": 1, "hour": 9, "mean": 60.0, "sessions": 2}]


def test_weeks_start_on_monday_in_the_users_time_zone(alice):
    alice.profile.time_zone = "Asia/Shanghai"
    alice.profile.save()
    # Sunday 23:30 in Shanghai is still Sunday there, though Sunday 15:30 in UTC.
    sunday_night = datetime(2026, 11, 15, 23, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    analysed_session(user=alice, started_at=sunday_night, score=50, labels=["fatigue"])

    weeks = dashboard_data(user=alice, range_key="all").theme_weeks

    assert weeks == [{"week": "2026-11-09", "theme": "fatigue", "sessions": 1}]

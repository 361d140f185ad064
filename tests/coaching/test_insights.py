"""Insights: honest comparisons of a user's own sessions, shown only with enough sessions
and a difference larger than its noise."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from coach.coaching.insights import (
    MIN_SESSIONS_PER_GROUP,
    Group,
    Insight,
    insights_for,
    t_critical,
    welch,
)
from tests.factories import CheckInFactory, StudySessionFactory, analysed_session


def by_key(insights) -> dict[str, Insight]:
    return {insight.key: insight for insight in insights}


def sleep_history(user, *, short_nights: int, long_nights: int, short_score=48, long_score=71):
    """One session a day at 10:00, after a checked-in night of 5 or 8 hours."""
    start = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0) - timedelta(days=60)
    nights = [5.0] * short_nights + [8.0] * long_nights
    for day, hours in enumerate(nights):
        when = start + timedelta(days=day)
        CheckInFactory(user=user, day=when.date(), hours_slept=hours)
        base = short_score if hours < 7 else long_score
        analysed_session(user=user, started_at=when, score=base + (day % 3) - 1)


@pytest.mark.parametrize(
    ("df", "alpha", "expected"),
    [(4, 0.05, 2.7764), (10, 0.05, 2.2281), (30, 0.05, 2.0423), (10, 0.01, 3.1693), (8, 0.05 / 276, 6.5358)],
)
def test_t_critical_values_match_the_students_t_table(df, alpha, expected):
    assert t_critical(df, alpha) == pytest.approx(expected, abs=1e-3)


def test_welchs_interval_matches_a_worked_example():
    a = [70, 75, 68, 80, 72, 77]
    b = [50, 62, 55, 48, 60]

    result = welch(Group(len(a), sum(a), sum(x * x for x in a)), Group(len(b), sum(b), sum(x * x for x in b)))

    # Reference values from scipy.stats.ttest_ind(a, b, equal_var=False).confidence_interval().
    assert result.low == pytest.approx(10.9624, abs=1e-3)
    assert result.high == pytest.approx(26.3710, abs=1e-3)
    assert result.strength > 1


def test_short_sleep_days_that_score_lower_give_a_sleep_insight_with_its_numbers(alice):
    sleep_history(alice, short_nights=7, long_nights=8)

    sleep = by_key(insights_for(user=alice))["sleep"]

    assert sleep.shown
    assert (sleep.a_n, sleep.b_n) == (8, 7)
    assert round(sleep.a_mean) == 71 and round(sleep.b_mean) == 48
    assert sleep.low > 0
    assert "In your sessions after nights of 7 hours of sleep or more" in sleep.sentence()
    assert "71 (8 sessions)" in sleep.sentence() and "48 (7 sessions)" in sleep.sentence()


def test_a_user_with_too_few_sessions_gets_no_insight_from_them(alice):
    sleep_history(alice, short_nights=MIN_SESSIONS_PER_GROUP - 1, long_nights=12, short_score=20)

    sleep = by_key(insights_for(user=alice))["sleep"]

    assert not sleep.shown
    assert sleep.reason == "too_few"
    assert "at least 5 sessions (now 12 and 4)" in sleep.status_text()
    assert not [insight for insight in insights_for(user=alice) if insight.shown and insight.kind == "sleep"]


def test_a_difference_within_the_noise_is_not_shown(alice):
    start = timezone.now().replace(hour=10) - timedelta(days=40)
    scores = [30, 90, 45, 80, 60, 35, 85, 50]
    for day, score in enumerate(scores * 2):
        when = start + timedelta(days=day)
        CheckInFactory(user=alice, day=when.date(), hours_slept=8 if day % 2 else 6)
        analysed_session(user=alice, started_at=when, score=score + (3 if day % 2 else 0))

    sleep = by_key(insights_for(user=alice))["sleep"]

    assert sleep.a_n >= 5 and sleep.b_n >= 5
    assert not sleep.shown
    assert sleep.reason == "within_noise"
    assert sleep.low < 0 < sleep.high


def test_the_best_and_worst_hours_are_compared_and_corrected_for_being_picked(alice):
    start = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(days=50)
    for day in range(8):
        analysed_session(
            user=alice, started_at=(start + timedelta(days=day)).replace(hour=9), score=80 + day % 3
        )
        analysed_session(
            user=alice, started_at=(start + timedelta(days=day)).replace(hour=14), score=65 + day % 3
        )
        analysed_session(
            user=alice, started_at=(start + timedelta(days=day)).replace(hour=22), score=45 + day % 3
        )
    # Three sessions at 6:00 score best of all, but are too few to be picked.
    for day in range(3):
        analysed_session(user=alice, started_at=(start + timedelta(days=day)).replace(hour=6), score=99)

    hour = by_key(insights_for(user=alice))["hour"]

    assert hour.shown
    assert (hour.a, hour.b) == (9, 22)
    assert "started at 09:00" in hour.sentence() and "at 22:00" in hour.sentence()


def test_hours_are_read_in_the_users_time_zone(alice):
    alice.profile.time_zone = "Asia/Shanghai"
    alice.profile.save()
    zone = ZoneInfo("Asia/Shanghai")
    for day in range(6):
        analysed_session(
            user=alice, started_at=datetime(2026, 3, 2 + day, 8, 0, tzinfo=zone), score=85 + day % 2
        )
        analysed_session(
            user=alice, started_at=datetime(2026, 3, 2 + day, 20, 0, tzinfo=zone), score=40 + day % 2
        )

    hour = by_key(insights_for(user=alice, until=datetime(2026, 3, 9, tzinfo=zone)))["hour"]

    assert (hour.a, hour.b) == (8, 20)


def test_the_session_length_where_focus_holds_best_is_found(alice):
    start = timezone.now() - timedelta(days=30)
    for day in range(6):
        when = start + timedelta(days=day)
        analysed_session(user=alice, started_at=when, minutes=40, score=78 + day % 2)
        analysed_session(user=alice, started_at=when + timedelta(hours=2), minutes=120, score=52 + day % 3)

    length = by_key(insights_for(user=alice))["length"]

    assert length.shown
    assert "25–45 focused minutes" in length.sentence()
    assert "90+ minutes" in length.sentence()


def test_pauses_do_not_count_towards_a_sessions_length(alice):
    start = timezone.now() - timedelta(days=30)
    for day in range(6):
        when = start + timedelta(days=day)
        # 100 minutes on the clock, 70 of them paused: a 30-minute session.
        analysed_session(user=alice, started_at=when, minutes=100, paused_seconds=70 * 60, score=80 + day % 2)
        analysed_session(user=alice, started_at=when + timedelta(hours=3), minutes=70, score=50 + day % 2)

    length = by_key(insights_for(user=alice))["length"]

    assert (length.a, length.b) == (1, 3)


def test_sessions_with_a_stated_goal_are_compared_with_those_without(alice):
    start = timezone.now() - timedelta(days=30)
    for day in range(6):
        when = start + timedelta(days=day)
        analysed_session(user=alice, started_at=when, score=75 + day % 2, goal="Finish chapter 3")
        analysed_session(user=alice, started_at=when + timedelta(hours=3), score=55 + day % 3, goal="")

    goal = by_key(insights_for(user=alice))["goal"]

    assert goal.shown and goal.difference > 0
    assert "with a stated goal, your focus averaged 76 (6 sessions); without one, 56" in goal.sentence()


def test_meditation_and_exercise_days_are_compared_with_other_check_in_days(alice):
    start = timezone.now().replace(hour=9) - timedelta(days=30)
    for day in range(12):
        when = start + timedelta(days=day)
        CheckInFactory(
            user=alice, day=when.date(), meditation_minutes=10 if day % 2 else 0, exercise_minutes=0
        )
        analysed_session(user=alice, started_at=when, score=(80 if day % 2 else 60) + day % 3)

    insights = by_key(insights_for(user=alice))

    assert insights["meditation"].shown and insights["meditation"].difference > 0
    assert (insights["meditation"].a_n, insights["meditation"].b_n) == (6, 6)
    # Nobody exercised: there is no group to compare with.
    assert insights["exercise"].reason == "too_few"


def test_a_rising_theme_is_a_trend_against_the_14_days_before(alice):
    now = timezone.now()
    for day in range(1, 28):
        recent = day < 14
        analysed_session(
            user=alice,
            started_at=now - timedelta(days=day, hours=1),
            score=60,
            labels=["digital"] if recent else [],
        )

    trend = by_key(insights_for(user=alice))["trend:digital"]

    assert trend.shown and trend.difference > 0
    assert "“Phone and online” was in 13 of your 13 sessions in the last 14 days" in trend.sentence()
    assert "against 0 of 14 in the 14 days before" in trend.sentence()


def test_sentences_describe_the_users_sessions_and_never_claim_a_cause(alice):
    sleep_history(alice, short_nights=7, long_nights=8)

    for insight in insights_for(user=alice):
        if insight.kind == "trend":
            text = insight.sentence()
            assert "of your" in text
        else:
            text = insight.sentence()
            assert text.startswith("In your sessions")
        for word in ("because", "cause", "leads to", "makes you"):
            assert word not in text.lower()


def test_sessions_not_yet_analysed_are_left_out(alice):
    sleep_history(alice, short_nights=7, long_nights=8)
    StudySessionFactory(user=alice, analysis_status="pending", goal="")

    goal = by_key(insights_for(user=alice))["goal"]
    assert goal.a_n + goal.b_n == 15


def test_local_hours_stay_right_across_a_daylight_saving_change(alice):
    alice.profile.time_zone = "America/New_York"
    alice.profile.save()
    zone = ZoneInfo("America/New_York")
    # New York moves from UTC-5 to UTC-4 on 8 March 2026: the same wall-clock hours either side.
    for day in range(4, 13):
        analysed_session(user=alice, started_at=datetime(2026, 3, day, 8, 0, tzinfo=zone), score=85 + day % 2)
        analysed_session(
            user=alice, started_at=datetime(2026, 3, day, 20, 0, tzinfo=zone), score=40 + day % 2
        )

    hour = by_key(insights_for(user=alice, until=datetime(2026, 3, 14, tzinfo=zone)))["hour"]

    assert (hour.a, hour.a_n, hour.b, hour.b_n) == (8, 9, 20, 9)


def test_a_change_in_a_themes_share_never_reaches_past_100_points(alice):
    now = timezone.now()
    for day in range(1, 28):
        analysed_session(
            user=alice,
            started_at=now - timedelta(days=day, hours=1),
            score=60,
            labels=["digital"] if day < 14 else [],
        )

    trend = by_key(insights_for(user=alice))["trend:digital"]

    assert -1 <= trend.low <= trend.high <= 1

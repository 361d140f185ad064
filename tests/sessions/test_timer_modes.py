"""Timer modes: a countdown to the planned length, and Pomodoro cycles of work and breaks
whose breaks never count as focused time."""

from datetime import datetime, timedelta

from coach.accounts.services import profile_for
from coach.models import StudySession, Timer


def time_passes(user, minutes):
    """Everything the timer recorded happened `minutes` earlier, as if that time had passed."""
    timer = Timer.objects.get(user=user)
    shift = timedelta(minutes=minutes)
    timer.started_at -= shift
    if timer.paused_at:
        timer.paused_at -= shift
    for period in timer.periods:
        for name in ("started_at", "ended_at"):
            if period[name]:
                period[name] = (datetime.fromisoformat(period[name]) - shift).isoformat()
    timer.save()


def test_a_countdown_counts_down_from_the_planned_length(alice_api, alice):
    started = alice_api.post(
        "/api/v1/timer/start/",
        {"subject": "Essay", "mode": "countdown", "planned_minutes": 50},
        format="json",
    )
    assert started.status_code == 201
    assert started.json()["remaining_seconds"] == 50 * 60

    time_passes(alice, 20)
    timer = alice_api.get("/api/v1/timer/").json()
    assert timer["mode"] == "countdown"
    assert 29 * 60 <= timer["remaining_seconds"] <= 30 * 60

    time_passes(alice, 35)
    assert alice_api.get("/api/v1/timer/").json()["remaining_seconds"] < -4 * 60


def test_a_countdown_without_a_planned_length_is_refused(alice_api, alice):
    response = alice_api.post(
        "/api/v1/timer/start/", {"subject": "Essay", "mode": "countdown"}, format="json"
    )

    assert response.status_code == 400
    assert "planned_minutes" in response.json()
    assert not Timer.objects.filter(user=alice).exists()


def test_an_unknown_mode_is_refused_by_name(alice_api, alice):
    response = alice_api.post(
        "/api/v1/timer/start/", {"subject": "Essay", "mode": "stopwatch"}, format="json"
    )

    assert response.status_code == 400
    assert "mode" in response.json()
    assert not Timer.objects.filter(user=alice).exists()


def test_pomodoro_cycles_take_a_long_break_after_every_fourth_work_period(alice_api, alice):
    alice_api.post("/api/v1/timer/start/", {"subject": "Calculus", "mode": "pomodoro"}, format="json")
    kinds = []
    for _ in range(8):
        period = alice_api.get("/api/v1/timer/").json()["period"]
        kinds.append(period["kind"])
        time_passes(alice, period["length_seconds"] // 60)
        alice_api.post("/api/v1/timer/next/")

    assert kinds == [
        "work",
        "short_break",
        "work",
        "short_break",
        "work",
        "short_break",
        "work",
        "long_break",
    ]


def test_pomodoro_periods_follow_the_lengths_in_the_profile(alice_api, alice):
    profile = profile_for(alice)
    profile.pomodoro_work_minutes, profile.pomodoro_short_break_minutes = 50, 10
    profile.save()

    started = alice_api.post(
        "/api/v1/timer/start/", {"subject": "Calculus", "mode": "pomodoro"}, format="json"
    )
    assert started.json()["period"]["length_seconds"] == 50 * 60
    assert started.json()["period"]["next_length_seconds"] == 10 * 60


def test_a_pomodoro_session_keeps_its_breaks_apart_from_its_focused_time(alice_api, alice):
    alice_api.post("/api/v1/timer/start/", {"subject": "Calculus", "mode": "pomodoro"}, format="json")
    time_passes(alice, 25)
    alice_api.post("/api/v1/timer/next/")  # a 5-minute break
    time_passes(alice, 5)
    on_break = alice_api.post("/api/v1/timer/next/").json()  # back to work
    assert 25 * 60 <= on_break["elapsed_seconds"] <= 25 * 60 + 2
    assert 5 * 60 <= on_break["break_seconds"] <= 5 * 60 + 2
    time_passes(alice, 10)
    alice_api.post("/api/v1/timer/stop/")

    saved = alice_api.post("/api/v1/timer/save/", {"journal": "Two rounds, no phone."}, format="json").json()

    session = StudySession.objects.get(id=saved["id"])
    assert [period["kind"] for period in session.timer_periods] == ["work", "short_break", "work"]
    assert all(period["ended_at"] for period in session.timer_periods)
    assert 34.9 <= session.focused_minutes <= 35.1
    assert session.paused_seconds >= 5 * 60


def test_a_pause_during_a_break_is_not_counted_twice(alice_api, alice):
    alice_api.post("/api/v1/timer/start/", {"subject": "Calculus", "mode": "pomodoro"}, format="json")
    time_passes(alice, 25)
    alice_api.post("/api/v1/timer/next/")
    time_passes(alice, 2)
    alice_api.post("/api/v1/timer/pause/")
    time_passes(alice, 10)
    alice_api.post("/api/v1/timer/resume/")
    time_passes(alice, 3)
    alice_api.post("/api/v1/timer/next/")
    alice_api.post("/api/v1/timer/stop/")
    saved = alice_api.post("/api/v1/timer/save/", {}, format="json").json()

    session = StudySession.objects.get(id=saved["id"])
    wall_minutes = session.duration.total_seconds() / 60
    assert 39.9 <= wall_minutes <= 40.1
    assert 24.9 <= session.focused_minutes <= 25.1  # 40 minutes less a 10-minute pause and a 5-minute break


def test_only_a_pomodoro_timer_has_a_next_period(alice_api, alice):
    alice_api.post("/api/v1/timer/start/", {"subject": "Essay"}, format="json")

    response = alice_api.post("/api/v1/timer/next/")

    assert response.status_code == 409
    assert Timer.objects.get(user=alice).periods == []


def test_the_pomodoro_lengths_are_saved_from_the_timer_page_and_refused_by_name(client, alice):
    client.force_login(alice)
    lengths = {
        "pomodoro_work_minutes": "45",
        "pomodoro_short_break_minutes": "10",
        "pomodoro_long_break_minutes": "20",
        "pomodoro_long_break_every": "3",
    }
    client.post("/timer/pomodoro/", lengths)
    assert profile_for(alice).pomodoro_work_minutes == 45

    page = client.post("/timer/pomodoro/", {**lengths, "pomodoro_work_minutes": "0"}, follow=True)

    assert profile_for(alice).pomodoro_work_minutes == 45
    assert "Pomodoro work period, minutes" in page.content.decode()


def test_a_running_timer_shows_in_the_navigation_of_every_page(client, alice):
    client.force_login(alice)
    assert 'id="timer-indicator" class="timer-indicator" hidden' in client.get("/sessions/").content.decode()

    client.post("/timer/start/", {"subject": "Thesis", "mode": "countdown", "planned_minutes": "30"})

    for path in ("/dashboard/", "/sessions/", "/coach/", "/settings/"):
        page = client.get(path).content.decode()
        assert 'id="timer-indicator" class="timer-indicator">' in page, path
        assert '"remaining_seconds": 1800' in page or '"remaining_seconds": 1799' in page, path

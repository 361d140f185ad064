"""The live timer, through the API and the page: kept on the server, one per user."""

from datetime import timedelta

from django.utils import timezone

from coach.models import StudySession, Timer


def rewind(user, minutes):
    """Pretend the timer was started `minutes` ago, as if the user had been studying."""
    timer = Timer.objects.get(user=user)
    timer.started_at -= timedelta(minutes=minutes)
    timer.save()


def test_the_timer_flow_through_the_api(alice_api, alice):
    started = alice_api.post(
        "/api/v1/timer/start/", {"subject": "Anki", "goal": "200 cards", "planned_minutes": 30}, format="json"
    )
    assert started.status_code == 201
    assert started.json()["state"] == "running"
    rewind(alice, 25)

    assert alice_api.post("/api/v1/timer/interruption/").json()["interruptions"] == 1
    assert alice_api.post("/api/v1/timer/pause/").json()["state"] == "paused"
    assert alice_api.post("/api/v1/timer/interruption/").json()["interruptions"] == 2
    assert alice_api.post("/api/v1/timer/resume/").json()["state"] == "running"
    assert alice_api.post("/api/v1/timer/stop/").json()["state"] == "stopped"

    saved = alice_api.post(
        "/api/v1/timer/save/",
        {"journal": "Roommate kept talking to me 🙄", "self_rating": 3, "goal_achieved": False},
        format="json",
    )

    assert saved.status_code == 201
    session = StudySession.objects.get(id=saved.json()["id"])
    assert session.user == alice
    assert session.subject == "Anki"
    assert session.goal == "200 cards"
    assert session.interruptions == 2
    assert len(session.interruption_times) == 2
    assert session.journal == "Roommate kept talking to me 🙄"
    assert 24 <= session.focused_minutes <= 26
    assert not Timer.objects.filter(user=alice).exists()


def test_a_second_running_timer_is_refused(alice_api, alice):
    alice_api.post("/api/v1/timer/start/", {"subject": "Chemistry"}, format="json")

    response = alice_api.post("/api/v1/timer/start/", {"subject": "Physics"}, format="json")

    assert response.status_code == 409
    assert "timer" in response.json()
    assert Timer.objects.get(user=alice).subject == "Chemistry"


def test_the_timer_survives_a_reload_and_a_second_tab(client, alice):
    client.force_login(alice)
    client.post("/timer/start/", {"subject": "Thesis", "goal": "", "planned_minutes": ""})
    rewind(alice, 10)

    first_tab = client.get("/timer/").content.decode()
    second_tab = client.get("/timer/").content.decode()

    for page in (first_tab, second_tab):
        assert "Thesis" in page
        assert "I got distracted" in page
    assert Timer.objects.get(user=alice).elapsed_seconds() >= 600


def test_the_timer_flow_through_the_page_with_a_reload_in_the_middle(client, alice):
    client.force_login(alice)
    client.post("/timer/start/", {"subject": "Essay", "goal": "Intro paragraph", "planned_minutes": "45"})
    rewind(alice, 40)
    client.post("/timer/interrupt/")
    assert "1 interruption" in client.get("/timer/").content.decode()
    client.post("/timer/pause/")
    client.post("/timer/resume/")
    client.post("/timer/stop/")
    assert "How did it go?" in client.get("/timer/").content.decode()

    response = client.post(
        "/timer/save/", {"journal": "Drafted the intro.", "self_rating": "4", "goal_achieved": "true"}
    )

    session = StudySession.objects.get(user=alice)
    assert response.status_code == 302
    assert response.url == f"/sessions/{session.id}/"
    assert session.goal_achieved is True
    assert session.interruptions == 1


def test_a_timer_journal_over_the_limit_is_refused_and_the_timer_kept(alice_api, alice):
    alice_api.post("/api/v1/timer/start/", {"subject": "Latin"}, format="json")
    rewind(alice, 5)
    alice_api.post("/api/v1/timer/stop/")

    response = alice_api.post("/api/v1/timer/save/", {"journal": "a" * 5001}, format="json")

    assert response.status_code == 400
    assert "journal" in response.json()
    assert StudySession.objects.count() == 0
    assert Timer.objects.get(user=alice).state == "stopped"


def test_steps_out_of_order_are_refused_with_the_reason(alice_api):
    assert "No timer is running" in str(alice_api.post("/api/v1/timer/stop/").json()["timer"])
    alice_api.post("/api/v1/timer/start/", {"subject": "Maths"}, format="json")
    response = alice_api.post("/api/v1/timer/resume/")
    assert response.status_code == 409
    assert "running" in str(response.json()["timer"])


def test_a_timer_start_with_an_unknown_field_is_refused(alice_api):
    response = alice_api.post("/api/v1/timer/start/", {"subject": "Maths", "colour": "red"}, format="json")
    assert response.status_code == 400
    assert "colour" in response.json()
    assert Timer.objects.count() == 0


def test_a_discarded_timer_leaves_nothing(alice_api, alice):
    alice_api.post("/api/v1/timer/start/", {"subject": "Maths"}, format="json")
    assert alice_api.delete("/api/v1/timer/").status_code == 204
    assert Timer.objects.count() == 0
    assert StudySession.objects.count() == 0


def test_elapsed_time_excludes_pauses(alice):
    from coach.sessions.timer import timer_start

    timer = timer_start(user=alice, subject="Maths")
    timer.started_at = timezone.now() - timedelta(minutes=30)
    timer.paused_seconds = 600
    assert 1190 <= timer.elapsed_seconds() <= 1210

"""Each user's preferences: language, time zone, goals and the digest opt-in."""


def test_the_language_choice_is_remembered_in_the_profile(alice_client, alice):
    alice_client.post("/language/", {"language": "zh-hans", "next": "/sessions/"})

    alice.profile.refresh_from_db()
    assert alice.profile.language == "zh-hans"
    assert 'lang="zh-hans"' in alice_client.get("/sessions/").content.decode()


def test_profile_api_changes_zone_and_language_and_rejects_unknown_zones(alice_api, alice):
    response = alice_api.patch(
        "/api/v1/profile/", {"time_zone": "Europe/Berlin", "language": "zh-hans"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["time_zone"] == "Europe/Berlin"

    bad = alice_api.patch("/api/v1/profile/", {"time_zone": "Mars/Olympus"}, format="json")
    assert bad.status_code == 400
    assert "time_zone" in bad.json()
    alice.profile.refresh_from_db()
    assert alice.profile.time_zone == "Europe/Berlin"


def test_the_settings_page_saves_goals_and_the_digest_opt_in(alice_client, alice):
    response = alice_client.post(
        "/settings/",
        {
            "time_zone": "Europe/Paris",
            "language": "en",
            "weekly_goal_hours": "12",
            "daily_goal_sessions": "3",
            "weekly_digest_email": "on",
        },
    )

    assert response.status_code == 302
    alice.profile.refresh_from_db()
    assert (alice.profile.time_zone, alice.profile.weekly_goal_hours, alice.profile.weekly_digest_email) == (
        "Europe/Paris",
        12,
        True,
    )

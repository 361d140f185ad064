"""One week's hours read the same on the digest list, its page and its email: one rounding
rule (one decimal, halves up) in one function."""

from datetime import date

from coach.durations import hours
from tests.factories import WeeklyDigestFactory


def test_halves_round_up_and_nothing_goes_below_zero():
    assert hours(minutes=75) == 1.3
    assert hours(minutes=69) == 1.2
    assert hours(seconds=4500) == 1.3
    assert hours(seconds=-30) == 0.0


def test_the_list_and_the_page_of_a_week_agree(alice_client, alice):
    digest = WeeklyDigestFactory(user=alice, week_start=date(2026, 11, 2), focus_minutes=75)

    listed = alice_client.get("/coach/digests/").content.decode()
    page = alice_client.get(f"/coach/digests/{digest.id}/").content.decode()

    assert "1.3 of" in listed
    assert "1.3 of" in page
    assert "1.2 of" not in listed + page

"""What a page or an API client reads names the data version it includes, so it knows which
events it has already seen: the dashboard API and page, the session API and page."""

import json

import pytest

from coach.realtime.sequence import bump_version
from tests.factories import StudySessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(alice):
    for _ in range(3):
        bump_version(alice.id)
    return 3


def json_script(html: str, element_id: str):
    start = html.index(f'id="{element_id}"')
    start = html.index(">", start) + 1
    return json.loads(html[start : html.index("</script>", start)])


def test_the_dashboard_api_names_its_data_version(alice_api, version):
    assert alice_api.get("/api/v1/dashboard/").json()["data_version"] == version


def test_the_dashboard_page_names_its_data_version(alice_client, version):
    html = alice_client.get("/dashboard/").content.decode()
    assert json_script(html, "dashboard-data")["data_version"] == version


def test_the_session_api_names_its_data_version_in_a_header(alice, alice_api, version):
    session = StudySessionFactory(user=alice)
    response = alice_api.get(f"/api/v1/sessions/{session.id}/")
    assert response["Data-Version"] == str(version)


def test_the_session_page_names_its_data_version(alice, alice_client, version):
    session = StudySessionFactory(user=alice)
    html = alice_client.get(f"/sessions/{session.id}/").content.decode()
    assert json_script(html, "data-version") == version


def test_another_users_changes_do_not_move_the_version(alice_api, bob, version):
    bump_version(bob.id)
    assert alice_api.get("/api/v1/dashboard/").json()["data_version"] == version


def test_the_pages_show_the_live_indicator_in_words(alice, alice_client):
    session = StudySessionFactory(user=alice)
    for path in ("/dashboard/", f"/sessions/{session.id}/"):
        html = alice_client.get(path).content.decode()
        assert 'id="connection"' in html and 'aria-live="polite"' in html
        for words in ("Live", "Reconnecting…", "Catching up…"):
            assert words in html

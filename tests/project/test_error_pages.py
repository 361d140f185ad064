"""404, 403 and 500 pages in the site's layout and the reader's language, with the navigation."""

from unittest import mock

from django.test import Client


def test_a_missing_page_is_shown_in_the_sites_layout(alice_client):
    response = alice_client.get("/no/such/page/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert 'href="/dashboard/"' in page  # the signed-in navigation


def test_a_missing_page_is_in_the_readers_language(client, db):
    client.cookies["django_language"] = "zh-hans"

    page = client.get("/no/such/page/").content.decode()

    assert "找不到这个页面" in page


def test_a_refused_form_post_gets_the_sites_403_page(alice, db):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)

    response = strict.post("/sessions/new/", {"subject": "x"})

    assert response.status_code == 403
    assert "Not allowed" in response.content.decode()
    assert "reload the page" in response.content.decode()


def test_a_server_error_gets_the_sites_500_page(alice_client):
    alice_client.raise_request_exception = False
    with mock.patch("coach.dashboard.payload_cache.dashboard_data", side_effect=RuntimeError("boom")):
        response = alice_client.get("/dashboard/")

    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong" in page
    assert "Nothing you saved is lost" in page

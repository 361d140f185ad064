"""What a browser needs to install the site as an app and open it offline."""

import json

import pytest

from tests.factories import UserFactory


def test_the_manifest_opens_the_installed_app_on_the_dashboard(client):
    response = client.get("/manifest.webmanifest")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["start_url"].startswith("/dashboard/")
    assert manifest["display"] == "standalone"
    assert manifest["scope"] == "/"
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes


def test_the_manifest_speaks_the_visitors_language(client):
    client.cookies["django_language"] = "zh-hans"
    manifest = json.loads(client.get("/manifest.webmanifest").content)

    assert manifest["lang"] == "zh-hans"
    assert "Study sessions" not in manifest["description"]


def test_the_service_worker_may_control_every_page_and_is_always_revalidated(client):
    response = client.get("/service-worker.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    config = json.loads(response.content.decode().split("const CONFIG = ", 1)[1].split(";\n", 1)[0])
    assert config["offlinePages"] == ["/timer/", "/sessions/new/"]
    assert "/accounts/logout/" in config["forgetPagesOn"]


@pytest.mark.django_db
def test_every_page_links_the_manifest_and_offers_a_skip_link(client):
    client.force_login(UserFactory())
    for path in ("/", "/dashboard/", "/sessions/new/", "/accounts/login/"):
        page = client.get(path, follow=True).content.decode()
        assert 'rel="manifest"' in page, path
        assert 'class="skip-link" href="#main"' in page, path
        assert 'id="main"' in page, path


@pytest.mark.django_db
def test_the_new_session_form_keeps_what_is_recorded_offline_for_the_signed_in_user(client):
    user = UserFactory()
    client.force_login(user)
    page = client.get("/sessions/new/").content.decode()

    assert "data-outbox" in page
    config = json.loads(
        page.split('<script id="outbox-config" type="application/json">', 1)[1].split("</script>")[0]
    )
    assert config["user"] == user.pk
    assert config["api"] == "/api/v1/sessions/"


def test_the_offline_page_names_no_one(client):
    page = client.get("/offline/").content.decode()

    assert "You are offline" in page
    assert "outbox-config" not in page

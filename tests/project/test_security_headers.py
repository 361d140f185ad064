"""Every page carries a Content-Security-Policy with no inline script and a Permissions-Policy;
the language cookie is as guarded as Django's own cookies."""


def test_pages_send_a_content_security_policy_without_inline_script(alice_client):
    response = alice_client.get("/dashboard/")

    policy = response["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert script_src.split() == ["script-src", "'self'"]
    assert "frame-ancestors 'none'" in policy


def test_pages_switch_off_features_the_site_never_uses(client, db):
    response = client.get("/accounts/login/")

    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_the_api_docs_page_has_no_inline_script(client, db):
    page = client.get("/api/docs/").content.decode()

    assert "<script>" not in page.replace(" ", "")


def test_the_language_cookie_is_samesite_and_httponly(client, db):
    response = client.post("/language/", {"language": "zh-hans", "next": "/"})

    cookie = response.cookies["django_language"]
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"] is True

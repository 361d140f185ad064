"""API tokens: named, hashed, listed, revocable one by one, revoked by a password change or
reset, and never readable again after they are made."""

from django.contrib.auth import get_user_model
from django.core import mail
from rest_framework.test import APIClient

from coach.models import ApiToken
from tests.factories import PASSWORD


def log_in_for_a_token(client, username="alice", password=PASSWORD, **extra):
    return client.post(
        "/api/v1/auth/token/", {"username": username, "password": password, **extra}, format="json"
    )


def with_token(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_each_login_makes_a_new_named_token_and_stores_only_its_hash(alice):
    first = log_in_for_a_token(APIClient(), name="phone app").json()
    second = log_in_for_a_token(APIClient()).json()

    assert first["token"] != second["token"]
    assert first["name"] == "phone app"
    stored = ApiToken.objects.get(token_key=first["token_key"])
    assert first["token"] not in (stored.digest, stored.token_key)
    assert with_token(first["token"]).get("/api/v1/sessions/").status_code == 200


def test_a_token_revokes_itself_with_delete(alice):
    key = log_in_for_a_token(APIClient()).json()["token"]

    assert with_token(key).delete("/api/v1/auth/token/").status_code == 204
    assert with_token(key).get("/api/v1/sessions/").status_code == 401


def test_tokens_are_listed_with_their_use_and_revoked_one_by_one(alice):
    kept = log_in_for_a_token(APIClient(), name="kept").json()
    revoked = log_in_for_a_token(APIClient(), name="revoked").json()
    client = with_token(kept["token"])
    client.get("/api/v1/sessions/")

    listed = {token["name"]: token for token in client.get("/api/v1/auth/tokens/").json()}
    response = client.delete(f"/api/v1/auth/tokens/{revoked['token_key']}/")

    assert set(listed) == {"kept", "revoked"}
    assert "token" not in listed["kept"]
    assert listed["kept"]["last_used_at"] is not None
    assert response.status_code == 204
    assert with_token(revoked["token"]).get("/api/v1/sessions/").status_code == 401
    assert client.get("/api/v1/sessions/").status_code == 200


def test_another_users_token_cannot_be_revoked(alice, bob):
    alices = log_in_for_a_token(APIClient()).json()
    bobs = log_in_for_a_token(APIClient(), username="bob").json()

    response = with_token(bobs["token"]).delete(f"/api/v1/auth/tokens/{alices['token_key']}/")

    assert response.status_code == 404
    assert with_token(alices["token"]).get("/api/v1/sessions/").status_code == 200


def test_changing_the_password_revokes_every_token(alice_client, alice):
    key = log_in_for_a_token(APIClient()).json()["token"]

    alice_client.post(
        "/accounts/password/change/",
        {
            "old_password": PASSWORD,
            "new_password1": "a new and long passphrase",
            "new_password2": "a new and long passphrase",
        },
    )

    assert with_token(key).get("/api/v1/sessions/").status_code == 401
    assert ApiToken.objects.filter(user=alice).count() == 0


def test_resetting_the_password_revokes_every_token(client, alice, eager_tasks):
    key = log_in_for_a_token(APIClient()).json()["token"]
    client.post("/accounts/password/reset/", {"email": alice.email})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line).strip()
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a new and long passphrase", "new_password2": "a new and long passphrase"},
    )

    assert get_user_model().objects.get(id=alice.id).check_password("a new and long passphrase")
    assert with_token(key).get("/api/v1/sessions/").status_code == 401


def test_wrong_credentials_make_no_token(alice):
    response = log_in_for_a_token(APIClient(), password="wrong")

    assert response.status_code == 400
    assert ApiToken.objects.count() == 0


def test_a_locked_out_login_answers_429_with_retry_after(alice):
    client = APIClient()
    for _ in range(5):
        log_in_for_a_token(client, password="wrong")

    response = log_in_for_a_token(client)

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert ApiToken.objects.count() == 0


def test_the_settings_page_makes_a_token_shows_it_once_and_revokes_it(alice_client, alice):
    made = alice_client.post("/settings/tokens/new/", {"name": "export script"})
    key = made.context["new_key"]

    again = alice_client.get("/settings/").content.decode()
    token = ApiToken.objects.get(user=alice)
    alice_client.post(f"/settings/tokens/{token.token_key}/revoke/")

    assert key in made.content.decode()
    assert "export script" in again and key not in again
    assert with_token(key).get("/api/v1/sessions/").status_code == 401


def test_staff_see_no_key_in_the_admin(alice, admin_client):
    key = log_in_for_a_token(APIClient()).json()["token"]

    page = admin_client.get("/admin/coach/apitoken/").content.decode()

    assert "alice" in page
    assert key not in page
    assert admin_client.get("/admin/coach/apitoken/add/").status_code == 403


def test_a_token_is_refused_while_its_account_is_locked_for_that_address(alice):
    key = log_in_for_a_token(APIClient()).json()["token"]
    for _ in range(5):
        log_in_for_a_token(APIClient(), password="wrong")

    from_the_same_address = with_token(key).get("/api/v1/sessions/")
    from_elsewhere = with_token(key).get("/api/v1/sessions/", REMOTE_ADDR="198.51.100.9")

    assert from_the_same_address.status_code == 429
    assert from_elsewhere.status_code == 200

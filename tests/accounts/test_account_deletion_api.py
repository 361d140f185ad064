"""DELETE /api/v1/account/ with the password in the body: the same deletion as the page, the
API's error shape when the password is wrong or missing."""

from tests.accounts.account_data import rows_of, traces_of, user_with_everything
from tests.factories import PASSWORD


def token_client(user):
    from rest_framework.test import APIClient

    from coach.models import ApiToken

    _token, key = ApiToken.objects.create(user=user, name="deleting")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def test_deleting_the_account_through_the_api_removes_every_trace(db):
    user, _client = user_with_everything("marguerite")
    user_id = user.id

    response = token_client(user).delete("/api/v1/account/", {"password": PASSWORD}, format="json")

    assert response.status_code == 204
    assert traces_of(user_id=user_id, username="marguerite") == []


def test_a_wrong_or_missing_password_is_refused_naming_the_field_and_changes_nothing(db):
    user, _client = user_with_everything("marguerite")
    api = token_client(user)
    before = rows_of(user)

    wrong = api.delete("/api/v1/account/", {"password": "not it"}, format="json")
    missing = api.delete("/api/v1/account/", {}, format="json")
    unknown = api.delete("/api/v1/account/", {"password": PASSWORD, "confirm": True}, format="json")

    assert (wrong.status_code, wrong.json()) == (400, {"password": ["This is not your password."]})
    assert missing.status_code == 400 and "password" in missing.json()
    assert unknown.status_code == 400 and "confirm" in unknown.json()
    assert rows_of(user) == before


def test_the_schema_documents_the_body_and_the_answers(alice_client):
    import yaml

    schema = yaml.safe_load(alice_client.get("/api/schema/").content)
    operation = schema["paths"]["/api/v1/account/"]["delete"]

    body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert body.endswith("/AccountDeleteRequest")
    assert schema["components"]["schemas"]["AccountDeleteRequest"]["required"] == ["password"]
    assert {"204", "400", "401", "415", "429"} <= set(operation["responses"])

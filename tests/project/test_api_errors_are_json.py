"""Every API error is JSON, a server error included, even when the database connection
drops while the request is answered: a client can read it and retry with its key."""

from unittest import mock

import pytest
from django.db import OperationalError, connection
from rest_framework.test import APIClient

from coach.api.errors import SERVER_ERROR
from tests.sessions.test_sessions_api import valid_payload


def drop_this_connection(**fields):
    """What a database restart or pg_terminate_backend does to the request's connection."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
    raise OperationalError("server closed the connection unexpectedly")


@pytest.fixture
def api_without_raising(alice):
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(alice)
    yield client
    connection.close()  # the next query opens a new one


@pytest.mark.django_db(transaction=True)
def test_a_connection_dropped_while_creating_answers_a_json_500(api_without_raising):
    with mock.patch("coach.sessions.api.session_create", side_effect=drop_this_connection):
        response = api_without_raising.post("/api/v1/sessions/", valid_payload(), format="json")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": SERVER_ERROR}
    assert "Idempotency-Key" in SERVER_ERROR


def test_a_database_error_before_the_view_is_json_too(alice_client):
    alice_client.raise_request_exception = False
    with mock.patch("django.contrib.auth.middleware.get_user", side_effect=OperationalError("gone")):
        response = alice_client.get("/api/v1/sessions/")

    assert response.status_code == 500
    assert response.json() == {"detail": SERVER_ERROR}


def test_pages_keep_their_html_500(alice_client):
    alice_client.raise_request_exception = False
    with mock.patch("django.contrib.auth.middleware.get_user", side_effect=OperationalError("gone")):
        response = alice_client.get("/sessions/")

    assert response.status_code == 500
    assert "text/html" in response["Content-Type"]


@pytest.mark.django_db(transaction=True)
def test_a_create_whose_connection_dropped_is_made_once_by_its_retry(api_without_raising):
    from coach.models import StudySession

    key = {"HTTP_IDEMPOTENCY_KEY": "retry-after-a-dropped-connection"}
    with mock.patch("coach.sessions.api.session_create", side_effect=drop_this_connection):
        dropped = api_without_raising.post("/api/v1/sessions/", valid_payload(), format="json", **key)
    connection.close()
    retried = api_without_raising.post("/api/v1/sessions/", valid_payload(), format="json", **key)
    again = api_without_raising.post("/api/v1/sessions/", valid_payload(), format="json", **key)

    assert dropped.status_code == 500
    assert dropped.json() == {"detail": SERVER_ERROR}
    assert retried.status_code == again.status_code == 201
    assert again.json()["id"] == retried.json()["id"]
    assert StudySession.objects.count() == 1

"""The export and import API: formats, content types, the three import steps, the error shape."""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from coach.models import StudySession
from tests.portability.conftest import export_document, fixture_bytes


@pytest.fixture
def mei_api(mei):
    api = APIClient()
    api.force_authenticate(mei)
    return api


def test_the_json_export_is_one_document(mei_api):
    response = mei_api.get("/api/v1/export/?format=json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert json.loads(b"".join(response.streaming_content))["format"] == "focusweb-export"


def test_json_is_the_default_format(mei_api):
    response = mei_api.get("/api/v1/export/")
    assert response["Content-Type"] == "application/json; charset=utf-8"


def test_the_csv_export_is_a_zip(mei_api):
    response = mei_api.get("/api/v1/export/?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert "sessions.csv" in archive.namelist()


def test_an_unknown_format_is_refused_naming_the_parameter(mei_api):
    response = mei_api.get("/api/v1/export/?format=xml")
    assert response.status_code == 400
    assert response.json() == {"format": ['"xml" is not a valid choice.']}


def test_the_export_needs_credentials(client):
    assert APIClient().get("/api/v1/export/").status_code == 401


def test_an_import_is_uploaded_previewed_and_confirmed(alice_api, alice, mei):
    content = json.dumps(export_document(mei)).encode()
    uploaded = alice_api.post(
        "/api/v1/import/", {"file": SimpleUploadedFile("export.json", content)}, format="multipart"
    )
    assert uploaded.status_code == 201
    body = uploaded.json()
    assert body["kind"] == "json"
    assert body["counts"]["sessions"] == {"new": 3, "already_here": 0}
    assert body["csv"] is None
    assert StudySession.objects.filter(user=alice).count() == 0
    confirmed = alice_api.post("/api/v1/import/confirm/", {"token": body["token"]}, format="json")
    assert confirmed.status_code == 201
    assert confirmed.json() == {
        "added": {"sessions": 3, "checkins": 2, "recommendations": 1, "tip_feedback": 1, "digests": 1},
        "analysing": 1,
    }
    assert alice_api.get("/api/v1/import/progress/").json() == {"done": 0, "total": 1}


def test_a_csv_is_previewed_under_another_mapping(alice_api, alice):
    uploaded = alice_api.post(
        "/api/v1/import/",
        {"file": SimpleUploadedFile("toggl.csv", fixture_bytes("toggl_detailed.csv"))},
        format="multipart",
    ).json()
    assert uploaded["csv"]["format"] == "toggl"
    assert uploaded["csv"]["refused"][0] == {"line": 6, "reason": "The subject is empty."}
    mapping = {
        "start_date": "Start date",
        "start_time": "Start time",
        "duration": "Duration",
        "subject": "Description",
    }
    preview = alice_api.post(
        "/api/v1/import/preview/", {"token": uploaded["token"], "mapping": mapping}, format="json"
    )
    assert preview.status_code == 200
    assert preview.json()["counts"]["sessions"]["new"] == 4
    confirmed = alice_api.post(
        "/api/v1/import/confirm/", {"token": uploaded["token"], "mapping": mapping}, format="json"
    )
    assert confirmed.json()["added"] == {"sessions": 4}


def test_an_incomplete_mapping_is_refused_naming_the_field(alice_api):
    token = alice_api.post(
        "/api/v1/import/",
        {"file": SimpleUploadedFile("toggl.csv", fixture_bytes("toggl_detailed.csv"))},
        format="multipart",
    ).json()["token"]
    response = alice_api.post(
        "/api/v1/import/preview/", {"token": token, "mapping": {"start": "Start date"}}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "end": ["Choose the column with the end, or one with the duration."],
        "subject": ["Choose the column with the subject or task."],
    }


def test_a_bad_file_answers_400_naming_the_problem(alice_api, alice):
    response = alice_api.post(
        "/api/v1/import/",
        {"file": SimpleUploadedFile("x.csv", fixture_bytes("not_utf8.csv"))},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["file"][0].startswith("The file is not UTF-8 text")


def test_a_file_over_the_limit_answers_400_with_the_limit(alice_api, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    response = alice_api.post(
        "/api/v1/import/", {"file": SimpleUploadedFile("x.csv", b"x" * (3 * 1024 * 1024))}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json() == {"file": ["The file is 3.0 MB; an import takes files up to 1.0 MB."]}


def test_the_upload_takes_multipart_only(alice_api):
    response = alice_api.post("/api/v1/import/", {"file": "x"}, format="json")
    assert response.status_code == 415


def test_the_confirmation_takes_json_only(alice_api):
    response = alice_api.post("/api/v1/import/confirm/", {"token": "x"}, format="multipart")
    assert response.status_code == 415


def test_another_users_token_is_refused(alice_api, bob_api):
    token = bob_api.post(
        "/api/v1/import/",
        {"file": SimpleUploadedFile("toggl.csv", fixture_bytes("toggl_detailed.csv"))},
        format="multipart",
    ).json()["token"]
    response = alice_api.post("/api/v1/import/confirm/", {"token": token}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "token": ["This upload has expired or was already imported: upload the file again."]
    }


def test_unknown_fields_in_the_confirmation_are_refused(alice_api):
    response = alice_api.post("/api/v1/import/confirm/", {"token": "x", "payload": {}}, format="json")
    assert response.status_code == 400
    assert response.json() == {"payload": ["Unknown field."]}


def test_no_import_answers_progress_with_nulls(alice_api):
    assert alice_api.get("/api/v1/import/progress/").json() == {"done": None, "total": None}


def test_the_schema_documents_the_endpoints_and_their_content_types(alice_api):
    schema = alice_api.get("/api/schema/?format=json").json()
    export = schema["paths"]["/api/v1/export/"]["get"]
    assert set(export["responses"]["200"]["content"]) == {"application/json", "application/zip"}
    upload = schema["paths"]["/api/v1/import/"]["post"]
    assert set(upload["requestBody"]["content"]) == {"multipart/form-data"}
    assert "413" in upload["responses"]
    for path in ("/api/v1/import/preview/", "/api/v1/import/confirm/", "/api/v1/import/progress/"):
        assert path in schema["paths"]


def test_the_server_takes_an_import_larger_than_other_requests_but_not_more():
    import asyncio

    from focusweb.body_limit import RequestBodyLimit

    async def app(scope, receive, send):
        await receive()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    def status(path: str, size: int) -> int:
        sent = []
        scope = {"type": "http", "path": path, "headers": [(b"content-length", str(size).encode())]}

        async def receive():
            return {"type": "http.request", "body": b"x" * size, "more_body": False}

        async def send(message):
            sent.append(message)

        limit = RequestBodyLimit(app, max_bytes=100, larger_for={"/api/v1/import/": 1000})
        asyncio.run(limit(scope, receive, send))
        return sent[0]["status"]

    assert status("/api/v1/import/", 500) == 200
    assert status("/api/v1/sessions/", 500) == 413
    assert status("/api/v1/import/", 2000) == 413


@pytest.mark.parametrize("mapping", [{"start": 5}, ["start"], {"start": {"column": "x"}}])
def test_a_malformed_mapping_is_refused_in_the_one_error_shape(alice_api, mapping):
    response = alice_api.post("/api/v1/import/preview/", {"token": "x", "mapping": mapping}, format="json")
    assert response.status_code == 400
    assert response.json() == {"mapping": ["Expected an object of fields to column names (strings)."]}


def test_a_mapping_to_a_long_made_up_column_is_refused_naming_the_field(alice_api):
    token = alice_api.post(
        "/api/v1/import/",
        {"file": SimpleUploadedFile("toggl.csv", fixture_bytes("toggl_detailed.csv"))},
        format="multipart",
    ).json()["token"]
    response = alice_api.post(
        "/api/v1/import/preview/",
        {"token": token, "mapping": {"start": "0" * 300, "duration": "Duration", "subject": "Project"}},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"start": [f"The file has no column “{'0' * 300}”."]}

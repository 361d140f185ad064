"""The "Your data" page: export buttons, the upload, the preview and the confirmation."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from coach.models import StudySession
from tests.portability.conftest import export_document, fixture_bytes


def test_the_settings_page_links_to_the_data_page(alice_client):
    assert 'href="/settings/data/"' in alice_client.get("/settings/").content.decode()


def test_the_data_page_offers_both_exports_and_an_upload(alice_client):
    page = alice_client.get("/settings/data/").content.decode()
    assert 'href="/settings/data/export/?format=json"' in page
    assert 'href="/settings/data/export/?format=csv"' in page
    assert 'enctype="multipart/form-data"' in page


def test_the_data_page_needs_a_sign_in(client):
    assert client.get("/settings/data/").status_code == 302


def test_an_unknown_export_format_is_refused_with_a_message(alice_client):
    response = alice_client.get("/settings/data/export/?format=xml", follow=True)
    assert "Choose JSON or CSV." in response.content.decode()


def test_uploading_a_json_export_shows_a_preview_and_confirming_imports_it(alice_client, alice, mei):
    content = json.dumps(export_document(mei)).encode()
    response = alice_client.post(
        "/settings/data/import/", {"file": SimpleUploadedFile("export.json", content)}
    )
    assert response.status_code == 302
    preview = alice_client.get(response["Location"])
    assert "3 sessions, 2 check-ins" in preview.content.decode()
    assert StudySession.objects.filter(user=alice).count() == 0
    done = alice_client.post(response["Location"], {"action": "confirm"}, follow=True)
    assert "Imported 8 items. 1 session is being analysed in the background." in done.content.decode()
    assert StudySession.objects.filter(user=alice).count() == 3


def test_a_bad_file_is_shown_with_its_problems_and_changes_nothing(alice_client, alice):
    response = alice_client.post(
        "/settings/data/import/", {"file": SimpleUploadedFile("broken.json", fixture_bytes("broken.json"))}
    )
    page = alice_client.get(response["Location"])
    assert page.status_code == 400
    assert "This file cannot be imported, and nothing was changed" in page.content.decode()
    assert StudySession.objects.filter(user=alice).count() == 0


def test_a_file_too_large_is_refused_on_the_upload_form(alice_client, settings):
    settings.IMPORT_MAX_BYTES = 1000
    response = alice_client.post("/settings/data/import/", {"file": SimpleUploadedFile("a.csv", b"x" * 2000)})
    assert response.status_code == 400
    assert "an import takes files up to 0.0 MB" in response.content.decode()


def test_a_csv_preview_lists_refused_rows_and_offers_the_mapping(alice_client, alice):
    upload = SimpleUploadedFile("toggl.csv", fixture_bytes("toggl_detailed.csv"))
    location = alice_client.post("/settings/data/import/", {"file": upload})["Location"]
    page = alice_client.get(location).content.decode()
    assert "Read as: Toggl Track (detailed report)." in page
    assert "The subject is empty." in page
    assert 'name="map_subject"' in page
    mapping = {
        "columns": ["Start date", "Start time", "Duration", "Project", "Description"],
        "map_start_date": "Start date",
        "map_start_time": "Start time",
        "map_duration": "Duration",
        "map_subject": "Description",
        "duration_unit": "hms",
        "date_order": "ymd",
        "action": "confirm",
    }
    alice_client.post(location, mapping)
    assert StudySession.objects.filter(user=alice, subject="Answering email").exists()


def test_another_users_upload_is_not_found(alice_client, bob):
    from tests.portability.conftest import upload

    staged = upload(bob, "toggl.csv", fixture_bytes("toggl_detailed.csv"))
    response = alice_client.post(f"/settings/data/import/{staged.token}/", {"action": "confirm"}, follow=True)
    assert "This upload has expired or was already imported" in response.content.decode()
    assert StudySession.objects.filter(user=bob).count() == 0


def test_a_confirmed_upload_cannot_be_confirmed_again(alice_client, alice):
    upload = SimpleUploadedFile("toggl.csv", fixture_bytes("toggl_detailed.csv"))
    location = alice_client.post("/settings/data/import/", {"file": upload})["Location"]
    alice_client.post(location, {"action": "confirm"})
    response = alice_client.post(location, {"action": "confirm"}, follow=True)
    assert "This upload has expired or was already imported" in response.content.decode()


def test_the_page_shows_the_progress_of_the_latest_import(alice_client, alice):
    upload = SimpleUploadedFile("toggl.csv", fixture_bytes("toggl_detailed.csv"))
    location = alice_client.post("/settings/data/import/", {"file": upload})["Location"]
    alice_client.post(location, {"action": "confirm"})
    page = alice_client.get("/settings/data/").content.decode()
    assert "0 of 3 sessions analysed." in page


def test_the_data_page_and_a_csv_preview_are_fully_translated(alice_client, alice):
    from tests.project.test_chinese_pages import english_words

    alice.profile.language = "zh-hans"
    alice.profile.save()
    product_names = {"JSON", "CSV", "zip", "Toggl", "Track", "Clockify"}
    assert english_words(alice_client.get("/settings/data/").content.decode()) - product_names == set()
    upload = SimpleUploadedFile("zh.csv", fixture_bytes("spreadsheet_zh.csv"))
    location = alice_client.post("/settings/data/import/", {"file": upload})["Location"]
    # The file's own name is data, not interface text.
    assert english_words(alice_client.get(location).content.decode()) - product_names - {"zh", "csv"} == set()

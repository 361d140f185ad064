"""The CSV export: a zip of one spreadsheet-safe CSV file per table."""

import csv
import io

from django.http import StreamingHttpResponse

from coach.portability.export_csv import ANALYSIS_COLUMNS, SESSION_COLUMNS
from tests.factories import StudySessionFactory
from tests.portability.conftest import export_zip, full_user

FILES = {
    "profile.csv",
    "sessions.csv",
    "interruptions.csv",
    "analyses.csv",
    "checkins.csv",
    "recommendations.csv",
    "tip_feedback.csv",
    "digests.csv",
}


def rows(archive, name: str) -> list[dict]:
    raw = archive.read(name)
    assert raw.startswith(b"\xef\xbb\xbf"), f"{name} has no byte-order mark"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_the_zip_holds_one_file_per_table(mei):
    assert set(export_zip(mei).namelist()) == FILES


def test_column_names_are_stable(mei):
    archive = export_zip(mei)
    header = archive.read("sessions.csv").decode("utf-8-sig").splitlines()[0]
    assert header.split(",") == list(SESSION_COLUMNS)
    assert SESSION_COLUMNS[:4] == ("uid", "subject", "started_at", "ended_at")
    analyses_header = archive.read("analyses.csv").decode("utf-8-sig").splitlines()[0]
    assert analyses_header.split(",") == list(ANALYSIS_COLUMNS)
    assert "theme_digital" in ANALYSIS_COLUMNS


def test_chinese_text_and_offsets_are_intact(mei):
    sessions = rows(export_zip(mei), "sessions.csv")
    assert sessions[0]["subject"] == "线性代数"
    assert sessions[0]["journal"] == "手机一直响，注意力很难集中。"
    assert sessions[0]["started_at"] == "2026-11-02T09:00:00+08:00"


def test_interruptions_analyses_and_coaching_tables_have_their_rows(mei):
    archive = export_zip(mei)
    assert len(rows(archive, "interruptions.csv")) == 2
    analyses = rows(archive, "analyses.csv")
    assert len(analyses) == 2
    assert analyses[0]["focus_score"] == "72.5"
    assert analyses[0]["labels"] == '["digital"]'
    assert float(analyses[0]["theme_digital"]) == 0.9
    assert len(rows(archive, "checkins.csv")) == 2
    assert rows(archive, "tip_feedback.csv")[0]["verdict"] == "helpful"
    assert rows(archive, "profile.csv")[0]["time_zone"] == "Asia/Shanghai"


def test_cells_a_spreadsheet_would_run_are_neutralised(mei):
    sessions = rows(export_zip(mei), "sessions.csv")
    assert sessions[1]["journal"] == '\'=HYPERLINK("http://evil") tired after lunch'


def test_another_users_data_is_never_exported(mei):
    other = full_user("other")
    StudySessionFactory(user=other, subject="Other's secret subject")
    archive = export_zip(mei)
    for name in FILES:
        assert b"secret" not in archive.read(name)
    assert len(rows(archive, "sessions.csv")) == 3


def test_the_download_is_a_streamed_zip(alice_client, alice):
    StudySessionFactory(user=alice)
    response = alice_client.get("/settings/data/export/?format=csv")
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].endswith('.zip"')
    assert b"".join(response.streaming_content).startswith(b"PK\x03\x04")

"""CSV files from timers and spreadsheets: recognised, mapped, and checked row by row."""

import pytest

from coach.models import StudySession
from coach.portability.imports import import_confirm, import_preview
from tests.factories import StudySessionFactory, UserFactory
from tests.portability.conftest import fixture_bytes, import_file, upload


@pytest.fixture
def mei(db):
    return UserFactory(username="mei")


def preview_of(user, name: str, options=None):
    staged = upload(user, name, fixture_bytes(name))
    return staged, import_preview(user=user, token=staged.token, options=options)


def test_a_toggl_track_export_is_recognised_and_mapped(mei):
    _staged, preview = preview_of(mei, "toggl_detailed.csv")
    assert preview.csv_file.format.key == "toggl"
    assert preview.csv_options.mapping["subject"] == "Project"
    assert preview.csv_options.mapping["journal"] == "Description"
    plan = preview.csv_plan
    assert [(s.subject, s.journal) for _line, s in plan.sessions] == [
        ("Linear algebra", "Problem set 4"),
        ("Thesis", "Chapter 2, literature review"),
        ("Spanish", "Verbs: subjunctive"),
    ]
    assert plan.duplicates == [(5, "The same session as line 2.")]
    assert plan.refused == [(6, "The subject is empty."), (7, "End: A session can last at most 16 hours.")]


def test_toggl_times_are_read_in_the_users_time_zone(mei):
    mei.profile.time_zone = "Europe/Berlin"
    mei.profile.save()
    _staged, preview = preview_of(mei, "toggl_detailed.csv")
    first = preview.csv_plan.sessions[0][1]
    assert first.started_at.isoformat() == "2026-10-05T09:00:00+02:00"
    assert first.ended_at - first.started_at == __import__("datetime").timedelta(minutes=90)


def test_a_clockify_export_with_month_first_dates_and_am_pm_is_read(mei):
    _staged, preview = preview_of(mei, "clockify_detailed.csv")
    assert preview.csv_file.format.key == "clockify"
    assert preview.csv_options.date_order == "mdy"
    sessions = [s for _line, s in preview.csv_plan.sessions]
    assert [s.started_at.isoformat() for s in sessions] == [
        "2026-10-13T13:00:00+00:00",
        "2026-10-14T09:15:00+00:00",
    ]
    assert preview.csv_plan.refused == [
        (4, "Start: Must be in 1970 or later. End: Must be in 1970 or later."),
        (5, "End: The end must be after the start."),
    ]


def test_a_formula_in_a_cell_is_imported_as_plain_text(mei):
    _preview, _result = import_file(mei, "clockify_detailed.csv", fixture_bytes("clockify_detailed.csv"))
    assert StudySession.objects.get(user=mei, journal__startswith="=").journal == "=1+2 lab report"


def test_a_chinese_spreadsheet_with_semicolons_bom_and_blank_lines_is_read(mei):
    _staged, preview = preview_of(mei, "spreadsheet_zh.csv")
    assert preview.csv_file.format.key == "plain"
    assert preview.csv_file.delimiter == ";"
    assert preview.csv_file.header == ["开始", "结束", "科目", "笔记"]
    assert preview.csv_options.mapping == {
        "start": "开始",
        "end": "结束",
        "subject": "科目",
        "journal": "笔记",
    }
    plan = preview.csv_plan
    assert [s.subject for _line, s in plan.sessions] == ["高等数学", "英语", "物理"]
    assert plan.sessions[0][1].journal == "复习第三章，手机放在另一个房间。"
    assert plan.duplicates == [(5, "The same session as line 3.")]
    assert plan.refused == [(8, "The start is not a date and time FocusWeb can read.")]
    assert plan.formula_cells == 1


def test_durations_in_minutes_stand_in_for_the_end(mei):
    _staged, preview = preview_of(mei, "spreadsheet_durations.csv")
    assert preview.csv_options.duration_unit == "minutes"
    sessions = [s for _line, s in preview.csv_plan.sessions]
    assert [(s.started_at.isoformat(), (s.ended_at - s.started_at).seconds // 60) for s in sessions] == [
        ("2026-10-25T09:00:00+02:00", 50),
        ("2026-10-26T09:00:00+00:00", 25),
    ]
    assert preview.csv_plan.refused == [(3, "The end or duration is not one FocusWeb can read.")]


def test_the_mapping_can_be_changed_before_importing(mei):
    staged, _preview = preview_of(mei, "toggl_detailed.csv")
    options = {
        "mapping": {
            "start_date": "Start date",
            "start_time": "Start time",
            "duration": "Duration",
            "subject": "Description",
        }
    }
    preview = import_preview(user=mei, token=staged.token, options=options)
    assert preview.csv_plan.sessions[0][1].subject == "Problem set 4"
    assert preview.csv_plan.sessions[0][1].journal == ""


def test_a_mapping_without_a_subject_is_refused_naming_the_field(mei):
    staged, _preview = preview_of(mei, "toggl_detailed.csv")
    preview = import_preview(
        user=mei,
        token=staged.token,
        options={"mapping": {"start_date": "Start date", "duration": "Duration"}},
    )
    assert preview.csv_plan is None
    assert preview.option_errors == {"subject": ["Choose the column with the subject or task."]}


def test_a_mapping_to_a_column_the_file_lacks_is_refused(mei):
    staged, _preview = preview_of(mei, "toggl_detailed.csv")
    preview = import_preview(
        user=mei,
        token=staged.token,
        options={"mapping": {"start": "Begin", "duration": "Duration", "subject": "Project"}},
    )
    assert preview.option_errors == {"start": ["The file has no column “Begin”."]}


def test_rows_already_here_are_skipped_and_reported(mei):
    import_file(mei, "toggl_detailed.csv", fixture_bytes("toggl_detailed.csv"))
    assert StudySession.objects.filter(user=mei).count() == 3
    preview, result = import_file(mei, "toggl_detailed.csv", fixture_bytes("toggl_detailed.csv"))
    assert result.added == {"sessions": 0}
    assert preview.csv_plan.duplicates[:3] == [
        (2, "Already here."),
        (3, "Already here."),
        (5, "The same session as line 2."),
    ]
    assert StudySession.objects.filter(user=mei).count() == 3


def test_a_session_entered_by_hand_is_recognised_as_already_here(mei):
    from datetime import UTC, datetime

    StudySessionFactory(
        user=mei,
        subject="Linear algebra",
        started_at=datetime(2026, 10, 5, 9, 0, tzinfo=UTC),
        ended_at=datetime(2026, 10, 5, 10, 30, tzinfo=UTC),
    )
    _staged, preview = preview_of(mei, "toggl_detailed.csv")
    assert (2, "Already here.") in preview.csv_plan.duplicates


def test_confirming_imports_only_the_rows_shown_as_importable(mei):
    staged, _preview = preview_of(mei, "spreadsheet_zh.csv")
    result = import_confirm(user=mei, token=staged.token)
    assert result.added == {"sessions": 3}
    assert result.analysing == 3
    assert set(StudySession.objects.filter(user=mei).values_list("analysis_status", flat=True)) == {"pending"}

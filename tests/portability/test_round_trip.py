"""Export a user with every kind of data, import into a fresh account, export again."""

import json

from coach.models import CheckIn, SessionLabel, StudySession, TipFeedback, WeeklyDigest
from coach.portability.imports import import_preview
from tests.factories import CheckInFactory, UserFactory
from tests.portability.conftest import export_document, import_file, upload, without_import_stamps


def test_a_fresh_account_exports_the_same_document_after_importing_it(mei):
    exported = export_document(mei)
    newcomer = UserFactory(username="newcomer")
    import_file(newcomer, "export.json", json.dumps(exported).encode())
    assert without_import_stamps(export_document(newcomer)) == without_import_stamps(exported)


def test_imported_analyses_keep_their_labels_for_the_dashboard(mei):
    newcomer = UserFactory(username="newcomer")
    import_file(newcomer, "export.json", json.dumps(export_document(mei)).encode())
    labels = SessionLabel.objects.filter(session__user=newcomer).values_list("theme", flat=True)
    assert sorted(labels) == ["digital", "fatigue", "people"]
    assert StudySession.objects.filter(user=newcomer, analysis_status="done").count() == 2


def test_importing_the_same_file_twice_adds_nothing_the_second_time(mei):
    content = json.dumps(export_document(mei)).encode()
    newcomer = UserFactory(username="newcomer")
    import_file(newcomer, "export.json", content)
    counts = [model.objects.filter(user=newcomer).count() for model in (StudySession, CheckIn, WeeklyDigest)]
    preview, result = import_file(newcomer, "export.json", content)
    assert preview.summary == "nothing new, 8 already here"
    assert sum(result.added.values()) == 0
    assert [
        model.objects.filter(user=newcomer).count() for model in (StudySession, CheckIn, WeeklyDigest)
    ] == counts


def test_reimporting_into_the_same_account_adds_nothing(mei):
    before = StudySession.objects.filter(user=mei).count()
    _preview, result = import_file(mei, "export.json", json.dumps(export_document(mei)).encode())
    assert result.added == {
        "sessions": 0,
        "checkins": 0,
        "recommendations": 0,
        "tip_feedback": 0,
        "digests": 0,
    }
    assert StudySession.objects.filter(user=mei).count() == before


def test_the_preview_counts_what_is_new_and_what_is_already_here(mei):
    newcomer = UserFactory(username="newcomer")
    CheckInFactory(user=newcomer, day=mei.checkins.first().day)
    TipFeedback.objects.create(
        user=newcomer, tip="digital_other_room", verdict="done", updated_at=mei.date_joined
    )
    staged = upload(newcomer, "export.json", json.dumps(export_document(mei)).encode())
    preview = import_preview(user=newcomer, token=staged.token)
    assert preview.counts["sessions"] == {"new": 3, "already_here": 0}
    assert preview.counts["checkins"] == {"new": 1, "already_here": 1}
    assert preview.counts["tip_feedback"] == {"new": 0, "already_here": 1}
    assert preview.summary == "3 sessions, 1 check-in, 1 recommendation, 1 weekly digest, 2 already here"
    assert preview.profile_changes["time_zone"] == "Asia/Shanghai"
    assert StudySession.objects.filter(user=newcomer).count() == 0, "a preview writes nothing"


def test_the_users_own_verdict_on_a_tip_is_kept_over_the_files(mei):
    newcomer = UserFactory(username="newcomer")
    TipFeedback.objects.create(
        user=newcomer, tip="digital_other_room", verdict="done", updated_at=mei.date_joined
    )
    import_file(newcomer, "export.json", json.dumps(export_document(mei)).encode())
    assert TipFeedback.objects.get(user=newcomer).verdict == "done"

"""Sharing corrections with the shared model: a profile setting that defaults to off, and
`manage.py export_corrections` writing the consenting users' corrections in the corpus
format that `python -m ml train --corrections` reads."""

import json
import re

from django.core.management import call_command

from coach.corrections.services import correction_save
from coach.models import Profile
from coach.sessions.services import session_update
from tests.corrections.conftest import read_session


def export(tmp_path) -> list[dict]:
    path = tmp_path / "corrections.jsonl"
    call_command("export_corrections", str(path))
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def share(user) -> None:
    Profile.objects.filter(user=user).update(share_corrections=True)


def test_sharing_is_off_until_the_user_turns_it_on(alice, alice_client, alice_api, tmp_path):
    correction_save(session=read_session(user=alice, labels=["digital"]), labels=[], text_focus=None)

    assert Profile.objects.get(user=alice).share_corrections is False
    assert export(tmp_path) == []
    settings_page = alice_client.get("/settings/").content.decode()
    assert "let my corrections improve the shared model" in settings_page.lower()
    assert re.search(r'<input type="checkbox" name="share_corrections"(?![^>]*checked)[^>]*>', settings_page)
    assert alice_api.get("/api/v1/profile/").json()["share_corrections"] is False


def test_turning_sharing_on_in_the_api(alice, alice_api):
    response = alice_api.patch("/api/v1/profile/", {"share_corrections": True}, format="json")

    assert response.status_code == 200
    assert Profile.objects.get(user=alice).share_corrections is True


def test_only_the_corrections_of_users_who_agreed_are_exported_in_the_corpus_format(alice, bob, tmp_path):
    share(alice)
    correction_save(
        session=read_session(
            user=alice, labels=["digital"], journal="Slack open all day, only read it at lunch."
        ),
        labels=[],
        text_focus=5,
    )
    correction_save(session=read_session(user=bob, labels=["digital"]), labels=["people"], text_focus=None)

    lines = export(tmp_path)

    assert lines == [
        {
            "id": "corrections:1",
            "text": "Slack open all day, only read it at lunch.",
            "themes": [],
            "focus": 5,
            "batch": "corrections",
        }
    ]


def test_the_models_focus_is_exported_rounded_when_only_the_themes_were_corrected(alice, tmp_path):
    share(alice)
    correction_save(
        session=read_session(user=alice, labels=[], text_focus=2.5), labels=["stress"], text_focus=None
    )

    assert export(tmp_path)[0]["focus"] == 3
    assert export(tmp_path)[0]["themes"] == ["stress"]


def test_focus_alone_and_corrections_of_an_earlier_text_are_left_out(alice, tmp_path, capsys):
    share(alice)
    correction_save(session=read_session(user=alice, labels=[]), labels=None, text_focus=2)
    edited = read_session(user=alice, labels=["digital"], days_ago=2)
    correction_save(session=edited, labels=[], text_focus=None)
    session_update(session=edited, journal="A different text now.")

    assert export(tmp_path) == []
    assert "left out 1 of the focus alone and 1 made on an earlier text" in capsys.readouterr().out


def test_the_export_reads_as_corpus_lines_that_training_merges(alice, tmp_path):
    from ml.corrections import load_corrections

    share(alice)
    correction_save(session=read_session(user=alice, labels=["digital"]), labels=["people"], text_focus=4)
    export(tmp_path)

    [entry] = load_corrections(tmp_path / "corrections.jsonl")

    assert entry.themes == ("people",)
    assert entry.focus == 4
    assert entry.lang == "en"
    assert entry.batch == "corrections"

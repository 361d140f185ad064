"""`manage.py seed_demo` gives a newcomer a lived-in account, once."""

import re
from io import StringIO

from django.core.management import call_command

from coach.models import CheckIn, StudySession


def test_the_demo_account_has_eight_weeks_of_varied_sessions_in_both_languages(db):
    output = StringIO()
    call_command("seed_demo", stdout=output)

    assert "log in as demo / focusweb-demo" in output.getvalue()
    sessions = StudySession.objects.filter(user__username="demo")
    assert 60 <= sessions.count() <= 160
    first, last = sessions.order_by("started_at").first(), sessions.order_by("started_at").last()
    assert (last.started_at - first.started_at).days >= 50
    journals = list(sessions.values_list("journal", flat=True))
    assert any(re.search(r"[\u4e00-\u9fff]", j) for j in journals)
    assert any(re.search(r"[A-Za-z]{4}", j) for j in journals)
    assert len({s.subject for s in sessions}) >= 5
    assert CheckIn.objects.filter(user__username="demo").count() == 56


def test_running_it_again_keeps_the_account_as_it_is(db):
    call_command("seed_demo", stdout=StringIO())
    count = StudySession.objects.count()
    output = StringIO()

    call_command("seed_demo", stdout=output)

    assert StudySession.objects.count() == count
    assert "exists" in output.getvalue()

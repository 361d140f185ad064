"""Pages rendered in Simplified Chinese carry no untranslated English interface text."""

import re
from html.parser import HTMLParser

import pytest

from coach.sessions.timer import timer_start
from tests.factories import StudySessionFactory

# Words that are the same in both languages: the product's name, units, the term API and
# data the user typed (the factories' subjects and journals are Chinese here).
ALLOWED = {"FocusWeb", "English", "UTC", "Asia", "Shanghai", "API"}


class VisibleText(HTMLParser):
    """Collects text a reader sees: element text, button values and placeholders."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        # Scripts and code samples are code, key caps are what the keyboard prints, and the
        # time-zone list is data (IANA names), not interface text.
        if tag in ("script", "style", "code", "kbd") or (
            tag == "select" and attributes.get("name") == "time_zone"
        ):
            self._skip += 1
        for name in ("placeholder", "title", "aria-label"):
            if attributes.get(name):
                self.parts.append(attributes[name])
        if tag == "input" and attributes.get("type") in ("submit", "button") and attributes.get("value"):
            self.parts.append(attributes["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "code", "kbd", "select") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def english_words(html: str) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    text = " ".join(parser.parts)
    return {word for word in re.findall(r"[A-Za-z]{2,}", text)} - ALLOWED


@pytest.fixture
def chinese_client(client, alice):
    alice.profile.language = "zh-hans"
    alice.profile.time_zone = "Asia/Shanghai"
    alice.profile.save()
    # Her address is data she typed, shown on the settings page: Chinese too.
    alice.email = "小明@例子.中国"
    alice.save()
    client.force_login(alice)
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/dashboard/",
        "/sessions/",
        "/sessions/new/",
        "/timer/",
        "/settings/",
        "/settings/delete/",
        "/coach/",
        "/coach/digests/",
        "/checkin/",
    ],
)
def test_key_pages_are_fully_translated(chinese_client, alice, path):
    StudySessionFactory(user=alice, subject="高等数学", journal="图书馆太吵了。")

    # The account's own name is data she typed (the deletion page names it).
    assert english_words(chinese_client.get(path).content.decode()) - {alice.username} == set()


def test_the_session_page_is_fully_translated(chinese_client, alice):
    session = StudySessionFactory(user=alice, subject="考研英语", journal="手机放在抽屉里。", goal="两篇阅读")

    assert english_words(chinese_client.get(f"/sessions/{session.id}/").content.decode()) == set()


def test_the_running_timer_is_fully_translated(chinese_client, alice):
    timer_start(user=alice, subject="政治")

    assert english_words(chinese_client.get("/timer/").content.decode()) == set()


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"])
def test_anonymous_pages_follow_the_language_cookie(client, db, path):
    client.cookies["django_language"] = "zh-hans"

    assert english_words(client.get(path).content.decode()) == set()


def test_dates_are_written_the_chinese_way(chinese_client, alice):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    session = StudySessionFactory(
        user=alice, started_at=datetime(2026, 3, 5, 14, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    )
    page = chinese_client.get(f"/sessions/{session.id}/").content.decode()
    assert "2026年3月5日" in page

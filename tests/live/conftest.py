import os
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.test import Client
from websockets.sync.client import connect

from coach.models import ApiToken
from focusweb.celery import app as celery_app
from tests.factories import UserFactory
from tests.live.stack import start_server, start_worker

pytestmark = pytest.mark.live


@pytest.fixture(scope="session")
def live_logs(tmp_path_factory):
    return tmp_path_factory.mktemp("live-logs")


@pytest.fixture(scope="session")
def clean_redis():
    redis.Redis.from_url(settings.REDIS_URL).flushdb()


@pytest.fixture(scope="session")
def live_server_url(django_db_setup, django_db_blocker, clean_redis, live_logs):
    server, base_url = start_server(live_logs)
    yield base_url
    server.stop()


@pytest.fixture(scope="module")
def live_worker(django_db_setup, clean_redis, live_logs):
    worker = start_worker(live_logs)
    yield worker
    worker.stop()


class LiveUser:
    def __init__(self, username: str, base_url: str):
        self.user = UserFactory(username=username)
        self.token = ApiToken.objects.create(user=self.user, name="live test")[1]
        client = Client()
        client.force_login(self.user)
        self.session_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        self.base_url = base_url

    def socket(self, origin: str | None = None, cookie: bool = True):
        headers = {"Origin": origin or self.base_url}
        if cookie:
            headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={self.session_cookie}"
        return connect(self.base_url.replace("http", "ws") + "/ws/dashboard/", additional_headers=headers)


def wait_until_workers_are_idle(seconds: float = 20) -> None:
    """Let the workers finish what they are doing before the test's tables are emptied:
    PostgreSQL's TRUNCATE waits for, and can deadlock with, a worker's open transaction."""
    deadline = time.monotonic() + seconds
    inspector = celery_app.control.inspect(timeout=0.5)
    while time.monotonic() < deadline:
        active = inspector.active() or {}
        reserved = inspector.reserved() or {}
        if not any(active.values()) and not any(reserved.values()):
            return
        time.sleep(0.2)


@pytest.fixture
def make_live_user(transactional_db, live_server_url):
    yield lambda username: LiveUser(username, live_server_url)
    wait_until_workers_are_idle()


SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread, which makes Django
    # refuse database calls from the test body; the test body is not async code. The browser
    # lives for one module, so the loop is gone before other modules' tests run.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


class ConsoleWatch:
    """Collects console errors and uncaught exceptions of every page in a context."""

    def __init__(self):
        self.errors: list[str] = []

    def attach(self, page):
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        return page


@pytest.fixture
def browser_context(browser, live_server_url):
    """A fresh browser profile; `open_page` pages report console errors, asserted at the end."""
    contexts = []
    watch = ConsoleWatch()

    def new_context(**options):
        # Playwright's wait_for_function evaluates strings, which the site's CSP forbids;
        # the console-error test turns the policy back on to check the pages themselves.
        options.setdefault("bypass_csp", True)
        context = browser.new_context(base_url=live_server_url, **options)
        contexts.append(context)
        return context

    def open_page(context, path="/"):
        page = watch.attach(context.new_page())
        page.goto(path)
        return page

    yield new_context, open_page, watch
    for context in contexts:
        context.close()
    assert watch.errors == []


def sign_in(context, live_user):
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": live_user.session_cookie, "url": live_user.base_url}]
    )

import pytest
import redis
from django.conf import settings
from django.test import Client
from rest_framework.authtoken.models import Token
from websockets.sync.client import connect

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
        self.token = Token.objects.create(user=self.user).key
        client = Client()
        client.force_login(self.user)
        self.session_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        self.base_url = base_url

    def socket(self, origin: str | None = None, cookie: bool = True):
        headers = {"Origin": origin or self.base_url}
        if cookie:
            headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={self.session_cookie}"
        return connect(self.base_url.replace("http", "ws") + "/ws/dashboard/", additional_headers=headers)


@pytest.fixture
def make_live_user(transactional_db, live_server_url):
    return lambda username: LiveUser(username, live_server_url)

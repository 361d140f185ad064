"""While Redis (the cache behind the throttles) is down, the API keeps answering: requests
go through unthrottled instead of failing with 500."""

from unittest import mock

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError

from coach.models import StudySession
from tests.sessions.test_sessions_api import valid_payload


def test_a_session_is_saved_while_the_throttles_cache_is_unreachable(alice_api):
    unreachable = RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    with (
        mock.patch.object(RedisCache, "get", side_effect=unreachable),
        mock.patch(
            "rest_framework.throttling.SimpleRateThrottle.cache", RedisCache("redis://127.0.0.1:1/0", {})
        ),
    ):
        response = alice_api.post("/api/v1/sessions/", valid_payload(), format="json")

    assert response.status_code == 201
    assert StudySession.objects.count() == 1

"""A socket opens only from the site's own origin, compared exactly, or a trusted one."""

import pytest

from coach.realtime.origins import origin_allowed


def handshake(origin: str | None, host: str = "127.0.0.1:8000", scheme: str = "ws") -> dict:
    headers = [(b"host", host.encode())]
    if origin is not None:
        headers.append((b"origin", origin.encode()))
    return {"type": "websocket", "scheme": scheme, "headers": headers}


@pytest.mark.parametrize(
    ("origin", "host", "scheme"),
    [
        ("http://127.0.0.1:8000", "127.0.0.1:8000", "ws"),
        ("https://localhost", "localhost", "wss"),
        ("https://localhost:443", "localhost", "wss"),
        ("HTTP://LOCALHOST:8000", "localhost:8000", "ws"),
    ],
)
def test_the_sites_own_origin_is_accepted(origin, host, scheme):
    assert origin_allowed(handshake(origin, host, scheme))


@pytest.mark.parametrize(
    ("origin", "host", "scheme"),
    [
        ("http://127.0.0.1:9999", "127.0.0.1:8000", "ws"),  # another port of an allowed host
        ("https://127.0.0.1:8000", "127.0.0.1:8000", "ws"),  # another scheme
        ("http://localhost:8000", "127.0.0.1:8000", "ws"),  # another allowed host
        ("https://evil.example.com", "127.0.0.1:8000", "ws"),
        ("http://evil.example.com", "evil.example.com", "ws"),  # a host not allowed
        ("null", "127.0.0.1:8000", "ws"),
        ("", "127.0.0.1:8000", "ws"),
        (None, "127.0.0.1:8000", "ws"),
    ],
)
def test_any_other_origin_is_refused(origin, host, scheme):
    assert not origin_allowed(handshake(origin, host, scheme))


def test_an_origin_trusted_in_the_settings_is_accepted(settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://focus.example.org"]

    assert origin_allowed(handshake("https://focus.example.org", host="127.0.0.1:8000"))
    assert not origin_allowed(handshake("https://focus.example.org:8443", host="127.0.0.1:8000"))

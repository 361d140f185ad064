"""Which pages may open a WebSocket: the site's own origin, compared exactly (scheme, host
and port), or one listed in CSRF_TRUSTED_ORIGINS. Channels' AllowedHostsOriginValidator
compares host names only, so a page on another port or scheme of the same host passed."""

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host

DEFAULT_PORTS = {"http": "80", "https": "443"}
PAGE_SCHEMES = {"ws": "http", "wss": "https", "http": "http", "https": "https"}


def normalised_origin(scheme: str, host: str) -> str:
    domain, port = split_domain_port(host.lower())
    if domain and ":" in domain:  # an IPv6 address keeps its brackets
        domain = f"[{domain}]"
    port = port or DEFAULT_PORTS.get(scheme, "")
    return f"{scheme}://{domain}:{port}"


def origin_allowed(scope) -> bool:
    headers = dict(scope.get("headers", []))
    origin = headers.get(b"origin", b"").decode("latin-1").strip().lower()
    host = headers.get(b"host", b"").decode("latin-1").strip()
    if not origin or "://" not in origin:
        return False
    origin_scheme, _, origin_host = origin.partition("://")
    claimed = normalised_origin(origin_scheme, origin_host)
    trusted = {normalised_origin(*o.lower().split("://", 1)) for o in settings.CSRF_TRUSTED_ORIGINS}
    if claimed in trusted:
        return True
    domain, _port = split_domain_port(host.lower())
    own_scheme = PAGE_SCHEMES.get(scope.get("scheme", "ws"), "http")
    return (
        bool(domain)
        and validate_host(domain, settings.ALLOWED_HOSTS)
        and claimed == normalised_origin(own_scheme, host)
    )


class SameOriginValidator:
    """ASGI middleware: a WebSocket handshake from any other origin is refused (HTTP 403)."""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and not origin_allowed(scope):
            return await WebsocketDenier()(scope, receive, send)
        return await self.application(scope, receive, send)

"""ASGI entry point: HTTP goes to Django, WebSockets to the Channels routes."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "focusweb.settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402  (needs Django set up first)
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.conf import settings  # noqa: E402

from coach.realtime.origins import SameOriginValidator  # noqa: E402
from coach.realtime.routing import websocket_urlpatterns  # noqa: E402
from focusweb.body_limit import RequestBodyLimit  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": RequestBodyLimit(
            django_asgi_app,
            max_bytes=settings.MAX_REQUEST_BODY_BYTES,
            larger_for={prefix: settings.IMPORT_MAX_BYTES for prefix in settings.IMPORT_PATHS},
        ),
        "websocket": SameOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)

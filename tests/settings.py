"""Settings for the test run: the project's settings with a Redis database of its own.

The live tests start real server and worker processes with these same settings, pointed at
the test database."""

import os

# Tests use Redis database 14, so a test run never touches the queues of a running app.
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/14")

from focusweb.settings import *  # noqa: E402, F403
from focusweb.settings import BASE_DIR, DATABASES  # noqa: E402

ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Hashing passwords slowly is the point in production and only a cost here.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not memory, so server and worker processes of the live tests can share it.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-db.sqlite3")}
# The live server serves static files straight from the source folders, so a test run never
# depends on an earlier collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Limits far above what any test does by accident; the throttle tests set their own.
API_THROTTLE_RATES.update(anon="10000/min", user="10000/min", writes="10000/min", auth="10000/min")  # noqa: F405
PAGE_THROTTLE_RATES.update(signup="10000/hour", password_reset="10000/hour")  # noqa: F405
PAGE_THROTTLE_RATES.update(password_reset_email="10000/hour")  # noqa: F405
PAGE_THROTTLE_RATES.update(email_verification="10000/hour", account_delete="10000/hour")  # noqa: F405

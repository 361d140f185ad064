"""FocusWeb settings, read from the environment (see .env.example for every variable)."""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
# The placeholder of .env.example, or a key too short to resist guessing, is no key at all.
PLACEHOLDER_SECRET_KEYS = {"change-me", "changeme", "secret", "insecure"}
if env.bool("REQUIRE_SECRET_KEY", default=False) and not DEBUG:
    if SECRET_KEY.strip().lower() in PLACEHOLDER_SECRET_KEYS or len(SECRET_KEY.strip()) < 32:
        raise environ.ImproperlyConfigured(
            "SECRET_KEY must be set in production to a random value of at least 32 characters, "
            "not the .env.example placeholder."
        )
if not SECRET_KEY:
    # A per-checkout key keeps `make run` working on a fresh clone without a .env file;
    # production sets SECRET_KEY (and REQUIRE_SECRET_KEY) explicitly.
    SECRET_KEY = "insecure-local-key-" + str(BASE_DIR)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "channels",
    "coach",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "coach.accounts.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "focusweb.headers.PermissionsPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "focusweb.urls"
ASGI_APPLICATION = "focusweb.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "coach.sessions.indicator.running_timer",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The web process and the workers write to one SQLite file at once. Write-ahead logging
    # lets readers go on during a write, IMMEDIATE transactions take the write lock up front
    # (no failed lock upgrade mid-transaction), and a writer waits up to 20 s for its turn:
    # without these a burst of 200 saves answered "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# An empty REDIS_URL means "no Redis": tasks run in-process and the channel layer lives in
# memory. That is enough for one person trying the app, never for a deployment.
REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    # Redis pub/sub: an event goes straight to the processes whose sockets subscribed to the
    # user's group, with no inbox to fill up. channels-redis's list-based layer drops events
    # once one web process's inbox (shared by all its sockets) holds `capacity` of them, and
    # keeps a killed process's channel names in every group for `group_expiry` (a day). Under
    # pub/sub a dead process's subscriptions end with its connection. An event published
    # while Redis is down is lost either way; the pages see the gap in `seq` and fetch again.
    # CHANNEL_LAYER=lists selects the list-based layer (kept to measure one against the other).
    CHANNEL_LAYER = env.str("CHANNEL_LAYER", default="pubsub")
    if CHANNEL_LAYER == "lists":
        CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "channels_redis.core.RedisChannelLayer",
                "CONFIG": {
                    # redis-py 8 reads with a 5 s socket timeout by default, which breaks the
                    # layer's blocking BZPOPMIN (channels_redis issue 422).
                    "hosts": [{"address": REDIS_URL, "socket_timeout": None}],
                    "capacity": env.int("CHANNEL_CAPACITY", default=1000),
                    "expiry": 60,
                    "group_expiry": 300,
                },
            }
        }
    else:
        CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
                "CONFIG": {
                    # A connection attempt to a Redis that is down fails within a second, so
                    # the layer retries, and the sockets' handshakes succeed, soon after it is back.
                    "hosts": [{"address": REDIS_URL, "socket_connect_timeout": 1, "socket_timeout": 5}],
                },
            }
        }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

AUTH_PASSWORD_VALIDATORS = [
    # 0.5 rather than Django's 0.7: "alicealice" for the user alice is refused too.
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"max_similarity": 0.5},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "coach.accounts.passwords.VisibleCharactersValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# django-axes: five failed logins for one username from one address lock that username out
# for that address for 15 minutes; nobody can lock another person out from elsewhere. The
# address is REMOTE_ADDR, which uvicorn takes from X-Forwarded-For only when the proxy is
# trusted (FORWARDED_ALLOW_IPS, .env.example). Counters live in axes' tables.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_LOCKOUT_CALLABLE = "coach.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# Database sessions that name their user in a column, so deleting an account finds its
# sessions with one indexed query (coach/accounts/session_store.py).
SESSION_ENGINE = "coach.accounts.session_store"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_STORAGE",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="FocusWeb <focusweb@localhost>")
# Where the app is reached from outside, for links in emails sent by the worker (no request there).
SITE_URL = env.str("SITE_URL", default="http://localhost:8000")

# Web Push (reminders): the server's key pair, generated at set-up into the file unless the
# whole PEM is given; the contact push services may write to about this server.
VAPID_PRIVATE_KEY = env.str("VAPID_PRIVATE_KEY", default="")
VAPID_PRIVATE_KEY_FILE = Path(
    env.str("VAPID_PRIVATE_KEY_FILE", default=str(BASE_DIR / "var" / "vapid_private_key.pem"))
)
VAPID_CONTACT = env.str("VAPID_CONTACT", default="mailto:focusweb@localhost")

# A monitor sending `Authorization: Bearer <HEALTHZ_TOKEN>` sees /healthz in detail; empty
# means only staff do.
HEALTHZ_TOKEN = env.str("HEALTHZ_TOKEN", default="")

# The largest request body taken, checked as it arrives (focusweb/body_limit.py); larger
# ones get 413. A session with the longest journal is about 20 kB.
MAX_REQUEST_BODY_BYTES = env.int("MAX_REQUEST_BODY_BYTES", default=1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BODY_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BODY_BYTES
# Imports take larger files, on their own paths only: a JSON export of 10,000 sessions with
# their analyses is about 10 MB (benchmarks/export_bench.py).
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=50 * 1024 * 1024)
IMPORT_PATHS = ("/settings/data/import/", "/api/v1/import/")

# Requests a client may make, per user or (anonymous) per address; writes and logins have
# their own, tighter limits. Over a limit the answer is 429 with Retry-After.
API_THROTTLE_RATES = {
    "anon": env.str("API_ANON_RATE", default="60/min"),
    "user": env.str("API_USER_RATE", default="600/min"),
    "writes": env.str("API_WRITE_RATE", default="60/min"),
    "auth": env.str("API_LOGIN_RATE", default="10/min"),
}
# Sign-ups and password-reset requests per client address, and reset mails per address.
PAGE_THROTTLE_RATES = {
    "signup": env.str("SIGNUP_RATE", default="10/hour"),
    "password_reset": env.str("PASSWORD_RESET_RATE", default="10/hour"),
    "password_reset_email": env.str("PASSWORD_RESET_EMAIL_RATE", default="3/hour"),
    # Verification links mailed per user, and passwords re-entered to delete an account.
    "email_verification": env.str("EMAIL_VERIFICATION_RATE", default="5/hour"),
    "account_delete": env.str("ACCOUNT_DELETE_RATE", default="10/hour"),
}
# A link to verify an email address works this long, and once.
EMAIL_VERIFICATION_DAYS = env.int("EMAIL_VERIFICATION_DAYS", default=3)

REST_FRAMEWORK = {
    "DEFAULT_THROTTLE_CLASSES": [
        "coach.api.throttles.AnonThrottle",
        "coach.api.throttles.UserThrottle",
        "coach.api.throttles.ScopedThrottle",
        "coach.api.throttles.WriteRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": API_THROTTLE_RATES,
    # JSON only, nested no deeper than any real request; other content types answer 415.
    "DEFAULT_PARSER_CLASSES": ["coach.api.parsers.BoundedJSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # The token first: a refused or missing credential answers 401 with WWW-Authenticate.
        "coach.accounts.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "coach.api.errors.api_exception_handler",
}

# API tokens (django-rest-knox): a hash of each key is stored, never the key; each token
# has a name, expires after API_TOKEN_DAYS and can be revoked on the settings page or with
# DELETE /api/v1/auth/token/; a password change or reset revokes them all.
KNOX_TOKEN_MODEL = "coach.ApiToken"
# knox's migrations create its own token table even when the model is swapped for ours;
# without them nothing of knox's is created (the swapped model is skipped).
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=env.int("API_TOKEN_DAYS", default=90)),
    "TOKEN_LIMIT_PER_USER": 50,
    "AUTH_HEADER_PREFIX": "Token",
}

SPECTACULAR_SETTINGS = {
    "ENUM_NAME_OVERRIDES": {"TimerPeriodKindEnum": "coach.sessions.timer.PERIOD_KINDS"},
    "TITLE": "FocusWeb API",
    "DESCRIPTION": "Study sessions, the live timer and the user's profile.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "coach.api.schema.add_error_responses",
    ],
}

CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis redelivers an unacknowledged task after the visibility timeout; every task's hard
# time limit stays well below it, so a slow task is never run twice at once.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
# Two queues, consumed by every worker in turn: the default one and "bulk", where a user's
# analyses go while that user has more than ANALYSIS_BULK_AFTER sessions waiting, so one
# user's flood of sessions never holds everyone else's behind it.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = [Queue("celery"), Queue("bulk")]
ANALYSIS_BULK_AFTER = env.int("ANALYSIS_BULK_AFTER", default=10)

SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600

# Content-Security-Policy (django-csp): scripts only from our own static files, no inline
# script; inline styles are allowed because Plotly positions its charts with them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Browser features the site never uses, switched off for it and anything it could embed.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = False
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_TLS_PROXY", default=False) else None
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# The classifier's artifact directory (weights, vocabulary, thresholds); the committed
# model in ml/artifacts by default.
ML_MODEL_DIR = env.path("ML_MODEL_DIR", default=BASE_DIR / "ml" / "artifacts")
# Torch threads per worker process: the worker runs one process per core (concurrency 2
# on 2 cores), so one thread each.
ML_THREADS_PER_PROCESS = env.int("ML_THREADS_PER_PROCESS", default=1)

# Analysis claims are short leases that a heartbeat renews every third of the lease while
# the task runs, so a killed task's claim lapses within ANALYSIS_LEASE_SECONDS. The sweep
# (beat, every ANALYSIS_SWEEP_SECONDS, and each worker as it connects to the broker) queues
# again what the broker lost in a restart or a dead worker held; a session queued longer
# ago than ANALYSIS_PENDING_GRACE_SECONDS is queued again as a last safety net.
ANALYSIS_LEASE_SECONDS = env.int("ANALYSIS_LEASE_SECONDS", default=15)
ANALYSIS_PENDING_GRACE_SECONDS = env.int("ANALYSIS_PENDING_GRACE_SECONDS", default=4 * ANALYSIS_LEASE_SECONDS)
ANALYSIS_SWEEP_SECONDS = env.float("ANALYSIS_SWEEP_SECONDS", default=5.0)
# The coach recomputes this long after an analysis, once for all of a user's analyses that
# land in the meantime, so the worker's time goes to analyses first.
COACH_RECOMPUTE_DELAY_SECONDS = env.float("COACH_RECOMPUTE_DELAY_SECONDS", default=2.0)
# Seconds a drawn dashboard payload is kept under its user's data version
# (coach/dashboard/payload_cache.py); 0 draws every request afresh.
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=3600)
CELERY_BEAT_SCHEDULE = {
    "requeue-stale-analyses": {
        "task": "coach.tasks.requeue_stale_analyses",
        "schedule": ANALYSIS_SWEEP_SECONDS,
        # A sweep that waited behind others is stale by then; the next one follows shortly.
        "options": {"expires": ANALYSIS_SWEEP_SECONDS},
    },
    # Hourly, because each user's week closes on Monday morning in their own time zone.
    "queue-weekly-digests": {"task": "coach.tasks.queue_weekly_digests", "schedule": 3600.0},
    "clear-sessions": {"task": "coach.tasks.clear_sessions", "schedule": 86400.0},
    "forget-idempotency-answers": {"task": "coach.tasks.forget_idempotency_answers", "schedule": 86400.0},
    "send-due-reminders": {"task": "coach.tasks.send_due_reminders", "schedule": 60.0},
}
# A save must not hang on a broker that is down: fail fast, the sweep queues it later.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "coach.dashboard.staticfinders.PlotlyFinder",
]

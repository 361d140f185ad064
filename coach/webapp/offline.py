"""What the service worker keeps on the device so the app opens without a connection."""

# Pages kept for offline use once visited: the timer and the form for a new session, whose
# saves wait on the device (static/coach/outbox.js) until the connection returns.
OFFLINE_PAGES = ("timer", "session-new")

# Bumped when what the service worker caches changes shape, so old caches are dropped.
SERVICE_WORKER_VERSION = "1"

# What those pages need, fetched when the service worker installs.
PRECACHED_STATIC_FILES = (
    "coach/app.css",
    "coach/install.js",
    "coach/outbox.js",
    "coach/timer.js",
    "coach/favicon.svg",
    "coach/icons/icon-192.png",
)

"""Events that did not reach an open page: counted, logged at WARNING with the count, and
kept in a counter shared by every process (the cache, in Redis) that `/healthz` shows staff.

A loss is an event that could not be sent (the channel layer was down) or a number missing
from the sequence a socket received (realtime/consumers.py). The page recovers by itself
(it sees the gap and fetches again); the count says how often that had to happen.
"""

import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)

COUNTER_KEY = "realtime:lost-events"
_lost_in_this_process = 0


def record_lost(count: int, what: str, *, exc_info: bool = False) -> None:
    global _lost_in_this_process
    if count <= 0:
        return
    _lost_in_this_process += count
    logger.warning(
        "%d event(s) lost: %s (%d lost in this process since it started)",
        count,
        what,
        _lost_in_this_process,
        exc_info=exc_info,
    )
    try:
        cache.add(COUNTER_KEY, 0, timeout=None)
        cache.incr(COUNTER_KEY, count)
    except Exception:  # noqa: BLE001 - the cache is Redis, which may be what failed
        logger.warning("Could not count %d lost event(s) in the shared counter", count, exc_info=True)


def lost_events() -> int | None:
    """Events lost since the counter was last reset (Redis restarted or flushed), or None
    when the counter cannot be read."""
    try:
        return int(cache.get(COUNTER_KEY, 0))
    except Exception:  # noqa: BLE001
        return None

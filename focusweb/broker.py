"""A worker that survives Redis going away with tasks in hand.

When the broker connection is lost, kombu's Redis transport puts the worker's unacknowledged
messages back on their queue while it closes the channel; by then it has let go of the
connection's settings, so that step raises AttributeError, which Celery does not take for a
connection error: the worker stops with "Unrecoverable error" instead of reconnecting
(kombu issues #582 and #970 show the same path). Nothing is lost by skipping the restore:
after a restart Redis has no queue to restore to, and the analysis sweep queues again what
was in hand (coach/sessions/analysis.py), within seconds of the worker reconnecting."""

import logging

from kombu.transport import redis as redis_transport

logger = logging.getLogger(__name__)
_restore_unacked = redis_transport.QoS.restore_unacked


def restore_unacked_or_leave_it_to_the_sweep(self, client=None):
    try:
        return _restore_unacked(self, client)
    except AttributeError:
        logger.warning(
            "Could not put %s unacknowledged messages back on a closed broker connection; "
            "the analysis sweep queues them again",
            len(self._delivered),
        )
        self._delivered.clear()
        return None


redis_transport.QoS.restore_unacked = restore_unacked_or_leave_it_to_the_sweep

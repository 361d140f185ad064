"""A worker that survives Redis going away with tasks in hand.

When the broker connection is lost, kombu's Redis transport lets go of the channel's
connection settings while messages of that channel are still in the worker's hands: putting
the unacknowledged ones back as it closes the channel, and acknowledging or rejecting the
ones whose tasks finish after the reconnect, then raise AttributeError, which Celery does
not take for a connection error, so the worker stops with "Unrecoverable error" instead of
carrying on (kombu issues #582 and #970 show the same path). Nothing is lost by skipping
those steps: after a restart Redis holds none of those messages, and the analysis sweep
(coach/sessions/analysis.py) queues again, within seconds, any session left unfinished."""

import functools
import logging

from kombu.transport import redis as redis_transport

logger = logging.getLogger(__name__)


def _on_a_closed_channel_skip(step: str):
    def wrap(method):
        @functools.wraps(method)
        def tolerant(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except AttributeError:
                logger.warning(
                    "Could not %s on a closed broker connection; the analysis sweep queues "
                    "again whatever is left unfinished",
                    step,
                )
                return None

        return tolerant

    return wrap


QoS = redis_transport.QoS
_restore_unacked = _on_a_closed_channel_skip("put unacknowledged messages back")(QoS.restore_unacked)


def restore_unacked(self, client=None):
    _restore_unacked(self, client)
    self._delivered.clear()  # restored or not, the channel is done with them


QoS.restore_unacked = restore_unacked
QoS.ack = _on_a_closed_channel_skip("acknowledge a message")(QoS.ack)
QoS.reject = _on_a_closed_channel_skip("reject a message")(QoS.reject)

"""A worker holding tasks when Redis goes away carries on: kombu's steps on the closed
channel (putting messages back, acknowledging, rejecting) are skipped, not fatal
(focusweb/broker.py); the analysis sweep queues again whatever was left unfinished."""

from unittest import mock

from kombu.transport.redis import QoS

import focusweb.broker  # noqa: F401 - applied by the Celery app in every process


def closed_channel_qos():
    qos = mock.Mock()
    qos._remove_from_indices.side_effect = AttributeError("'NoneType' object has no attribute 'client'")
    qos.channel.conn_or_acquire.side_effect = AttributeError("'NoneType' object has no attribute 'hostname'")
    qos._delivered = {"tag-1": object(), "tag-2": object()}
    return qos


def test_acknowledging_or_rejecting_on_a_closed_channel_is_skipped():
    qos = closed_channel_qos()

    assert QoS.ack(qos, "tag-1") is None
    assert QoS.reject(qos, "tag-2", requeue=False) is None


def test_putting_messages_back_on_a_closed_channel_is_skipped_and_forgotten():
    qos = closed_channel_qos()

    QoS.restore_unacked(qos)

    assert qos._delivered == {}

"""Lost events are logged at WARNING with their count and added up in a counter that every
process shares, which /healthz shows to staff."""

import logging
from unittest import mock

import pytest
from django.core.cache import cache

from coach.realtime.losses import COUNTER_KEY, lost_events, record_lost


@pytest.fixture(autouse=True)
def fresh_counter():
    cache.delete(COUNTER_KEY)
    yield
    cache.delete(COUNTER_KEY)


def test_a_loss_is_logged_at_warning_with_its_count(caplog):
    with caplog.at_level(logging.WARNING, logger="coach.realtime.losses"):
        record_lost(3, "missing from the events of user 7")

    [record] = caplog.records
    assert record.levelno == logging.WARNING
    assert record.getMessage().startswith("3 event(s) lost: missing from the events of user 7")


def test_losses_add_up_in_the_shared_counter():
    assert lost_events() == 0
    record_lost(2, "test")
    record_lost(1, "test")
    assert lost_events() == 3


def test_nothing_lost_is_not_a_loss(caplog):
    record_lost(0, "test")
    assert lost_events() == 0
    assert caplog.records == []


def test_staff_see_the_count_in_healthz(admin_client):
    record_lost(4, "test")
    with mock.patch("coach.health.celery_app.control.ping", return_value=[{"w1": {"ok": "pong"}}]):
        realtime = admin_client.get("/healthz").json()["checks"]["realtime"]
    assert realtime == {"ok": True, "detail": "4 event(s) lost since Redis started", "lost_events": 4}

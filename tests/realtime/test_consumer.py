"""The dashboard socket: only the signed-in user's events, each as sent, a pong that tells
the current data version, and every number missing from the sequence counted as lost."""

import json

import pytest
from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator
from channels.layers import get_channel_layer

from coach.realtime import consumers
from coach.realtime.consumers import DashboardConsumer
from coach.realtime.events import user_group
from coach.realtime.sequence import bump_version

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def in_memory_layer(settings):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


@pytest.fixture
def lost(monkeypatch):
    counts = []
    monkeypatch.setattr(consumers, "record_lost", lambda count, what: counts.append(count))
    return counts


class Socket(ApplicationCommunicator):
    """A WebSocket client of the consumer (channels.testing needs daphne, which we do not
    install)."""

    async def connect(self):
        await self.send_input({"type": "websocket.connect"})
        return await self.receive_output(timeout=2)

    async def send_json_to(self, data):
        await self.send_input({"type": "websocket.receive", "text": json.dumps(data)})

    async def receive_json_from(self):
        message = await self.receive_output(timeout=2)
        assert message["type"] == "websocket.send", message
        return json.loads(message["text"])

    async def disconnect(self):
        await self.send_input({"type": "websocket.disconnect", "code": 1000})
        await self.wait(timeout=2)


def socket_of(user) -> Socket:
    scope = {"type": "websocket", "path": "/ws/dashboard/", "headers": [], "user": user}
    return Socket(DashboardConsumer.as_asgi(), scope)


async def send_event(user, seq: int, event_type: str = "session.updated") -> None:
    await get_channel_layer().group_send(
        user_group(user.id), {"type": "dashboard.event", "event": {"type": event_type, "seq": seq}}
    )


def run(scenario):
    async_to_sync(scenario)()


def test_an_anonymous_socket_is_closed_with_4401():
    from django.contrib.auth.models import AnonymousUser

    async def scenario():
        socket = socket_of(AnonymousUser())
        assert (await socket.connect())["type"] == "websocket.accept"
        assert await socket.receive_output(timeout=2) == {"type": "websocket.close", "code": 4401}

    run(scenario)


def test_events_reach_the_socket_as_sent(alice, lost):
    async def scenario():
        socket = socket_of(alice)
        await socket.connect()
        for seq in (1, 2, 3):
            await send_event(alice, seq)
        assert [(await socket.receive_json_from())["seq"] for _ in range(3)] == [1, 2, 3]
        await socket.disconnect()

    run(scenario)
    assert lost == []


def test_the_pong_tells_the_current_data_version(alice):
    bump_version(alice.id)
    bump_version(alice.id)

    async def scenario():
        socket = socket_of(alice)
        await socket.connect()
        await socket.send_json_to({"type": "ping"})
        assert await socket.receive_json_from() == {"type": "pong", "version": 1, "data_version": 2}
        await socket.disconnect()

    run(scenario)


def test_a_number_that_never_arrives_is_counted_as_lost(alice, lost, monkeypatch):
    monkeypatch.setattr(consumers, "LATE_EVENT_GRACE_SECONDS", 0)

    async def scenario():
        socket = socket_of(alice)
        await socket.connect()
        await send_event(alice, 1)
        await send_event(alice, 4)  # 2 and 3 were dropped on the way
        await socket.receive_json_from()
        await socket.receive_json_from()
        await socket.disconnect()

    run(scenario)
    assert sum(lost) == 2


def test_an_event_arriving_late_is_not_lost(alice, lost):
    async def scenario():
        socket = socket_of(alice)
        await socket.connect()
        await send_event(alice, 2)  # sent by another process, overtook 1
        await send_event(alice, 1)
        await socket.receive_json_from()
        await socket.receive_json_from()
        await socket.disconnect()

    run(scenario)
    assert lost == []


def test_the_sequence_starts_at_the_version_when_the_socket_opened(alice, lost, monkeypatch):
    monkeypatch.setattr(consumers, "LATE_EVENT_GRACE_SECONDS", 0)
    for _ in range(5):
        bump_version(alice.id)

    async def scenario():
        socket = socket_of(alice)
        await socket.connect()
        await send_event(alice, 6)
        await socket.receive_json_from()
        await socket.disconnect()

    run(scenario)
    assert lost == []


def test_another_users_events_do_not_reach_the_socket(alice, bob):
    async def scenario():
        socket = socket_of(bob)
        await socket.connect()
        await send_event(alice, 1)
        assert await socket.receive_nothing(timeout=0.2)
        await socket.disconnect()

    run(scenario)


def test_a_gap_too_large_to_track_is_counted_at_once(alice, lost):
    async def scenario():
        socket = socket_of(alice)
        await socket.connect()
        await send_event(alice, consumers.MAX_TRACKED_GAP + 10)
        await socket.receive_json_from()
        await socket.disconnect()

    run(scenario)
    assert sum(lost) == consumers.MAX_TRACKED_GAP + 9

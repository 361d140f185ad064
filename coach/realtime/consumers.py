import json
import time

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from coach.realtime.events import EVENT_VERSION, user_group
from coach.realtime.losses import record_lost
from coach.realtime.sequence import current_version

# Close code for a socket without a signed-in user (4000-4999 are free for applications).
CLOSE_UNAUTHENTICATED = 4401
# Events sent by different processes may arrive out of order: a number missing for longer
# than this is counted as lost.
LATE_EVENT_GRACE_SECONDS = 5.0
# A larger gap is counted at once rather than waited for number by number.
MAX_TRACKED_GAP = 1000


class DashboardConsumer(AsyncWebsocketConsumer):
    """Forwards the signed-in user's events to their dashboard.

    The group comes only from the authenticated user in the scope; nothing a client sends
    can change it. The one message a client may send is {"type": "ping"}, answered with a
    pong carrying the user's current data version (so a page learns of an event lost last,
    with nothing after it to show the gap); anything else is ignored.

    It also watches the numbers (`seq`) of the events it forwards: one that never arrives is
    counted as lost (realtime/losses.py).
    """

    group: str | None = None
    session_key: str | None = None
    user_id: int | None = None
    highest_seq = 0
    missing: dict[int, float]
    missing_beyond = 0

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            # Accept, then close with a code, so the client learns why rather than seeing a
            # bare handshake failure.
            await self.accept()
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        session = self.scope.get("session")
        self.session_key = session.session_key if session is not None else None
        self.user_id = user.id
        self.group = user_group(user.id)
        self.missing = {}
        await self.channel_layer.group_add(self.group, self.channel_name)
        # Read after joining: every event numbered above this one reaches this socket.
        self.highest_seq = await database_sync_to_async(current_version)(user.id)
        await self.accept()

    async def disconnect(self, code):
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)
            await self.count_lost(older_than=0)

    async def receive(self, text_data=None, bytes_data=None):
        try:
            message = json.loads(text_data or "")
        except ValueError:
            return
        if isinstance(message, dict) and message.get("type") == "ping":
            data_version = await database_sync_to_async(current_version)(self.user_id)
            await self.send(
                text_data=json.dumps({"type": "pong", "version": EVENT_VERSION, "data_version": data_version})
            )
            await self.count_lost(older_than=LATE_EVENT_GRACE_SECONDS)

    async def dashboard_event(self, message):
        event = message["event"]
        await self.send(text_data=json.dumps(event))
        self.note_seq(event.get("seq"))
        await self.count_lost(older_than=LATE_EVENT_GRACE_SECONDS)

    def note_seq(self, seq) -> None:
        if not isinstance(seq, int):
            return
        gap = seq - self.highest_seq - 1
        if gap > MAX_TRACKED_GAP:
            self.missing[self.highest_seq + 1] = 0.0  # counted at once, as one
            self.missing_beyond += gap - 1
        elif gap > 0:
            now = time.monotonic()
            self.missing.update(dict.fromkeys(range(self.highest_seq + 1, seq), now))
        self.missing.pop(seq, None)
        self.highest_seq = max(self.highest_seq, seq)

    async def count_lost(self, *, older_than: float) -> None:
        cutoff = time.monotonic() - older_than
        lost = [seq for seq, noticed in self.missing.items() if noticed <= cutoff]
        if not lost and not self.missing_beyond:
            return
        for seq in lost:
            del self.missing[seq]
        count, self.missing_beyond = len(lost) + self.missing_beyond, 0
        await sync_to_async(record_lost)(
            count, f"missing from the events of user {self.user_id} on socket {self.channel_name}"
        )

    async def auth_revoked(self, message):
        """Logout closes the sockets of that session; a password change or reset closes them
        all (it also gives the session that made the change a new key, so a page still
        signed in simply opens a new socket)."""
        revoked = message.get("session_key")
        if revoked is None or revoked == self.session_key:
            await self.close(code=CLOSE_UNAUTHENTICATED)

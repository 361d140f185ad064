import json

from channels.generic.websocket import AsyncWebsocketConsumer

from coach.realtime.events import EVENT_VERSION, user_group

# Close code for a socket without a signed-in user (4000-4999 are free for applications).
CLOSE_UNAUTHENTICATED = 4401


class DashboardConsumer(AsyncWebsocketConsumer):
    """Forwards the signed-in user's events to their dashboard.

    The group comes only from the authenticated user in the scope; nothing a client sends
    can change it. The one message a client may send is {"type": "ping"}, answered with a
    pong; anything else is ignored.
    """

    group: str | None = None
    session_key: str | None = None

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
        self.group = user_group(user.id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        try:
            message = json.loads(text_data or "")
        except ValueError:
            return
        if isinstance(message, dict) and message.get("type") == "ping":
            await self.send(text_data=json.dumps({"type": "pong", "version": EVENT_VERSION}))

    async def dashboard_event(self, message):
        await self.send(text_data=json.dumps(message["event"]))

    async def auth_revoked(self, message):
        """Logout closes the sockets of that session; a password change or reset closes them
        all (it also gives the session that made the change a new key, so a page still
        signed in simply opens a new socket)."""
        revoked = message.get("session_key")
        if revoked is None or revoked == self.session_key:
            await self.close(code=CLOSE_UNAUTHENTICATED)

"""The one place that sends events to a user's open pages over the channel layer.

Events are JSON objects with a `type` and a schema `version`; the dashboard consumer forwards
them to every socket in the user's group unchanged.
"""

from typing import Literal, TypedDict

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

EVENT_VERSION = 1
EventType = Literal["session.created", "session.updated", "session.deleted", "session.analysed"]


class SessionEvent(TypedDict):
    type: EventType
    version: int
    session: dict


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def publish(*, user_id: int, event: SessionEvent) -> None:
    """Send `event` to every open dashboard of the user."""
    async_to_sync(get_channel_layer().group_send)(
        user_group(user_id), {"type": "dashboard.event", "event": event}
    )

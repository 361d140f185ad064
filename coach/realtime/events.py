"""The one place that sends events to a user's open pages over the channel layer.

Every event is a JSON object with a `type`, a schema `version` and the session it is about,
in the shape a dashboard chart needs to add, move or drop the point without another
request, and the user's data version after the change as `seq` (realtime/sequence.py). The
dashboard consumer forwards events to every socket in the user's group as they are. The push
is a hint: a page that sees a gap in `seq`, reconnects or becomes visible fetches again.
"""

import logging
from typing import Literal, TypedDict

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from coach.corrections.reading import session_correction, session_labels
from coach.realtime.losses import record_lost
from coach.realtime.sequence import bump_version

logger = logging.getLogger(__name__)

EVENT_VERSION = 1
EventType = Literal[
    "session.created",
    "session.updated",
    "session.deleted",
    "session.analysed",
    "session.corrected",
    "coach.updated",
    "coach.updated",
    "import.progress",
]
# Changes no chart draws, numbered and sent all the same, so that every open page knows the
# user's data version is current: the timer's steps and the day's check-in.
ChangeType = Literal["timer.changed", "checkin.changed"]


class SessionEvent(TypedDict, total=False):
    type: EventType
    version: int
    seq: int
    session: dict


class CoachEvent(TypedDict, total=False):
    """The user's recommendations were recomputed: the top ones, for the coaching panel."""

    type: Literal["coach.updated"]
    version: int
    seq: int
    coach: dict


class ImportProgressEvent(TypedDict):
    """How far the analysis of the user's latest import has got: `done` of `total` sessions."""

    type: Literal["import.progress"]
    version: int
    progress: dict


class ChangeEvent(TypedDict, total=False):
    type: ChangeType
    version: int
    seq: int
    timer: dict
    checkin: dict


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def session_summary(session) -> dict:
    """A session as the dashboard draws it: facts, status and, once analysed, the result."""
    analysis = getattr(session, "analysis", None) if session.analysis_status == "done" else None
    correction = session_correction(session) if analysis else None
    return {
        "id": session.id,
        "subject": session.subject,
        "started_at": session.started_at.isoformat(),
        "ended_at": session.ended_at.isoformat(),
        "focused_minutes": round(session.focused_minutes, 1),
        "interruptions": session.interruptions,
        "self_rating": session.self_rating,
        "analysis_status": session.analysis_status,
        "analysis_error": session.analysis_error,
        "focus_score": analysis.focus_score if analysis else None,
        # The themes as counted everywhere: the user's corrected set when there is one.
        "labels": session_labels(session) if analysis else [],
        "themes": analysis.themes if analysis else {},
        "text_focus": analysis.text_focus if analysis else None,
        "corrected": correction is not None,
    }


def session_event(event_type: EventType, session) -> SessionEvent:
    return {"type": event_type, "version": EVENT_VERSION, "session": session_summary(session)}


def deleted_event(session_id: int) -> SessionEvent:
    return {"type": "session.deleted", "version": EVENT_VERSION, "session": {"id": session_id}}


def coach_event(recommendations, *, computed_at) -> CoachEvent:
    """The panel re-reads its HTML on this event; the payload says what changed."""
    return {
        "type": "coach.updated",
        "version": EVENT_VERSION,
        "coach": {
            "computed_at": computed_at.isoformat(),
            "recommendations": [
                {"id": r.id, "rank": r.rank, "tip": r.tip, "family": r.family} for r in recommendations
            ],
        },
    }


def import_progress_event(*, done: int, total: int) -> ImportProgressEvent:
    return {"type": "import.progress", "version": EVENT_VERSION, "progress": {"done": done, "total": total}}


def timer_event(timer) -> ChangeEvent:
    """The timer's state after a step, or "none" once it was saved or discarded."""
    return {
        "type": "timer.changed",
        "version": EVENT_VERSION,
        "timer": {"state": timer.state if timer else "none"},
    }


def checkin_event(checkin, *, deleted: bool = False) -> ChangeEvent:
    return {
        "type": "checkin.changed",
        "version": EVENT_VERSION,
        "checkin": {"id": checkin.id, "day": checkin.day.isoformat(), "deleted": deleted},
    }


Event = SessionEvent | CoachEvent | ChangeEvent | ImportProgressEvent


def publish(*, user_id: int, event: Event) -> None:
    """Number `event` with the user's next version and send it to every open page of theirs."""
    _send(user_id, {**event, "seq": bump_version(user_id)})


def publish_safely(*, user_id: int, event: Event) -> None:
    """Number `event` and send it once the transaction of the change it reports commits. The
    number is taken after the commit, in a statement of its own, so no transaction holds the
    user's version row while it does other work (two such transactions, each waiting for a
    row the other holds, deadlocked under a burst of saves). A channel layer that is down is
    logged and counted, never raised: the data is already saved, and the pages see the gap
    in `seq` and fetch it."""

    def send():
        try:
            numbered = {**event, "seq": bump_version(user_id)}
        except Exception:  # noqa: BLE001 - the database is gone: pages catch up on reconnect
            record_lost(1, f"{event['type']} to user {user_id} could not be numbered", exc_info=True)
            return
        try:
            _send(user_id, numbered)
        except Exception:  # noqa: BLE001
            record_lost(1, f"{numbered['type']} to user {user_id} could not be sent", exc_info=True)

    transaction.on_commit(send)


def _send(user_id: int, event: dict) -> None:
    async_to_sync(get_channel_layer().group_send)(
        user_group(user_id), {"type": "dashboard.event", "event": event}
    )


def close_sockets(*, user_id: int, session_key: str | None = None) -> None:
    """Close the user's open sockets with 4401: those of one signed-in session (at logout),
    or, with no session key, all of them (after a password change or reset)."""

    def send():
        try:
            async_to_sync(get_channel_layer().group_send)(
                user_group(user_id), {"type": "auth.revoked", "session_key": session_key}
            )
        except Exception:  # noqa: BLE001 - sockets are also refused at their next connect
            logger.warning("Could not close the sockets of user %s", user_id, exc_info=True)

    transaction.on_commit(send)

"""Saving imported sessions in bulk, with the analyses a file brought along, and queueing the
analysis of the rest on the low-priority bulk queue, so a large import never delays anyone's
live sessions."""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from coach import queue
from coach.coaching.recommendations import queue_recompute
from coach.models import SessionAnalysis, SessionLabel, StudySession
from coach.portability import import_analysis

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000


def sessions_save(*, user, sessions: list[tuple[StudySession, SessionAnalysis | None]]) -> list[int]:
    """Insert the sessions (each with its analysis, if any) for `user` and return the ids of
    those left to analyse. Must run inside the caller's transaction."""
    if not sessions:
        return []
    now = timezone.now()
    for session, _analysis in sessions:
        session.user = user
        session.revision = 1
        session.analysis_queued_at = now
    StudySession.objects.bulk_create([session for session, _ in sessions], batch_size=BATCH_SIZE)
    ids = ids_by_uid(user=user, uids=[session.uid for session, _ in sessions])
    analyses, labels, waiting = [], [], []
    for session, analysis in sessions:
        session.id = ids[session.uid]
        if analysis is None:
            waiting.append(session.id)
            continue
        analysis.session_id = session.id
        analysis.revision = session.revision
        analyses.append(analysis)
        labels.extend(SessionLabel(session_id=session.id, theme=theme) for theme in analysis.labels)
    SessionAnalysis.objects.bulk_create(analyses, batch_size=BATCH_SIZE)
    SessionLabel.objects.bulk_create(labels, batch_size=BATCH_SIZE)
    # The imported analyses count for the insights at once; those still to come ask again.
    queue_recompute(user_id=user.id, delay=settings.COACH_RECOMPUTE_DELAY_SECONDS)
    if waiting:
        import_analysis.batch_start(user_id=user.id, session_ids=waiting)
        user_id, first, last = user.id, min(waiting), max(waiting)
        transaction.on_commit(lambda: batch_queue(user_id=user_id, first_id=first, last_id=last))
    return waiting


def ids_by_uid(*, user, uids: list) -> dict:
    """{uid: id} of the user's sessions with these uids, asked in chunks: SQLite's default build
    takes at most 32,766 parameters in one query."""
    found = {}
    for start in range(0, len(uids), BATCH_SIZE):
        chunk = uids[start : start + BATCH_SIZE]
        found.update(StudySession.objects.filter(user=user, uid__in=chunk).values_list("uid", "id"))
    return found


def batch_queue(*, user_id: int, first_id: int, last_id: int) -> None:
    """Queue the next step of an import's analysis on the bulk queue; a broker that is down
    leaves the sessions pending for the analysis sweep (coach/sessions/analysis.py)."""
    try:
        queue.send(queue.ANALYSE_IMPORT, args=(user_id, first_id, last_id), queue_name=queue.BULK_QUEUE)
    except Exception:  # noqa: BLE001 - the sweep queues pending sessions again
        logger.warning("Could not queue the analysis of an import", exc_info=True)

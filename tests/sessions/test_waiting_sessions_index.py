"""The sessions not yet analysed have an index of their own (a partial one, a handful of rows
among a history of thousands), and PostgreSQL plans the pending-analysis sweep and the
per-user queue choice on it instead of reading the whole table or a user's whole history."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coach.sessions.analysis import analysis_queue_for, requeue_stale
from tests.factories import StudySessionFactory

INDEX = "session_not_done_idx"


def session_queries(run) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        run()
    return [q["sql"] for q in captured.captured_queries if 'FROM "coach_studysession"' in q["sql"]]


def postgresql_plan(sql: str) -> str:
    with connection.cursor() as cursor:
        # A test table is small enough that a sequential scan would win; the question here is
        # whether the planner can use the index at all for these conditions.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_sweep_and_the_queue_choice_read_the_index_of_sessions_not_yet_done(alice):
    started = timezone.now() - timedelta(days=1)
    StudySessionFactory.create_batch(20, user=alice, started_at=started, analysis_status="done")
    StudySessionFactory.create_batch(2, user=alice, started_at=started, analysis_status="pending")

    queries = session_queries(requeue_stale) + session_queries(lambda: analysis_queue_for(alice.id))

    assert len(queries) == 2
    constraints = connection.introspection.get_constraints(connection.cursor(), "coach_studysession")
    assert constraints[INDEX]["index"] and constraints[INDEX]["columns"] == ["user_id", "started_at"]
    if connection.vendor == "postgresql":
        # SQLite uses a partial index only when the query repeats the index's condition
        # word for word; production runs on PostgreSQL, whose planner proves it.
        # The sweep reads the index of unfinished analyses, the queue choice this one.
        sweep, queue_choice = queries
        assert "analysis_unfinished" in postgresql_plan(sweep), postgresql_plan(sweep)
        assert INDEX in postgresql_plan(queue_choice), postgresql_plan(queue_choice)

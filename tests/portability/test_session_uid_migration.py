"""Migration 0010 gives every existing session a uid of its own."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("coach", "0009_analysis_claimed_by")]
AFTER = [("coach", "0010_session_uid")]


@pytest.mark.django_db(transaction=True)
def test_existing_sessions_get_distinct_uids():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    user = old.get_model("auth", "User").objects.create(username="early")
    Session = old.get_model("coach", "StudySession")
    from datetime import UTC, datetime, timedelta

    start = datetime(2026, 1, 1, tzinfo=UTC)
    for hour in range(5):
        Session.objects.create(
            user=user,
            subject="Old",
            started_at=start + timedelta(hours=hour),
            ended_at=start + timedelta(hours=hour, minutes=30),
        )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    uids = list(new.get_model("coach", "StudySession").objects.values_list("uid", flat=True))
    # Back to the latest schema for the tests that follow.
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert len(uids) == 5
    assert None not in uids
    assert len(set(uids)) == 5

"""A uid per study session, for export and idempotent import.

Existing rows each get their own uuid: the column is added nullable, filled row by row,
then made required and unique per user. (A default on AddField would give every existing
row the same value.)"""

import uuid

from django.db import migrations, models


def fill_uids(apps, schema_editor):
    StudySession = apps.get_model("coach", "StudySession")
    pending = StudySession.objects.filter(uid__isnull=True).only("id")
    batch = []
    for session in pending.iterator(chunk_size=2000):
        session.uid = uuid.uuid4()
        batch.append(session)
        if len(batch) == 2000:
            StudySession.objects.bulk_update(batch, ["uid"])
            batch = []
    StudySession.objects.bulk_update(batch, ["uid"])


class Migration(migrations.Migration):
    dependencies = [
        ('coach', '0009_analysis_claimed_by'),
    ]

    operations = [
        migrations.AddField(
            model_name="studysession",
            name="uid",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(fill_uids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="studysession",
            name="uid",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AddConstraint(
            model_name="studysession",
            constraint=models.UniqueConstraint(fields=("user", "uid"), name="one_session_per_uid_per_user"),
        ),
    ]

"""A partial index of the sessions not yet analysed, for the sweep and the waiting lists, and
one of each user's latest edits, for the dashboard cache's data version."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ('coach', '0014_corrections'),
    ]

    operations = [
        migrations.AddIndex(
            model_name="studysession",
            index=models.Index(
                condition=~models.Q(analysis_status="done"),
                fields=["user", "-started_at"],
                name="session_not_done_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="studysession",
            index=models.Index(fields=["user", "-updated_at"], name="session_user_edited_idx"),
        ),
    ]

"""A partial index of the sessions not yet analysed, for the sweep and the waiting lists."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("coach", "0009_analysis_claimed_by"),
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
    ]

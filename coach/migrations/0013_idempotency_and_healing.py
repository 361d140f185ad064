"""Healing in seconds and creates that never duplicate: the answers kept per idempotency
key, a count of how many times each revision's analysis was stored, and a partial index
holding only the unfinished sessions, which the sweep reads every few seconds."""

import django.core.serializers.json
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ('coach', '0012_profile_data_version'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="IdempotencyKey",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=255)),
                ("fingerprint", models.CharField(max_length=64)),
                ("status_code", models.PositiveSmallIntegerField()),
                ("body", models.JSONField(default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder)),
                ("location", models.CharField(blank=True, max_length=500)),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("user", "key"), name="one_answer_per_idempotency_key")
                ],
            },
        ),
        migrations.AddField(
            model_name="sessionanalysis",
            name="times_stored",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddIndex(
            model_name="studysession",
            index=models.Index(
                condition=models.Q(("analysis_status__in", ["pending", "running"])),
                fields=["analysis_status", "analysis_queued_at"],
                name="analysis_unfinished",
            ),
        ),
    ]

# Corrections: the user's own reading of a session beside the model's, a per-user
# calibration fitted on them, and the consent to share them. Analyses stored before this
# had no personal calibration, so their model labels are their labels.

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def model_labels_are_the_labels(apps, schema_editor):
    SessionAnalysis = apps.get_model("coach", "SessionAnalysis")
    SessionAnalysis.objects.update(model_labels=models.F("labels"))


class Migration(migrations.Migration):

    dependencies = [
        ('coach', '0013_idempotency_and_healing'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='profile',
            name='share_corrections',
            field=models.BooleanField(default=False, help_text='When on, the journals you corrected and your corrections may be exported to train the next version of the classifier everyone uses.', verbose_name='let my corrections improve the shared model'),
        ),
        migrations.AddField(
            model_name='sessionanalysis',
            name='model_labels',
            field=models.JSONField(default=list, help_text="The model's own labels, above its thresholds, before any personal calibration."),
        ),
        migrations.RunPython(model_labels_are_the_labels, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='sessionanalysis',
            name='labels',
            field=models.JSONField(help_text="Theme codes the analysis decided: the model's, through the user's calibration when on."),
        ),
        migrations.CreateModel(
            name='PersonalCalibration',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('enabled', models.BooleanField(default=False)),
                ('offsets', models.JSONField(default=dict, help_text='Theme code to threshold offset, for the themes it changes.')),
                ('corrections', models.PositiveIntegerField(default=0, help_text='Label corrections it was fitted on.')),
                ('agreement', models.JSONField(default=dict, help_text='Per theme: {sessions, model, calibrated}, counts of held-out agreement.')),
                ('reason', models.CharField(help_text='too_few, no_gain or enabled.', max_length=20)),
                ('model_version', models.CharField(blank=True, max_length=64)),
                ('fitted_at', models.DateTimeField()),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='calibration', to=settings.AUTH_USER_MODEL)),
            ],
        ),
        migrations.CreateModel(
            name='SessionCorrection',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('revision', models.PositiveIntegerField(help_text="The session's revision the correction was made on.")),
                ('journal_digest', models.CharField(help_text='SHA-256 of the journal it was made on.', max_length=64)),
                ('labels', models.JSONField(blank=True, help_text='The corrected theme codes; null: not corrected.', null=True)),
                ('text_focus', models.PositiveSmallIntegerField(blank=True, help_text='The corrected focus of the text, 1 to 5; null: not corrected.', null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)])),
                ('model_labels', models.JSONField(default=list, help_text="The model's own labels when the correction was made.")),
                ('model_themes', models.JSONField(default=dict, help_text="The model's theme probabilities then.")),
                ('model_text_focus', models.FloatField(blank=True, null=True)),
                ('model_version', models.CharField(max_length=64)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('session', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='correction', to='coach.studysession')),
            ],
        ),
    ]

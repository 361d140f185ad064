from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("coach", "0009_analysis_claimed_by"),
    ]

    operations = [
        migrations.AddField(
            model_name="profile",
            name="data_version",
            field=models.BigIntegerField(default=0, editable=False),
        ),
    ]

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ('coach', '0011_email_verification_and_login_sessions'),
    ]

    operations = [
        migrations.AddField(
            model_name="profile",
            name="data_version",
            field=models.BigIntegerField(default=0, editable=False),
        ),
    ]

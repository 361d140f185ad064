"""Pending (unverified) email addresses and signed-in sessions that name their user.

Addresses given before verification existed were never verified: they move to
PendingEmail, and User.email is left empty until the user follows a link (the settings page
offers to send one). Signed-in sessions move from django_session to coach_loginsession with
their user's id, so nobody is signed out by the change of session engine."""

import secrets

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import migrations, models


def unverified_addresses_to_pending(apps, schema_editor):
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    PendingEmail = apps.get_model("coach", "PendingEmail")
    users = User.objects.exclude(email="")
    PendingEmail.objects.bulk_create(
        PendingEmail(user_id=user.id, email=user.email, nonce=secrets.token_hex(16)) for user in users
    )
    users.update(email="")


def pending_addresses_back(apps, schema_editor):
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    PendingEmail = apps.get_model("coach", "PendingEmail")
    for pending in PendingEmail.objects.all():
        User.objects.filter(id=pending.user_id, email="").update(email=pending.email)


def sessions_to_login_sessions(apps, schema_editor):
    Session = apps.get_model("sessions", "Session")
    LoginSession = apps.get_model("coach", "LoginSession")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    user_ids = {str(pk) for pk in User.objects.values_list("pk", flat=True)}
    decoder = SessionStore()
    moved = []
    for session in Session.objects.iterator(chunk_size=1000):
        user_id = decoder.decode(session.session_data).get(SESSION_KEY)
        moved.append(
            LoginSession(
                session_key=session.session_key,
                session_data=session.session_data,
                expire_date=session.expire_date,
                user_id=int(user_id) if user_id in user_ids else None,
            )
        )
    LoginSession.objects.bulk_create(moved, batch_size=1000)
    Session.objects.all().delete()


def login_sessions_back(apps, schema_editor):
    Session = apps.get_model("sessions", "Session")
    LoginSession = apps.get_model("coach", "LoginSession")
    Session.objects.bulk_create(
        (
            Session(session_key=s.session_key, session_data=s.session_data, expire_date=s.expire_date)
            for s in LoginSession.objects.iterator(chunk_size=1000)
        ),
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ('coach', '0010_session_uid'),
        ("sessions", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="LoginSession",
            fields=[
                (
                    "session_key",
                    models.CharField(max_length=40, primary_key=True, serialize=False, verbose_name="session key"),
                ),
                ("session_data", models.TextField(verbose_name="session data")),
                ("expire_date", models.DateTimeField(db_index=True, verbose_name="expire date")),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={"verbose_name": "session", "verbose_name_plural": "sessions", "abstract": False},
        ),
        migrations.CreateModel(
            name="PendingEmail",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("email", models.EmailField(max_length=254, verbose_name="email address")),
                ("nonce", models.CharField(max_length=32)),
                ("requested_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="pending_email",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
        migrations.RunPython(unverified_addresses_to_pending, pending_addresses_back),
        migrations.RunPython(sessions_to_login_sessions, login_sessions_back),
    ]

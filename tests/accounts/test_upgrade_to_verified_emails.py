"""Upgrading an existing database (migration 0011): addresses given before verification
existed wait for verification, and signed-in sessions move to the new session table with
their user, so nobody is signed out."""

import importlib

from django.apps import apps
from django.contrib.sessions.backends.db import SessionStore as ContribSessionStore
from django.contrib.sessions.models import Session

from coach.models import LoginSession, PendingEmail

upgrade = importlib.import_module("coach.migrations.0011_email_verification_and_login_sessions")


def test_existing_addresses_wait_for_verification(alice, bob):
    upgrade.unverified_addresses_to_pending(apps, None)

    alice.refresh_from_db()
    assert alice.email == ""
    assert PendingEmail.objects.get(user=alice).email == "alice@example.com"
    assert PendingEmail.objects.count() == 2


def test_existing_sessions_move_with_their_user(alice):
    signed_in = ContribSessionStore()
    signed_in.update({"_auth_user_id": str(alice.pk), "_auth_user_backend": "x", "_auth_user_hash": "y"})
    signed_in.create()
    anonymous = ContribSessionStore()
    anonymous.create()

    upgrade.sessions_to_login_sessions(apps, None)

    assert Session.objects.count() == 0
    moved = dict(LoginSession.objects.values_list("session_key", "user_id"))
    assert moved == {signed_in.session_key: alice.pk, anonymous.session_key: None}

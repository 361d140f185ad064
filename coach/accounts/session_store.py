"""The session engine (SESSION_ENGINE): Django's database sessions, stored in
coach.LoginSession with the signed-in user's id in an indexed column of its own."""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

from coach.models import LoginSession


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls):
        return LoginSession

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        try:
            session.user_id = int(data.get(SESSION_KEY))
        except (TypeError, ValueError):
            session.user_id = None
        return session

"""A reminder by email and by Web Push: in the user's language, linking to the page that acts
on it, with a way to turn it off from the message itself."""

import base64
import json
import os
import threading
from datetime import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core import mail

from coach.models import PushSubscription, Reminder
from coach.reminders import delivery, links, vapid
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class PushService:
    """A push service on localhost: takes what the server posts, answers with `status`."""

    def __init__(self, status=201):
        self.received = []
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                headers = {name.lower(): value for name, value in self.headers.items()}
                service.received.append({"headers": headers, "body": body, "path": self.path})
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


@pytest.fixture
def push_service():
    service = PushService()
    yield service
    service.close()


@pytest.fixture
def server_keys(tmp_path, settings):
    settings.VAPID_PRIVATE_KEY = ""
    settings.VAPID_PRIVATE_KEY_FILE = tmp_path / "vapid.pem"
    vapid.private_key_pem.cache_clear()
    vapid.generate(settings.VAPID_PRIVATE_KEY_FILE)
    yield
    vapid.private_key_pem.cache_clear()


def browser_subscription(user, endpoint):
    """What a browser's PushManager makes: a key pair and an auth secret of its own."""
    private_key = ec.generate_private_key(ec.SECP256R1())
    public = private_key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    auth = os.urandom(16)
    PushSubscription.objects.create(user=user, endpoint=endpoint, p256dh=b64url(public), auth=b64url(auth))
    return private_key, auth


def reminder(kind=Reminder.Kind.STUDY, language="en", **fields):
    user = UserFactory(profile__language=language)
    return Reminder.objects.create(user=user, kind=kind, local_time=time(19, 0), enabled=True, **fields)


def test_an_email_reminder_links_to_its_page_and_can_be_turned_off_in_one_click():
    study = reminder(by_push=False)

    assert delivery.deliver(study) == {"email": 1, "push": 0}

    [message] = mail.outbox
    assert message.to == [study.user.email]
    assert message.subject == "You planned to study at 19:00"
    assert "http://localhost:8000/timer/" in message.body
    assert links.turn_off_url(study) in message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{links.turn_off_url(study)}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_reminder_speaks_the_users_language():
    check_in = reminder(kind=Reminder.Kind.CHECK_IN, language="zh-hans", by_push=False)

    delivery.deliver(check_in)

    assert "签到" in mail.outbox[0].subject
    assert "http://localhost:8000/checkin/" in mail.outbox[0].body


def test_no_email_goes_to_a_user_without_an_address():
    study = reminder(by_push=False)
    study.user.email = ""
    study.user.save()

    assert delivery.deliver(study) == {"email": 0, "push": 0}
    assert mail.outbox == []


def test_a_push_reminder_reaches_the_push_service_encrypted_for_that_browser(push_service, server_keys):
    study = reminder(by_email=False)
    browser_key, auth = browser_subscription(study.user, f"{push_service.url}/send/abc")

    assert delivery.deliver(study) == {"email": 0, "push": 1}

    [request] = push_service.received
    assert request["path"] == "/send/abc"
    assert request["headers"]["content-encoding"] == "aes128gcm"
    assert request["headers"]["authorization"].startswith("vapid t=")
    assert f"k={vapid.public_key()}" in request["headers"]["authorization"]
    assert b"19:00" not in request["body"]  # encrypted on the wire
    payload = json.loads(http_ece.decrypt(request["body"], private_key=browser_key, auth_secret=auth))
    assert payload["title"] == "You planned to study at 19:00"
    assert payload["url"] == "http://localhost:8000/timer/"
    assert payload["off_url"] == links.turn_off_url(study)


def test_a_subscription_the_push_service_says_is_gone_is_forgotten(server_keys):
    gone = PushService(status=410)
    try:
        study = reminder(by_email=False)
        browser_subscription(study.user, f"{gone.url}/send/expired")

        assert delivery.deliver(study) == {"email": 0, "push": 0}
        assert not PushSubscription.objects.exists()
    finally:
        gone.close()


def test_the_turn_off_link_asks_first_and_then_turns_the_reminder_off(client):
    study = reminder()
    url = links.turn_off_url(study).removeprefix("http://localhost:8000")

    page = client.get(url)
    assert page.status_code == 200
    study.refresh_from_db()
    assert study.enabled  # a link scanner opening the link changes nothing

    client.post(url)
    study.refresh_from_db()
    assert not study.enabled


def test_a_forged_turn_off_link_changes_nothing(client):
    study = reminder()
    token = links.turn_off_token(study)

    response = client.post(f"/reminders/off/{token[:-3]}xyz/")

    assert response.status_code == 400
    study.refresh_from_db()
    assert study.enabled

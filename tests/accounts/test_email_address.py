"""Adding, verifying and changing an email address: a link mailed to the address, which
counts only once the link is followed; the old address stays in use until then and is told
of the change."""

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail, signing

from coach.accounts.email_addresses import TOKEN_SALT, verification_token
from coach.models import PendingEmail
from tests.factories import UserFactory


class Mails:
    """Requests whose mail, queued once their transaction commits, is sent in-process into
    django.core.mail.outbox."""

    def __init__(self, capture):
        self.capture = capture

    def post(self, client, path: str, data: dict | None = None):
        with self.capture(execute=True):
            return client.post(path, data or {})

    @property
    def outbox(self) -> list:
        return mail.outbox


@pytest.fixture
def mails(django_capture_on_commit_callbacks, eager_tasks):
    return Mails(django_capture_on_commit_callbacks)


@pytest.fixture
def carol(db):
    return UserFactory(username="carol", email="")


@pytest.fixture
def carol_client(client, carol):
    client.force_login(carol)
    return client


def link_in(message) -> str:
    line = next(line for line in message.body.splitlines() if "/accounts/email/verify/" in line)
    return line[line.index("/accounts/email/verify/") :]


def ask_for(client, email: str, mails) -> str:
    response = mails.post(client, "/settings/email/", {"email": email})
    assert response.status_code == 302
    return link_in(mails.outbox[-1])


def test_an_added_address_counts_only_once_its_link_is_followed(carol_client, carol, mails):
    link = ask_for(carol_client, "carol@example.com", mails)

    carol.refresh_from_db()
    assert carol.email == ""
    assert mails.outbox[0].to == ["carol@example.com"]
    page = carol_client.get("/settings/").content.decode()
    assert "carol@example.com</strong> is waiting for verification" in page

    confirm = carol_client.get(link)
    assert confirm.status_code == 200
    assert "carol@example.com" in confirm.content.decode()
    carol.refresh_from_db()
    assert carol.email == ""  # opening the link (as a mail scanner does) verifies nothing

    response = mails.post(carol_client, link)

    assert response.status_code == 302
    carol.refresh_from_db()
    assert carol.email == "carol@example.com"
    assert not PendingEmail.objects.filter(user=carol).exists()


def test_a_link_works_once(carol_client, carol, mails):
    link = ask_for(carol_client, "carol@example.com", mails)
    mails.post(carol_client, link)

    again = mails.post(carol_client, link)

    assert again.status_code == 400
    assert "already been used" in again.content.decode()


def test_a_link_replaced_by_a_newer_request_no_longer_works(carol_client, carol, mails):
    first = ask_for(carol_client, "carol@example.com", mails)
    second = ask_for(carol_client, "carol@example.org", mails)

    assert mails.post(carol_client, first).status_code == 400
    carol.refresh_from_db()
    assert carol.email == ""

    mails.post(carol_client, second)
    carol.refresh_from_db()
    assert carol.email == "carol@example.org"


def test_asking_again_for_the_same_address_sends_a_new_link_and_retires_the_old(carol_client, carol, mails):
    first = ask_for(carol_client, "carol@example.com", mails)
    second = ask_for(carol_client, "carol@example.com", mails)

    assert first != second
    assert mails.post(carol_client, first).status_code == 400
    assert mails.post(carol_client, second).status_code == 302


def test_an_expired_link_is_refused(carol_client, carol, mails, settings):
    ask_for(carol_client, "carol@example.com", mails)
    pending = PendingEmail.objects.get(user=carol)
    days_ago = time.time() - (settings.EMAIL_VERIFICATION_DAYS + 1) * 86400
    with mock.patch.object(signing.time, "time", return_value=days_ago):
        old_token = verification_token(pending)

    response = mails.post(carol_client, f"/accounts/email/verify/{old_token}/")

    assert response.status_code == 400
    assert "expired" in response.content.decode()
    carol.refresh_from_db()
    assert carol.email == ""


def test_a_forged_or_altered_link_is_refused(carol_client, carol, mails):
    ask_for(carol_client, "carol@example.com", mails)
    pending = PendingEmail.objects.get(user=carol)
    unsigned = signing.dumps(
        {"u": carol.id, "e": "mallory@example.com", "n": pending.nonce},
        salt=TOKEN_SALT,
        key="not the site's key",
    )
    altered = verification_token(pending)[:-2] + "xx"

    for token in (unsigned, altered, "carol"):
        response = mails.post(carol_client, f"/accounts/email/verify/{token}/")
        assert response.status_code == 400
        assert "not valid" in response.content.decode()
    carol.refresh_from_db()
    assert carol.email == ""


def test_changing_the_address_keeps_the_old_one_until_the_new_one_is_verified(alice_client, alice, mails):
    link = ask_for(alice_client, "alice@new.example.com", mails)

    alice.refresh_from_db()
    assert alice.email == "alice@example.com"
    page = alice_client.get("/settings/").content.decode()
    assert "Until then your verified address stays in use." in page

    mails.post(alice_client, link)

    alice.refresh_from_db()
    assert alice.email == "alice@new.example.com"
    notice = mails.outbox[-1]
    assert notice.to == ["alice@example.com"]
    assert "alice@new.example.com" in notice.body


def test_the_link_works_from_a_browser_that_is_not_signed_in(client, carol, mails):
    signed_in = type(client)()
    signed_in.force_login(carol)
    link = ask_for(signed_in, "carol@example.com", mails)

    response = mails.post(client, link)

    assert response.status_code == 302 and response.url == "/accounts/login/"
    carol.refresh_from_db()
    assert carol.email == "carol@example.com"


def test_an_address_another_account_verified_first_is_refused(carol_client, carol, alice, mails):
    link = ask_for(carol_client, "ALICE@example.com", mails)

    response = mails.post(carol_client, link)

    assert response.status_code == 400
    assert "Another account already uses this address." in response.content.decode()
    carol.refresh_from_db()
    assert carol.email == ""


def test_forgetting_the_pending_address_retires_its_link(carol_client, carol, mails):
    link = ask_for(carol_client, "carol@example.com", mails)

    mails.post(carol_client, "/settings/email/cancel/")

    assert not PendingEmail.objects.filter(user=carol).exists()
    assert mails.post(carol_client, link).status_code == 400


def test_a_bad_address_is_refused_and_nothing_is_sent(carol_client, carol, mails):
    response = mails.post(carol_client, "/settings/email/", {"email": "not an address"})

    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert mails.outbox == []
    assert not PendingEmail.objects.filter(user=carol).exists()


def test_asking_for_ones_own_verified_address_is_refused(alice_client, alice, mails):
    response = mails.post(alice_client, "/settings/email/", {"email": "alice@example.com"})

    assert response.status_code == 400
    assert "already your verified address" in response.content.decode()
    assert mails.outbox == []


def test_verification_links_are_limited_per_user(carol_client, carol, mails, settings):
    settings.PAGE_THROTTLE_RATES = {**settings.PAGE_THROTTLE_RATES, "email_verification": "2/hour"}
    from django.core.cache import cache

    cache.clear()
    ask_for(carol_client, "carol@example.com", mails)
    ask_for(carol_client, "carol@example.com", mails)

    third = mails.post(carol_client, "/settings/email/", {"email": "carol@example.com"})

    assert third.status_code == 400
    assert "Too many verification links" in third.content.decode()
    assert len(mails.outbox) == 2
    cache.clear()


def test_a_link_expires_after_the_configured_days(carol_client, carol, mails, settings):
    ask_for(carol_client, "carol@example.com", mails)
    pending = PendingEmail.objects.get(user=carol)
    within = time.time() - (settings.EMAIL_VERIFICATION_DAYS * 86400 - timedelta(hours=1).total_seconds())
    with mock.patch.object(signing.time, "time", return_value=within):
        token = verification_token(pending)

    assert mails.post(carol_client, f"/accounts/email/verify/{token}/").status_code == 302

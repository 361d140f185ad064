"""Changing a password and resetting a forgotten one."""

from django.core import mail

from tests.factories import PASSWORD


def test_changing_the_password(alice_client, alice):
    response = alice_client.post(
        "/accounts/password/change/",
        {
            "old_password": PASSWORD,
            "new_password1": "a brand new passphrase",
            "new_password2": "a brand new passphrase",
        },
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("a brand new passphrase")


def test_resetting_the_password_sends_a_link_that_works(client, alice, eager_tasks):
    client.post("/accounts/password/reset/", {"email": "alice@example.com"})

    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/password/reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "reset passphrase ok", "new_password2": "reset passphrase ok"},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("reset passphrase ok")


def test_a_reset_goes_only_to_a_verified_address(client, db, eager_tasks):
    from coach.models import PendingEmail
    from tests.factories import UserFactory

    dora = UserFactory(username="dora", email="")
    PendingEmail.objects.create(user=dora, email="dora@example.com", nonce="n" * 32)

    response = client.post("/accounts/password/reset/", {"email": "dora@example.com"})

    assert response.status_code == 302  # answered as for any address, revealing nothing
    assert mail.outbox == []

"""Deleting one's account from the settings: the page lists what goes (with counts) and offers
the export first; with the password entered again, every row of the user is removed in one
transaction, their sockets are closed and they are signed out. Nothing else changes."""

import pytest

from coach.accounts import deletion
from coach.realtime import events
from tests.accounts.account_data import login_records_of, rows_of, traces_of, user_with_everything
from tests.factories import PASSWORD, UserFactory


@pytest.fixture
def closed_sockets(monkeypatch):
    """The users whose sockets were asked to close once a transaction committed."""
    closed = []
    monkeypatch.setattr(events, "close_sockets", lambda *, user_id, session_key=None: closed.append(user_id))
    return closed


@pytest.fixture
def staff(db):
    return UserFactory(username="staff", is_staff=True, is_superuser=True)


@pytest.fixture
def marguerite(db, staff):
    return user_with_everything("marguerite", staff=staff)


def test_the_page_lists_what_will_be_removed_with_counts_and_offers_the_export(marguerite):
    user, client = marguerite

    page = client.get("/settings/delete/").content.decode()

    assert 'href="/settings/data/"' in page
    for line in (
        "2 study sessions with their journals",
        "1 analysis (themes, focus score)",
        "1 daily check-in",
        "1 weekly digest",
        "1 API token",
        "1 signed-in browser (including this one)",
        "Your account “marguerite”",
    ):
        assert line in page
    assert 'href="/settings/delete/"' in client.get("/settings/").content.decode()


def test_the_setup_gives_the_user_a_row_in_every_table_of_the_app(marguerite):
    """So the walk below covers every model: a new table must be added to the setup."""
    user, _client = marguerite

    assert [model.__name__ for model, count in rows_of(user).items() if count == 0] == []
    assert login_records_of("marguerite") >= 3


def test_deleting_removes_every_trace_of_the_user_from_every_table(marguerite, closed_sockets):
    user, client = marguerite
    user_id = user.id

    response = client.post("/settings/delete/", {"password": PASSWORD})

    assert response.status_code == 302 and response.url == "/accounts/login/"
    assert traces_of(user_id=user_id, username="marguerite") == []
    assert closed_sockets == [user_id]


def test_after_deleting_the_browser_is_signed_out(marguerite):
    _user, client = marguerite

    client.post("/settings/delete/", {"password": PASSWORD})

    assert client.get("/settings/").status_code == 302
    assert "Your account and everything in it are deleted." in client.get("/accounts/login/").content.decode()


def test_a_wrong_password_changes_nothing(marguerite, closed_sockets):
    user, client = marguerite
    before = rows_of(user)

    response = client.post("/settings/delete/", {"password": "not my password"})

    assert response.status_code == 400
    assert "This is not your password." in response.content.decode()
    assert rows_of(user) == before
    assert closed_sockets == []


def test_another_users_data_is_untouched(marguerite, staff):
    user, client = marguerite
    bob, _bob_client = user_with_everything("bob", staff=staff)
    bobs_rows, bobs_records = rows_of(bob), login_records_of("bob")

    client.post("/settings/delete/", {"password": PASSWORD})

    assert rows_of(bob) == bobs_rows
    assert login_records_of("bob") == bobs_records
    assert traces_of(user_id=bob.id, username="bob") != []


def test_password_attempts_are_limited_per_user(marguerite, settings):
    from django.core.cache import cache

    user, client = marguerite
    settings.PAGE_THROTTLE_RATES = {**settings.PAGE_THROTTLE_RATES, "account_delete": "2/hour"}
    cache.clear()
    client.post("/settings/delete/", {"password": "guess one"})
    client.post("/settings/delete/", {"password": "guess two"})

    response = client.post("/settings/delete/", {"password": PASSWORD})

    assert "Too many attempts" in response.content.decode()
    assert rows_of(user)[type(user.profile)] == 1
    cache.clear()


def test_the_service_removes_everything_in_one_transaction(marguerite, monkeypatch):
    """A failure part-way (here: removing the login records) leaves every row in place."""
    user, _client = marguerite
    before = rows_of(user)

    def fail(_user):
        raise RuntimeError("database went away")

    monkeypatch.setattr(deletion, "_login_records", fail)
    with pytest.raises(RuntimeError):
        deletion.delete_account(user=user)

    assert rows_of(user) == before

"""Staff deleting a user in the admin, from the user's page or with the list's action, remove
the same rows as the user deleting their own account: the same service runs (the User's
pre_delete signal). The admin's log records that an account was deleted, not whose."""

import pytest
from django.contrib.admin.models import DELETION, LogEntry

from tests.accounts.account_data import rows_of, traces_of, user_with_everything
from tests.factories import UserFactory


@pytest.fixture
def staff(db):
    return UserFactory(username="staff", is_staff=True, is_superuser=True)


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_deleting_a_user_from_their_admin_page_removes_every_trace(staff_client, staff):
    user, _client = user_with_everything("marguerite", staff=staff)
    user_id = user.id

    response = staff_client.post(f"/admin/auth/user/{user_id}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert traces_of(user_id=user_id, username="marguerite") == []


def test_the_delete_action_removes_every_trace_of_each_selected_user_and_no_one_else(staff_client, staff):
    marguerite, _client = user_with_everything("marguerite", staff=staff)
    hortense, _client = user_with_everything("hortense", staff=staff)
    bob, _client = user_with_everything("bob", staff=staff)
    bobs_rows = rows_of(bob)
    ids = [marguerite.id, hortense.id]

    response = staff_client.post(
        "/admin/auth/user/", {"action": "delete_selected", "_selected_action": ids, "post": "yes"}
    )

    assert response.status_code == 302
    assert traces_of(user_id=ids[0], username="marguerite") == []
    assert traces_of(user_id=ids[1], username="hortense") == []
    assert rows_of(bob) == bobs_rows


def test_the_admin_log_keeps_that_an_account_was_deleted_but_not_whose(staff_client, staff):
    user, _client = user_with_everything("marguerite", staff=staff)

    staff_client.post(f"/admin/auth/user/{user.id}/delete/", {"post": "yes"})

    entry = LogEntry.objects.get(action_flag=DELETION)
    assert (entry.user, entry.object_id, entry.object_repr) == (staff, None, "a deleted account")


def test_the_user_page_shows_an_address_waiting_for_verification(staff_client, staff):
    user, _client = user_with_everything("marguerite", staff=staff)

    page = staff_client.get(f"/admin/auth/user/{user.id}/change/").content.decode()

    assert "marguerite@new.example.com" in page

"""Staff manage users and sessions in the Django admin; other users cannot get in."""

from coach.models import StudySession
from tests.factories import StudySessionFactory, UserFactory


def test_staff_see_and_change_any_users_sessions(client, alice):
    staff = UserFactory(username="staff", is_staff=True, is_superuser=True)
    session = StudySessionFactory(user=alice, subject="Alice's physics")
    client.force_login(staff)

    assert "Alice&#x27;s physics" in client.get("/admin/coach/studysession/").content.decode()
    assert client.get(f"/admin/coach/studysession/{session.id}/change/").status_code == 200
    assert client.get("/admin/auth/user/").status_code == 200

    client.post(f"/admin/coach/studysession/{session.id}/delete/", {"post": "yes"})
    assert not StudySession.objects.filter(id=session.id).exists()


def test_a_regular_user_is_sent_to_the_admin_login(alice_client):
    response = alice_client.get("/admin/coach/studysession/")
    assert response.status_code == 302
    assert "/admin/login/" in response.url

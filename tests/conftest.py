import pytest
from rest_framework.test import APIClient

from tests.factories import UserFactory


@pytest.fixture
def alice(db):
    return UserFactory(username="alice")


@pytest.fixture
def bob(db):
    return UserFactory(username="bob")


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def alice_api(alice):
    api = APIClient()
    api.force_authenticate(alice)
    return api


@pytest.fixture
def bob_api(bob):
    api = APIClient()
    api.force_authenticate(bob)
    return api


@pytest.fixture
def eager_tasks():
    """Run queued Celery tasks in-process, as `make run` does without a broker."""
    from focusweb.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False

"""/healthz reports database, Redis, worker and model status as JSON: in detail to staff and
to a monitor with the token, only ok or failing to anyone else."""

from unittest import mock

import pytest

from coach.sessions.classifier import get_classifier, report_model_status
from ml import ModelLoadError


def test_healthz_reports_each_part_to_staff(admin_client):
    with mock.patch("coach.health.celery_app.control.ping", return_value=[{"w1": {"ok": "pong"}}]):
        body = admin_client.get("/healthz").json()

    assert set(body["checks"]) == {"database", "redis", "worker", "model", "realtime"}
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["redis"]["ok"] is True
    assert body["checks"]["worker"] == {"ok": True, "detail": "1 worker(s) answered"}


def test_healthz_fails_when_no_worker_answers(admin_client):
    with mock.patch("coach.health.celery_app.control.ping", return_value=[]):
        response = admin_client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"]["ok"] is False


def test_a_missing_model_is_a_clear_error_in_the_log_and_in_healthz(admin_client, settings, tmp_path, caplog):
    settings.ML_MODEL_DIR = tmp_path / "no-model-here"
    with pytest.raises(ModelLoadError):
        get_classifier()
    assert "cannot be loaded" in caplog.text

    with mock.patch("coach.health.celery_app.control.ping", return_value=[{"w1": {"ok": "pong"}}]):
        response = admin_client.get("/healthz")
    assert response.status_code == 503
    model = response.json()["checks"]["model"]
    assert model["ok"] is False
    assert "no-model-here" in model["detail"]
    report_model_status(ok=True, detail="reset by test")


def test_anyone_else_learns_only_whether_it_is_healthy(client, db):
    with mock.patch("coach.health.celery_app.control.ping", return_value=[]):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "failing"}


def test_a_monitor_with_the_token_sees_the_details(client, db, settings):
    settings.HEALTHZ_TOKEN = "monitor-token-0123456789"
    with mock.patch("coach.health.celery_app.control.ping", return_value=[{"w1": {"ok": "pong"}}]):
        with_token = client.get("/healthz", HTTP_AUTHORIZATION="Bearer monitor-token-0123456789").json()
        wrong_token = client.get("/healthz", HTTP_AUTHORIZATION="Bearer guess").json()

    assert set(with_token["checks"]) == {"database", "redis", "worker", "model", "realtime"}
    assert "checks" not in wrong_token

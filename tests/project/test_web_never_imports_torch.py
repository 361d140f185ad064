"""The web and beat processes never import torch: it would cost each web process some
300 MB and its first dashboard request a 1.5 s import (issue 17). Only the Celery worker
loads the model. Nor plotly's Python code (some 40 MB): the charts are written as Plotly
JSON directly. Checked in a fresh interpreter, since the test run itself has both."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Everything a web or beat process loads, then a dashboard served as a signed-in user sees it.
WEB_AND_BEAT_PROCESS = """
import importlib, pkgutil, sys
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)

from focusweb.asgi import application
from django.urls import get_resolver
get_resolver().url_patterns
import coach
for module in pkgutil.walk_packages(coach.__path__, "coach."):
    if module.name.rsplit(".", 1)[-1] in {"views", "api", "urls", "consumers", "routing"}:
        importlib.import_module(module.name)
from focusweb.celery import app
app.loader.import_default_modules()
assert app.conf.beat_schedule, "the beat schedule is empty"

from datetime import timedelta
from django.test import Client
from django.utils import timezone
from tests.factories import UserFactory, analysed_session
alice = UserFactory(username="alice")
now = timezone.now()
for day in range(3):
    analysed_session(user=alice, started_at=now - timedelta(days=day), score=70, labels=["digital"])
client = Client()
client.force_login(alice)
for url in ["/dashboard/", "/api/v1/dashboard/?range=all"]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
print("digital" in client.get("/api/v1/dashboard/").content.decode())
print("torch loaded" if "torch" in sys.modules else "torch not loaded")
print("plotly loaded" if "plotly" in sys.modules else "plotly not loaded")
"""


def test_the_web_app_the_beat_schedule_and_a_served_dashboard_leave_torch_unloaded(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", WEB_AND_BEAT_PROCESS],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "REDIS_URL": "",
            "SECRET_KEY": "a-test-key-that-is-long-enough-to-pass-the-checks-0123456789",
        },
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["True", "torch not loaded", "plotly not loaded"], result.stdout


def test_the_worker_side_still_loads_the_model_on_demand():
    result = subprocess.run(
        [sys.executable, "-c", "import sys, ml; ml.load_classifier; print('torch' in sys.modules)"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.stdout.strip() == "True", result.stderr

"""The Celery app: configured from Django settings (CELERY_*), tasks found per app."""

import os

from celery import Celery

from focusweb import broker  # noqa: F401 - a worker reconnects after Redis went away

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "focusweb.settings")

app = Celery("focusweb")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

"""/healthz: is each part the app depends on working? One JSON object, 503 if any is not.

Anyone may ask whether the app is healthy; only staff, or a caller with HEALTHZ_TOKEN (a
monitor), see the details (hosts, error texts, worker counts), which help an attacker too."""

import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.utils.crypto import constant_time_compare

from coach.realtime.losses import lost_events
from coach.sessions.classifier import model_status
from focusweb.celery import app as celery_app


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True, "detail": connection.vendor}
    except Exception as error:  # noqa: BLE001 - any failure is the answer
        return {"ok": False, "detail": str(error)}


def check_redis() -> dict:
    if not settings.REDIS_URL:
        return {"ok": True, "detail": "not configured: tasks run in-process"}
    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping()
        return {"ok": True, "detail": "reachable"}
    except redis.RedisError as error:
        return {"ok": False, "detail": str(error)}


def check_worker(redis_ok: bool) -> dict:
    if not settings.REDIS_URL:
        return {"ok": True, "detail": "in-process"}
    if not redis_ok:
        return {"ok": False, "detail": "unknown: the broker is unreachable"}
    replies = celery_app.control.ping(timeout=1.0)
    if not replies:
        return {"ok": False, "detail": "no Celery worker answered within 1 s"}
    return {"ok": True, "detail": f"{len(replies)} worker(s) answered"}


def check_model() -> dict:
    status = model_status()
    if status is None:
        return {"ok": True, "detail": "not loaded yet by any worker"}
    return {"ok": status["ok"], "detail": status["detail"], "at": status["at"]}


def check_realtime(redis_ok: bool) -> dict:
    """Events that did not reach an open page (the page caught up by fetching again). Never
    failing: a count to watch, not an outage."""
    lost = lost_events() if redis_ok else None
    if lost is None:
        return {"ok": True, "detail": "unknown: the counter is unreachable", "lost_events": None}
    return {"ok": True, "detail": f"{lost} event(s) lost since Redis started", "lost_events": lost}


def healthz(request):
    redis_check = check_redis()
    checks = {
        "database": check_database(),
        "redis": redis_check,
        "worker": check_worker(redis_check["ok"]),
        "model": check_model()
        if redis_check["ok"]
        else {"ok": False, "detail": "unknown: cache unreachable"},
        "realtime": check_realtime(redis_check["ok"]),
    }
    healthy = all(check["ok"] for check in checks.values())
    body = {"status": "ok" if healthy else "failing"}
    if may_see_details(request):
        body["checks"] = checks
    return JsonResponse(body, status=200 if healthy else 503)


def may_see_details(request) -> bool:
    if getattr(request, "user", None) is not None and request.user.is_staff:
        return True
    token = settings.HEALTHZ_TOKEN
    offered = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    return bool(token) and constant_time_compare(offered, token)

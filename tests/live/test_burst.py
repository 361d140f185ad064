"""A burst of 300 sessions posted at about 60 a second through the API, with three dashboards
open: every page ends showing exactly what a fresh fetch of /api/v1/dashboard/ shows, and
the events that did not reach a page are counted."""

import json
import threading
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from coach.models import StudySession
from coach.realtime.losses import lost_events
from coach.realtime.sequence import current_version
from tests.live.conftest import sign_in
from tests.live.stack import api, wait_for

pytestmark = pytest.mark.browser

SESSIONS = 300
PER_SECOND = 60
PAGES = 2
POSTING_THREADS = 6
# What a page draws: the numbers, and every figure's traces, which hold every point. (Not
# the axes' ranges, which end at "now"; nor `data_version`: a last `coach.updated` moves the
# page's version, not its charts.)
NUMBERS = ["headline", "this_week", "pending", "summaries", "empty"]


def drawn(payload: dict) -> dict:
    return {
        **{key: payload[key] for key in NUMBERS},
        "traces": {name: figure["data"] for name, figure in payload["figures"].items()},
    }


def first_difference(a, b, path="") -> str | None:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            found = first_difference(a.get(key), b.get(key), f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            found = first_difference(x, y, f"{path}[{i}]")
            if found:
                return found
        return None
    return None if a == b else f"{path}: {json.dumps(a)[:300]} vs {json.dumps(b)[:300]}"


def post_burst(user) -> list[int]:
    """POST `SESSIONS` sessions, the i-th at i / PER_SECOND seconds from now."""
    now = timezone.now()
    start = time.monotonic() + 0.2
    statuses = []

    def poster(offset: int):
        for i in range(offset, SESSIONS, POSTING_THREADS):
            time.sleep(max(0.0, start + i / PER_SECOND - time.monotonic()))
            begins = now - timedelta(minutes=45 * (i + 1))
            status, _ = api(
                user.base_url,
                "POST",
                "/api/v1/sessions/",
                user.token,
                {
                    "subject": f"Burst {i % 7}",
                    "started_at": begins.isoformat(),
                    "ended_at": (begins + timedelta(minutes=30)).isoformat(),
                    "interruptions": i % 4,
                    "self_rating": 1 + i % 5,
                    "journal": "Kept checking my phone." if i % 3 == 0 else "Worked through the problem set.",
                },
            )
            statuses.append(status)

    threads = [threading.Thread(target=poster, args=(offset,)) for offset in range(POSTING_THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_no_open_dashboard_is_left_stale_after_a_burst(browser_context, make_live_user, live_worker):
    new_context, open_page, _ = browser_context
    alice = make_live_user("alice")
    pages = []
    for _ in range(PAGES):
        context = new_context()
        sign_in(context, alice)
        page = open_page(context, "/dashboard/")
        page.wait_for_selector("#connection[data-state=live]")
        pages.append(page)
    version_before, lost_before = current_version(alice.user.id), lost_events() or 0

    started = time.monotonic()
    statuses = post_burst(alice)
    posted_in = time.monotonic() - started
    assert statuses == [201] * SESSIONS

    def all_done() -> bool:
        return not StudySession.objects.filter(user=alice.user).exclude(analysis_status="done").exists()

    wait_for(all_done, 75, "every session to be analysed", interval=0.5)
    analysed_in = time.monotonic() - started
    time.sleep(3)  # the coaching recompute that follows the last analyses
    final_version = current_version(alice.user.id)

    def page_state(page):
        return page.evaluate(
            "({live: window.focusDashboard.live.version, payload: window.focusDashboard.payload.data_version,"
            " received: window.focusDashboard.live.received, catchUps: window.focusDashboard.live.catchUps,"
            " state: window.focusDashboard.live.state})"
        )

    for page in pages:
        try:
            page.wait_for_function(
                "v => window.focusDashboard.live.version >= v && window.focusDashboard.live.state === 'live'",
                arg=final_version,
                timeout=20000,
            )
        except Exception:
            print("final", final_version, "before", version_before, [page_state(p) for p in pages])
            raise
    stale = 0
    received = []
    for page in pages:
        shown = page.evaluate("window.focusDashboard.payload")
        fresh = page.evaluate("fetch('/api/v1/dashboard/?range=30d').then(r => r.json())")
        if drawn(shown) != drawn(fresh):
            stale += 1
            print("differs:", first_difference(drawn(shown), drawn(fresh)))
        received.append(page.evaluate("window.focusDashboard.live.received"))

    sent = final_version - version_before
    lost_counted = (lost_events() or 0) - lost_before
    print(
        "\n"
        + json.dumps(
            {
                "sessions": SESSIONS,
                "posted_in_s": round(posted_in, 1),
                "analysed_in_s": round(analysed_in, 1),
                "events_per_page": sent,
                "received_per_page": received,
                "lost_counted_by_consumers": lost_counted,
                "stale_pages": stale,
            }
        )
    )
    assert stale == 0

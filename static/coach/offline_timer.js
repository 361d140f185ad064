// The timer without a connection: started while offline, it runs on this device, and its
// session joins the outbox (static/coach/outbox.js) to be sent when the connection returns.
(function () {
  "use strict";
  const section = document.getElementById("offline-timer");
  const startForm = document.getElementById("timer-start");
  const outbox = window.focuswebOutbox;
  if (!section || !startForm || !outbox) return;
  const text = JSON.parse(document.getElementById("timer-text").textContent);
  const storageKey = `focusweb-offline-timer-${outbox.user}`;
  const $ = (id) => document.getElementById(id);
  const control = (action) => section.querySelector(`[data-offline-action="${action}"]`);

  const load = () => JSON.parse(localStorage.getItem(storageKey) || "null");
  const store = (timer) =>
    timer ? localStorage.setItem(storageKey, JSON.stringify(timer)) : localStorage.removeItem(storageKey);

  function clock(seconds) {
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = seconds % 60;
    return [h, m, s].map((n) => String(n).padStart(2, "0")).join(":");
  }

  function pausedSeconds(timer, until) {
    const open = timer.paused_at ? (until - Date.parse(timer.paused_at)) / 1000 : 0;
    return Math.floor(timer.paused_seconds + open);
  }

  function render() {
    const timer = load();
    section.hidden = !timer;
    startForm.hidden = Boolean(timer);
    if (!timer) return;
    const end = timer.stopped_at ? Date.parse(timer.stopped_at) : Date.now();
    const elapsed = Math.max(0, Math.floor((end - Date.parse(timer.started_at)) / 1000) - pausedSeconds(timer, end));
    $("offline-timer-subject").textContent = timer.subject;
    $("offline-timer-clock").textContent = clock(elapsed);
    $("offline-timer-status").textContent = timer.paused_at ? text.paused : text.running;
    $("offline-timer-interruptions").textContent = text.interruptions.replace("%(count)s", timer.interruptions);
    control("pause").hidden = Boolean(timer.paused_at);
    control("resume").hidden = !timer.paused_at;
    $("offline-timer-running").hidden = Boolean(timer.stopped_at);
    $("offline-timer-save").hidden = !timer.stopped_at;
  }

  function step(change, focusOn) {
    const timer = load();
    if (!timer) return;
    change(timer, new Date());
    store(timer);
    render();
    if (focusOn) focusOn().focus();
  }

  startForm.addEventListener("submit", (event) => {
    if (navigator.onLine || load()) return;
    event.preventDefault();
    const fields = new FormData(startForm);
    store({
      subject: fields.get("subject"),
      goal: fields.get("goal") || "",
      planned_minutes: fields.get("planned_minutes") ? Number(fields.get("planned_minutes")) : null,
      started_at: new Date().toISOString(),
      paused_at: null,
      paused_seconds: 0,
      interruptions: 0,
      stopped_at: null,
    });
    render();
    control("pause").focus();
  });

  control("pause").addEventListener("click", () =>
    step((timer, now) => (timer.paused_at = now.toISOString()), () => control("resume"))
  );
  control("resume").addEventListener("click", () =>
    step((timer, now) => {
      timer.paused_seconds = pausedSeconds(timer, now.getTime());
      timer.paused_at = null;
    }, () => control("pause"))
  );
  control("interrupt").addEventListener("click", () => step((timer) => (timer.interruptions += 1)));
  control("stop").addEventListener("click", () =>
    step((timer, now) => {
      timer.paused_seconds = pausedSeconds(timer, now.getTime());
      timer.paused_at = null;
      timer.stopped_at = now.toISOString();
    }, () => $("id_journal"))
  );
  control("discard").addEventListener("click", () => {
    store(null);
    render();
  });

  $("offline-timer-save").addEventListener("submit", (event) => {
    event.preventDefault();
    const timer = load();
    const fields = new FormData(event.target);
    const session = {
      subject: timer.subject,
      goal: timer.goal,
      started_at: timer.started_at,
      ended_at: timer.stopped_at,
      paused_seconds: timer.paused_seconds,
      interruptions: timer.interruptions,
      journal: fields.get("journal") || "",
    };
    if (timer.planned_minutes) session.planned_minutes = timer.planned_minutes;
    if (fields.get("self_rating")) session.self_rating = Number(fields.get("self_rating"));
    const achieved = { true: true, false: false }[fields.get("goal_achieved")];
    if (achieved !== undefined) session.goal_achieved = achieved;
    outbox.add(session);
    store(null);
    event.target.reset();
    render();
    $("outbox").focus();
  });

  render();
  setInterval(render, 1000);
})();

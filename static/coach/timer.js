// The timer page: runs the clocks from the state the server rendered, announces the end of
// a countdown or a Pomodoro period (banner, sound, notification), keeps the keyboard focus
// on the timer's buttons across their page loads, and offers shortcuts. The timer itself
// lives on the server; other tabs and devices are noticed by polling its API.
(function () {
  "use strict";
  const text = JSON.parse(document.getElementById("timer-text").textContent);
  const stateNode = document.getElementById("timer-state");
  const state = stateNode ? JSON.parse(stateNode.textContent) : null;
  const loadedAt = Date.now();
  const tabs = "BroadcastChannel" in window ? new BroadcastChannel("focusweb-timer") : null;

  // Focus: each button's form reloads the page; put the focus back where it was.
  const FOCUS_AFTER = { start: "pause", pause: "resume", resume: "pause", interrupt: "interrupt", next: "next" };
  // The visible button of an action (the banner and the offline timer repeat some).
  function button(action) {
    const visible = (node) => node.offsetParent !== null;
    const candidates = [
      ...document.querySelectorAll(`.timer > .timer-buttons [data-timer-action="${action}"]`),
      ...document.querySelectorAll(`[data-timer-action="${action}"]`),
    ];
    return candidates.find(visible) || null;
  }
  document.addEventListener("submit", (event) => {
    const action = event.submitter && event.submitter.dataset.timerAction;
    if (action) sessionStorage.setItem("timer-after-action", action);
  });
  const lastAction = sessionStorage.getItem("timer-after-action");
  sessionStorage.removeItem("timer-after-action");
  if (lastAction) {
    if (tabs) tabs.postMessage("changed");
    const target = lastAction === "stop" ? document.getElementById("id_journal") : button(FOCUS_AFTER[lastAction]);
    if (target) target.focus();
  }

  // Shortcuts, away from text fields.
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    const target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
    let action = null;
    if (event.key === " ") action = ["pause", "resume", "start"].find((each) => button(each));
    else if (event.key === "i" || event.key === "I") action = "interrupt";
    else if (event.key === "n" || event.key === "N") action = "next";
    else if (event.key === "Escape") return dismissBanner();
    if (!action) return;
    if (action === "start") {
      const subject = document.getElementById("id_subject");
      if (subject && !subject.value.trim()) {
        event.preventDefault();
        return subject.focus();
      }
    }
    const control = button(action);
    if (!control) return;
    event.preventDefault();
    control.click();
  });

  if (!state) return;

  function clock(seconds) {
    const total = Math.abs(seconds);
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = total % 60;
    const parts = h ? [h, m, s] : [m, s];
    return parts.map((n) => String(n).padStart(2, "0")).join(":");
  }

  const clockNode = document.getElementById("timer-clock");
  const focusedNode = document.getElementById("timer-focused");
  const banner = document.getElementById("timer-banner");

  function now() {
    const passed = Math.floor((Date.now() - loadedAt) / 1000);
    return {
      elapsed: state.elapsed_seconds + (state.focus_ticking ? passed : 0),
      remaining: state.remaining_seconds === null ? null : state.remaining_seconds - (state.clock_ticking ? passed : 0),
    };
  }

  function render() {
    const { elapsed, remaining } = now();
    if (remaining === null) {
      clockNode.textContent = clock(elapsed);
    } else {
      clockNode.textContent = remaining >= 0 ? clock(remaining) : `+${clock(remaining)} ${text.over}`;
      clockNode.dataset.over = remaining < 0 ? "true" : "false";
      if (focusedNode) focusedNode.textContent = clock(elapsed);
      if (remaining <= 0) announceOnce();
    }
  }

  // The end of a period is announced once, even across reloads and tabs of this browser.
  const periodKey = `timer-announced:${state.started_at}:${state.period ? state.period.index : "countdown"}`;
  function announceOnce() {
    if (state.state !== "running" || localStorage.getItem(periodKey)) return;
    localStorage.setItem(periodKey, "1");
    announce();
  }

  function message() {
    if (!state.period) return text.countdown_end.replace("%(minutes)s", state.planned_minutes);
    if (state.period.kind === "work") return text.work_end.replace("%(minutes)s", state.period.next_length_minutes);
    return text.break_end;
  }

  function announce() {
    const words = message();
    if (banner) {
      document.getElementById("timer-banner-text").textContent = words;
      banner.hidden = false;
    }
    if (localStorage.getItem("focusweb-timer-sound") !== "off") chime();
    if (localStorage.getItem("focusweb-timer-notify") === "on" && "Notification" in window &&
        Notification.permission === "granted") {
      const options = { body: words, tag: periodKey, icon: "/static/coach/icons/icon-192.png" };
      new Notification(state.subject, options);
    }
  }

  function dismissBanner() {
    if (banner) banner.hidden = true;
  }
  const dismiss = document.getElementById("timer-banner-dismiss");
  if (dismiss) dismiss.addEventListener("click", dismissBanner);

  function chime() {
    const AudioContext = window.AudioContext || window.webkitAudioContext;
    if (!AudioContext) return;
    const audio = new AudioContext();
    [0, 0.35].forEach((delay) => {
      const tone = audio.createOscillator();
      const volume = audio.createGain();
      tone.frequency.value = 880;
      volume.gain.setValueAtTime(0.2, audio.currentTime + delay);
      volume.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + delay + 0.3);
      tone.connect(volume).connect(audio.destination);
      tone.start(audio.currentTime + delay);
      tone.stop(audio.currentTime + delay + 0.3);
    });
  }

  // The two announcement settings belong to this device and browser.
  const sound = document.getElementById("announce-sound");
  const notify = document.getElementById("announce-notification");
  const notifyStatus = document.getElementById("announce-notification-status");
  function explain(words) {
    notifyStatus.textContent = words;
    notifyStatus.hidden = !words;
  }
  if (sound) {
    sound.checked = localStorage.getItem("focusweb-timer-sound") !== "off";
    sound.addEventListener("change", () => localStorage.setItem("focusweb-timer-sound", sound.checked ? "on" : "off"));
  }
  if (notify) {
    notify.checked = localStorage.getItem("focusweb-timer-notify") === "on" &&
      "Notification" in window && Notification.permission === "granted";
    notify.addEventListener("change", async () => {
      if (!notify.checked) return localStorage.setItem("focusweb-timer-notify", "off");
      if (!("Notification" in window)) {
        notify.checked = false;
        return explain(text.notifications_unsupported);
      }
      const permission = await Notification.requestPermission();
      notify.checked = permission === "granted";
      localStorage.setItem("focusweb-timer-notify", notify.checked ? "on" : "off");
      explain(notify.checked ? "" : text.notifications_blocked);
    });
  }

  // Another tab or device changed the timer: load its current state.
  let leaving = false; // a form of this page is being sent: never reload over it
  document.addEventListener("submit", () => (leaving = true));

  async function sync() {
    if (leaving) return;
    try {
      const response = await fetch(state.state_url, { credentials: "same-origin" });
      if (!response.ok) return;
      const current = (await response.json()).timer;
      const changed =
        current === null ||
        current.state !== state.state ||
        current.interruptions !== state.interruptions ||
        (current.period && state.period && current.period.index !== state.period.index);
      if (changed && !leaving) window.location.reload();
    } catch (error) {
      // Offline for a moment: keep ticking locally and try again at the next poll.
    }
  }

  render();
  setInterval(render, 1000);
  setInterval(sync, 5000);
  if (tabs) tabs.addEventListener("message", sync);
  document.addEventListener("live:event", (event) => {
    if (event.detail.type === "timer.changed") sync();
  });
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden) sync();
  });
})();

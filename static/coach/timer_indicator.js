// The running timer in the navigation of every page: its elapsed or remaining time, ticking
// here, and brought up to date when the timer changes: at once from another tab of this
// browser, and from another device through the user's socket (static/coach/live.js): the
// page's own, or one this script opens on pages that hold none.
(function () {
  "use strict";
  const link = document.getElementById("timer-indicator");
  const config = document.getElementById("timer-indicator-config");
  if (!link || !config) return;
  const { api, text } = JSON.parse(config.textContent);
  const label = document.getElementById("timer-indicator-label");
  const clockNode = document.getElementById("timer-indicator-clock");
  let state = JSON.parse(document.getElementById("timer-indicator-state").textContent);
  let loadedAt = Date.now();

  function clock(seconds) {
    const total = Math.abs(seconds);
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = total % 60;
    return (h ? [h, m, s] : [m, s]).map((n) => String(n).padStart(2, "0")).join(":");
  }

  function render() {
    link.hidden = !state;
    if (!state) return;
    const passed = Math.floor((Date.now() - loadedAt) / 1000);
    const onBreak = state.period && state.period.kind !== "work";
    link.dataset.state = onBreak && state.state === "running" ? "break" : state.state;
    label.textContent = onBreak && state.state === "running" ? text.break : text[state.state];
    if (state.remaining_seconds === null || state.state === "stopped") {
      clockNode.textContent = clock(state.elapsed_seconds + (state.focus_ticking ? passed : 0));
    } else {
      const remaining = state.remaining_seconds - (state.clock_ticking ? passed : 0);
      clockNode.textContent = `${remaining < 0 ? "+" : ""}${clock(remaining)} ${remaining < 0 ? text.over : text.left}`;
    }
  }

  // Resolves to null once brought up to date (the answer names no data version), or false.
  async function refresh() {
    try {
      const response = await fetch(api, { credentials: "same-origin" });
      if (!response.ok) return false;
      state = (await response.json()).timer;
      loadedAt = Date.now();
      render();
      return null;
    } catch (error) {
      return false; // offline: keep the clock ticking from what is known
    }
  }

  if ("BroadcastChannel" in window) new BroadcastChannel("focusweb-timer").addEventListener("message", refresh);
  document.addEventListener("live:event", (event) => {
    if (event.detail.type === "timer.changed") refresh();
  });
  document.addEventListener("live:recovered", refresh);
  window.addEventListener("load", () => {
    if (window.focusLive && window.focusLive.connections === 0) {
      window.focusLive.start({ version: 0, onEvent() {}, catchUp: refresh });
    }
  });
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden) refresh();
  });
  render();
  setInterval(render, 1000);
})();

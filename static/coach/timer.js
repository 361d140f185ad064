// Ticks the timer's clock from the state the server rendered, and reloads when another tab
// or device changed the timer (its state is polled from the API every few seconds).
(function () {
  "use strict";
  const stateNode = document.getElementById("timer-state");
  const clock = document.getElementById("timer-clock");
  if (!stateNode || !clock) return;
  let state = JSON.parse(stateNode.textContent);
  const loadedAt = Date.now();

  function format(seconds) {
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = seconds % 60;
    return [h, m, s].map((n) => String(n).padStart(2, "0")).join(":");
  }

  function render() {
    const running = state.state === "running";
    const extra = running ? Math.floor((Date.now() - loadedAt) / 1000) : 0;
    clock.textContent = format(state.elapsed_seconds + extra);
  }

  async function sync() {
    try {
      const response = await fetch(state.api_url, { credentials: "same-origin" });
      const current = response.status === 404 ? null : await response.json();
      const changed =
        current === null ||
        current.state !== state.state ||
        current.interruptions !== state.interruptions;
      if (changed) window.location.reload();
    } catch (error) {
      // Offline for a moment: keep ticking locally and try again at the next poll.
    }
  }

  render();
  setInterval(render, 1000);
  setInterval(sync, 5000);
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden) sync();
  });
})();

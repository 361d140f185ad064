// The coaching panel: when the user's recommendations are recomputed (a `coach.updated`
// event on the page's WebSocket, re-dispatched on the document as `dashboard:event` by the
// dashboard's script or by coach.js), fetch the panel's HTML again and put it in place.
(function () {
  "use strict";
  if (window.focusCoachPanel) return; // the include may appear more than once
  let pending = null;

  async function refresh() {
    const panel = document.getElementById("coach-panel");
    if (!panel) return;
    const url = new URL(panel.dataset.panelUrl, window.location.href);
    url.searchParams.set("next", window.location.pathname + window.location.search);
    try {
      const response = await fetch(url, { credentials: "same-origin" });
      if (!response.ok) return;
      const holder = document.createElement("div");
      holder.innerHTML = (await response.text()).trim();
      const fresh = holder.querySelector("#coach-panel");
      if (fresh) panel.replaceWith(fresh);
    } catch (error) {
      // Offline for a moment: the next event or a reload brings the panel up to date.
    }
  }

  document.addEventListener("dashboard:event", (event) => {
    if (!event.detail || event.detail.type !== "coach.updated") return;
    // Several sessions analysed in a burst: one fetch is enough.
    clearTimeout(pending);
    pending = setTimeout(refresh, 300);
  });

  window.focusCoachPanel = { refresh };
})();

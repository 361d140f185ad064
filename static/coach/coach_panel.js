// The coaching panel: when the user's recommendations are recomputed (a `coach.updated`
// event on the page's WebSocket, re-dispatched on the document as `dashboard:event` by the
// dashboard's script or by coach.js), or when the page caught up after a loss
// (`live:recovered`, static/coach/live.js), fetch the panel's HTML again and put it in place.
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

  // The page caught up after a lost event, a reconnect or a hidden tab: the panel's own
  // event may be among those missed.
  document.addEventListener("live:recovered", () => {
    clearTimeout(pending);
    pending = setTimeout(refresh, 300);
  });

  document.addEventListener("dashboard:event", (event) => {
    if (!event.detail || event.detail.type !== "coach.updated") return;
    // Several sessions analysed in a burst: one fetch is enough.
    clearTimeout(pending);
    pending = setTimeout(refresh, 300);
  });

  // Feedback on a tip without leaving the page: the verdict is posted in the background, a
  // short note takes the tip's place, and "Not for me" can be undone for a few seconds.
  const UNDO_SECONDS = 10;

  function note(item, text, undo) {
    const status = document.createElement("p");
    status.className = "feedback-note";
    status.setAttribute("role", "status");
    status.tabIndex = -1;
    status.textContent = text;
    if (undo) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "secondary undo";
      button.textContent = undo.label;
      button.addEventListener("click", undo.action);
      status.append(" ", button);
    }
    item.querySelector(".feedback").replaceWith(status);
    (undo ? status.querySelector("button") : status).focus();
  }

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST",
      body,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    if (!response.ok) throw new Error(String(response.status));
    return response.json();
  }

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!form.matches || !form.matches("#coach-panel form.feedback") || form.dataset.plain) return;
    event.preventDefault();
    const item = form.closest(".recommendation");
    const body = new FormData(form);
    body.set("verdict", event.submitter ? event.submitter.value : "helpful");
    try {
      const answer = await post(form.action, body);
      if (answer.verdict !== "not_for_me") {
        note(item, answer.message);
        setTimeout(refresh, 1500);
        return;
      }
      const panel = document.getElementById("coach-panel");
      let undone = false;
      note(item, panel.dataset.hiddenText, {
        label: panel.dataset.undoText,
        action: async () => {
          undone = true;
          const undo = new FormData();
          undo.set("csrfmiddlewaretoken", body.get("csrfmiddlewaretoken"));
          undo.set("tip", body.get("tip"));
          undo.set("previous", answer.previous || "");
          await post(panel.dataset.undoUrl, undo);
          refresh();
        },
      });
      setTimeout(() => undone || refresh(), UNDO_SECONDS * 1000);
    } catch (error) {
      // Fall back to the plain form post and its page.
      form.dataset.plain = "1";
      form.requestSubmit(event.submitter);
    }
  });

  window.focusCoachPanel = { refresh };
})();

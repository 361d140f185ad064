// Sessions recorded without a connection wait on this device and are sent when it returns.
// Each waits under an idempotency key, so sending one twice (a flaky connection, two open
// tabs) still creates it once. The list of what waits is shown on every page.
(function () {
  "use strict";
  const panel = document.getElementById("outbox");
  const config = document.getElementById("outbox-config");
  if (!panel || !config) return;
  const settings = JSON.parse(config.textContent);
  const storageKey = `focusweb-outbox-${settings.user}`;
  let sending = false;

  function waiting() {
    try {
      return JSON.parse(localStorage.getItem(storageKey)) || [];
    } catch (error) {
      return [];
    }
  }

  function keep(entries) {
    localStorage.setItem(storageKey, JSON.stringify(entries));
    render(entries);
  }

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function render(entries) {
    panel.hidden = entries.length === 0;
    const list = panel.querySelector("ul");
    list.replaceChildren();
    panel.querySelector("[data-count]").textContent = settings.text.waiting.replace("%(count)s", entries.length);
    for (const entry of entries) {
      const item = document.createElement("li");
      const when = new Date(entry.recordedAt).toLocaleString();
      item.textContent = `${entry.fields.subject || "—"} · ${when}`;
      if (entry.problem) {
        const problem = document.createElement("span");
        problem.className = "error";
        problem.textContent = ` — ${entry.problem}`;
        item.append(problem);
        const discard = document.createElement("button");
        discard.type = "button";
        discard.className = "link";
        discard.textContent = settings.text.discard;
        discard.addEventListener("click", () => keep(waiting().filter((other) => other.key !== entry.key)));
        item.append(" ", discard);
      }
      list.append(item);
    }
  }

  // The API answers {"detail": reason} or each refused field with its reasons.
  function problemFrom(body) {
    if (!body || typeof body !== "object") return settings.text.refused;
    if (typeof body.detail === "string") return body.detail;
    const named = Object.entries(body).map(([name, reasons]) => `${name}: ${[].concat(reasons).join(" ")}`);
    return named.join("; ") || settings.text.refused;
  }

  async function send() {
    if (sending || !navigator.onLine) return;
    sending = true;
    try {
      for (const entry of waiting()) {
        if (entry.problem) continue;
        let response;
        try {
          response = await fetch(settings.api, {
            method: "POST",
            credentials: "same-origin",
            headers: {
              "Content-Type": "application/json",
              "X-CSRFToken": csrfToken(),
              "Idempotency-Key": entry.key,
            },
            body: JSON.stringify(entry.fields),
          });
        } catch (error) {
          return; // still offline: try again when the connection returns
        }
        const rest = waiting().filter((other) => other.key !== entry.key);
        if (response.ok) {
          keep(rest);
        } else if (response.status >= 400 && response.status < 500 && response.status !== 429) {
          const body = await response.json().catch(() => null);
          keep([...rest, { ...entry, problem: problemFrom(body) }]);
        } else {
          return; // the server is busy or failing: keep it and try later
        }
      }
    } finally {
      sending = false;
    }
  }

  function fieldsOf(form) {
    const fields = {};
    for (const [name, value] of new FormData(form)) {
      if (name === "csrfmiddlewaretoken" || name === "idempotency_key" || value === "") continue;
      fields[name] = value;
    }
    for (const box of form.querySelectorAll("input[type=checkbox]")) fields[box.name] = box.checked;
    for (const name of ["planned_minutes", "interruptions", "paused_seconds", "self_rating"]) {
      if (name in fields) fields[name] = Number(fields[name]);
    }
    if ("goal_achieved" in fields && typeof fields.goal_achieved === "string") {
      fields.goal_achieved = { true: true, false: false }[fields.goal_achieved] ?? null;
    }
    return fields;
  }

  // For the offline timer (static/coach/offline_timer.js): a session to send when online.
  window.focuswebOutbox = {
    user: settings.user,
    add(fields) {
      keep([...waiting(), { key: crypto.randomUUID(), recordedAt: new Date().toISOString(), fields }]);
      send();
    },
  };

  const form = document.querySelector("form[data-outbox]");
  if (form) {
    form.addEventListener("submit", (event) => {
      if (navigator.onLine) return; // online: the form is sent as usual
      event.preventDefault();
      // The form's own idempotency key: a post that did reach the server before the
      // connection dropped is not created a second time when the outbox sends it.
      const formKey = form.querySelector("input[name=idempotency_key]");
      const key = formKey && formKey.value ? formKey.value : crypto.randomUUID();
      const entry = { key, recordedAt: new Date().toISOString(), fields: fieldsOf(form) };
      keep([...waiting(), entry]);
      form.reset();
      const notice = document.getElementById("outbox-saved");
      if (notice) notice.hidden = false;
      panel.focus();
    });
  }

  window.addEventListener("online", send);
  window.addEventListener("storage", (event) => event.key === storageKey && render(waiting()));
  render(waiting());
  send();
})();

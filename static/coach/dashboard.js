// The live dashboard: draws the server's figures with Plotly, keeps a WebSocket to the
// user's event group, and updates charts and numbers in place when a session changes.
(function () {
  "use strict";

  const strings = JSON.parse(document.getElementById("dashboard-strings").textContent);
  let payload = JSON.parse(document.getElementById("dashboard-data").textContent);
  const notice = document.getElementById("notice");
  const plotConfig = { responsive: true, displaylogo: false, displayModeBar: false };
  const darkQuery = window.matchMedia("(prefers-color-scheme: dark)");

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, (_, name) => String(values[name] ?? ""));
  }

  function themed(layout) {
    // Text and grid colours follow the page's light or dark scheme.
    const style = getComputedStyle(document.documentElement);
    const fg = style.getPropertyValue("--fg").trim();
    const grid = style.getPropertyValue("--line").trim();
    const axis = (a) => Object.assign({}, a, { gridcolor: grid, zerolinecolor: grid, color: fg });
    return Object.assign({}, layout, {
      font: { color: fg },
      xaxis: axis(layout.xaxis),
      yaxis: axis(layout.yaxis),
      autosize: true,
    });
  }

  function drawFigures() {
    if (!window.Plotly) return;
    for (const [name, figure] of Object.entries(payload.figures)) {
      const node = document.getElementById("chart-" + name);
      // Plotly writes into the objects it draws (a legend's position): give it copies, so
      // the payload stays what the server sent.
      if (node) window.Plotly.react(node, structuredClone(figure.data), themed(structuredClone(figure.layout)), plotConfig);
      const summary = document.getElementById("summary-" + name);
      if (summary) summary.textContent = payload.summaries[name];
    }
  }

  function drawNumbers() {
    document.getElementById("empty-state").hidden = payload.empty_reason !== "first_run";
    document.getElementById("no-match").hidden = payload.empty_reason !== "no_match";
    document.getElementById("dashboard").hidden = payload.empty;
    for (const number of payload.headline) {
      const card = document.querySelector(`.card[data-key="${number.key}"]`);
      if (!card) continue;
      card.querySelector(".card-value").textContent = number.value ?? "—";
      const change = card.querySelector("[data-role=change]");
      change.textContent =
        number.change === null ? "" : format(strings.change, { change: (number.change > 0 ? "+" : "") + number.change });
      change.dataset.direction = number.change > 0 ? "up" : number.change < 0 ? "down" : "flat";
    }
    for (const [key, value] of Object.entries(payload.this_week)) {
      const node = document.querySelector(`[data-week="${key}"]`);
      if (node) node.textContent = value;
    }
    const progress = document.getElementById("week-progress");
    progress.max = payload.this_week.weekly_goal_hours;
    progress.value = payload.this_week.focused_hours;
    const pending = document.getElementById("pending");
    const items = document.getElementById("pending-items");
    items.replaceChildren(
      ...payload.pending.map((item) => {
        const li = document.createElement("li");
        li.dataset.session = item.id;
        const link = document.createElement("a");
        link.href = `/sessions/${item.id}/`;
        link.textContent = item.subject; // textContent: the subject is the user's own text
        li.append(link);
        return li;
      })
    );
    pending.hidden = payload.pending.length === 0;
  }

  function showNotice(text) {
    notice.textContent = text;
    notice.hidden = false;
    clearTimeout(showNotice.timer);
    showNotice.timer = setTimeout(() => (notice.hidden = true), 8000);
  }

  function query() {
    const form = new FormData(document.getElementById("dashboard-filters"));
    return new URLSearchParams({ range: form.get("range") || payload.range, subject: form.get("subject") || "" });
  }

  // Fetch the dashboard again; resolves to the data version the answer includes, or false.
  async function refetch() {
    try {
      const response = await fetch(`${strings.api}?${query()}`, { credentials: "same-origin" });
      if (!response.ok) return false;
      payload = await response.json();
      drawNumbers();
      drawFigures();
      document.dispatchEvent(new CustomEvent("dashboard:updated", { detail: payload }));
      return payload.data_version;
    } catch (error) {
      return false; // the socket's reconnect asks again
    }
  }

  function addPointNow(session) {
    // Put the new point on the focus chart at once; the refetch that follows redraws
    // every chart with the server's aggregates.
    const node = document.getElementById("chart-focus");
    if (!window.Plotly || !node || !node.data || session.focus_score === null || session.focus_score === undefined) return;
    window.Plotly.extendTraces(node, { x: [[session.started_at]], y: [[session.focus_score]], customdata: [[session.id]] }, [0]);
  }

  // `applied`: the event is the next change after what the page shows, so it can be drawn
  // at once; otherwise the page is catching up and the fetch brings it in.
  function onEvent(event, { applied }) {
    const session = event.session || {};
    if (event.type === "session.analysed") {
      if (applied) addPointNow(session);
      const unscored = session.focus_score === null || session.focus_score === undefined;
      showNotice(
        unscored
          ? format(strings.analysed_unscored, { subject: session.subject })
          : format(strings.analysed, { subject: session.subject, score: Math.round(session.focus_score) })
      );
    } else if (event.type === "session.created") {
      showNotice(format(strings.created, { subject: session.subject }));
    } else if (event.type === "session.updated" || event.type === "session.corrected") {
      showNotice(
        format(session.analysis_status === "failed" ? strings.failed : strings.updated, { subject: session.subject })
      );
    } else if (event.type === "session.deleted") {
      showNotice(strings.deleted);
    } else {
      document.dispatchEvent(new CustomEvent("dashboard:event", { detail: event }));
      return;
    }
    // The server's aggregates for every chart: one fetch however many events arrive.
    live.catchUp(250);
  }

  let live = null;
  window.focusDashboard = {
    refetch,
    get payload() {
      return payload;
    },
    get live() {
      return live;
    },
  };
  drawNumbers();
  if (window.Plotly) drawFigures();
  else window.addEventListener("load", drawFigures);
  darkQuery.addEventListener("change", drawFigures);
  document.querySelectorAll("#dashboard-filters input[type=radio]").forEach((radio) =>
    radio.addEventListener("change", () => document.getElementById("dashboard-filters").requestSubmit())
  );
  live = window.focusLive.start({ version: payload.data_version, onEvent, catchUp: refetch });
})();

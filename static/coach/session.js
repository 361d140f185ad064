// The session page: draws its two small charts from the figures the server built and
// listens on the user's socket: while the analysis is still running it fills in the labels,
// highlights, score and breakdown when `session.analysed` arrives, and a correction made
// elsewhere (another tab, the API) shows up when `session.corrected` arrives.
(function () {
  "use strict";

  const plotConfig = { responsive: true, displaylogo: false, displayModeBar: false };

  function draw() {
    const node = document.getElementById("session-figures");
    if (!node || !window.Plotly) return;
    const figures = JSON.parse(node.textContent);
    const fg = getComputedStyle(document.documentElement).getPropertyValue("--fg").trim();
    for (const [name, figure] of Object.entries(figures)) {
      const target = document.getElementById("chart-" + name);
      if (!target) continue;
      const layout = Object.assign({}, figure.layout, { font: { color: fg } });
      window.Plotly.react(target, figure.data, layout, plotConfig);
    }
  }

  function analysis() {
    return document.getElementById("analysis");
  }

  function waiting() {
    const status = analysis() && analysis().dataset.status;
    return status === "pending" || status === "running";
  }

  async function refresh() {
    // The page itself is the one rendering of an analysis: fetch it and swap the parts
    // that change, so the highlights and the breakdown read exactly as on a reload.
    const response = await fetch(window.location.href, { headers: { Accept: "text/html" } });
    if (!response.ok) return;
    const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
    for (const selector of ["#analysis", "#journal-section", "#session-figures"]) {
      const incoming = fresh.querySelector(selector);
      const current = document.querySelector(selector);
      if (incoming && current) current.replaceWith(incoming);
      else if (incoming) document.querySelector("main").appendChild(incoming);
    }
    draw();
  }

  function listen() {
    const sessionId = Number(analysis().dataset.sessionId);
    let attempts = 0;
    let openedAt = 0;
    let socket;
    function connect() {
      const scheme = window.location.protocol === "https:" ? "wss" : "ws";
      socket = new WebSocket(`${scheme}://${window.location.host}/ws/dashboard/`);
      socket.addEventListener("open", () => {
        openedAt = Date.now();
        // An event sent while the socket was down is gone: look at the page again.
        if (attempts > 0) refresh();
        attempts = 0;
      });
      socket.addEventListener("message", async (message) => {
        const event = JSON.parse(message.data);
        if (!event.session || event.session.id !== sessionId) return;
        if (["session.analysed", "session.updated", "session.corrected"].includes(event.type)) {
          await refresh();
        }
      });
      socket.addEventListener("close", (closed) => {
        // 4401 right after opening: signed out. Later: the password changed; try again.
        if (closed.code === 1000 || (closed.code === 4401 && Date.now() - openedAt < 5000)) return;
        attempts += 1;
        setTimeout(connect, Math.min(30000, 1000 * 2 ** attempts));
      });
    }
    connect();
  }

  if (window.Plotly) draw();
  else window.addEventListener("load", draw);
  window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", draw);
  if (analysis()) listen();
})();

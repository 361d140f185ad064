// The session page: draws its two small charts from the figures the server built, listens
// on the user's socket (static/coach/live.js) and, when this session changes or the page
// may have missed a change, fetches the page again and swaps in the facts, labels,
// highlights, score and breakdown (a correction made in another tab or through the API
// arrives as `session.corrected`).
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

  function versionIn(doc) {
    const node = doc.getElementById("data-version");
    return node ? JSON.parse(node.textContent) : null;
  }

  // The page itself is the one rendering of a session and its analysis: fetch it and swap
  // the parts that change, so the highlights and the breakdown read exactly as on a
  // reload. Resolves to the data version the fetched page includes, or false.
  async function refresh() {
    let response;
    try {
      response = await fetch(window.location.href, { headers: { Accept: "text/html" } });
    } catch (error) {
      return false;
    }
    if (response.status === 404) return null; // deleted: nothing more to show
    if (!response.ok) return false;
    const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
    for (const selector of ["dl.facts", "#analysis", "#journal-section", "#session-figures"]) {
      const incoming = fresh.querySelector(selector);
      const current = document.querySelector(selector);
      if (incoming && current) current.replaceWith(incoming);
      else if (incoming) document.querySelector("main").appendChild(incoming);
    }
    draw();
    return versionIn(fresh);
  }

  const sessionId = Number(analysis().dataset.sessionId);

  function onEvent(event) {
    if (event.session && event.session.id === sessionId) live.catchUp(0);
    else document.dispatchEvent(new CustomEvent("dashboard:event", { detail: event }));
  }

  if (window.Plotly) draw();
  else window.addEventListener("load", draw);
  window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", draw);
  const live = window.focusLive.start({ version: versionIn(document), onEvent, catchUp: refresh });
  window.focusSessionPage = { live };
})();

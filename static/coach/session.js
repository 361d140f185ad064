// Draws the session page's two small charts from the figures the server built.
(function () {
  "use strict";
  const node = document.getElementById("session-figures");
  if (!node) return;
  const figures = JSON.parse(node.textContent);
  function draw() {
    const style = getComputedStyle(document.documentElement);
    const fg = style.getPropertyValue("--fg").trim();
    for (const [name, figure] of Object.entries(figures)) {
      const target = document.getElementById("chart-" + name);
      if (!target) continue;
      const layout = Object.assign({}, figure.layout, { font: { color: fg } });
      window.Plotly.react(target, figure.data, layout, { responsive: true, displaylogo: false, displayModeBar: false });
    }
  }
  if (window.Plotly) draw();
  else window.addEventListener("load", draw);
  window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", draw);
})();

// The coaching page: one WebSocket to the user's event group, each event re-dispatched on
// the document as `dashboard:event` (the dashboard's script does the same), so the panel's
// script updates it live on either page.
(function () {
  "use strict";
  let attempts = 0;
  let pingTimer = null;

  function connect() {
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${window.location.host}/ws/dashboard/`);
    socket.addEventListener("open", () => {
      attempts = 0;
      clearInterval(pingTimer);
      pingTimer = setInterval(() => socket.readyState === 1 && socket.send('{"type":"ping"}'), 25000);
    });
    socket.addEventListener("message", (message) => {
      const event = JSON.parse(message.data);
      if (event.type !== "pong") document.dispatchEvent(new CustomEvent("dashboard:event", { detail: event }));
    });
    socket.addEventListener("close", (closed) => {
      clearInterval(pingTimer);
      if (closed.code === 4401) return; // signed out: reconnecting cannot help
      attempts += 1;
      const delay = Math.min(30000, 1000 * 2 ** Math.min(attempts - 1, 5)) * (0.75 + Math.random() / 2);
      setTimeout(connect, delay);
    });
  }

  connect();
})();

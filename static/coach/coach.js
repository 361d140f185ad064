// The coaching page: the user's socket (static/coach/live.js), each event re-dispatched on
// the document as `dashboard:event` (the dashboard's script does the same), so the panel's
// script updates it live on either page; after a loss the panel fetches itself again
// (`live:recovered`).
(function () {
  "use strict";

  window.focusLive.start({
    version: 0, // the pong right after connecting tells the current one
    onEvent: (event) => document.dispatchEvent(new CustomEvent("dashboard:event", { detail: event })),
    catchUp: async () => null,
  });
})();

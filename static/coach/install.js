// Registers the service worker that lets the app install to a home screen and open offline.
(function () {
  "use strict";
  const script = document.currentScript;
  if (!("serviceWorker" in navigator) || !script) return;
  window.addEventListener("load", () => {
    navigator.serviceWorker.register(script.dataset.serviceWorker, { scope: "/" }).catch(() => {
      // Without a service worker the site works as before, online only.
    });
  });
})();

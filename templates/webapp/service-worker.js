// FocusWeb's service worker: keeps the app's files and the pages that work offline (the
// timer and the new-session form) so the installed app opens without a connection.
// Personal data from the API is never cached; pages are dropped at log-in and log-out.
"use strict";
const CONFIG = {{ config|safe }};
const STATIC_CACHE = `focusweb-static-v${CONFIG.version}`;
const PAGE_CACHE = `focusweb-pages-v${CONFIG.version}`;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(STATIC_CACHE)
      .then((cache) => cache.addAll([...CONFIG.staticFiles, CONFIG.offlineFallback]))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  const current = [STATIC_CACHE, PAGE_CACHE];
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => !current.includes(name)).map((name) => caches.delete(name))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && CONFIG.forgetPagesOn.includes(url.pathname)) {
    event.waitUntil(caches.delete(PAGE_CACHE));
    return;
  }
  if (request.method !== "GET") return;
  if (request.mode === "navigate") {
    event.respondWith(pageFromNetworkOrCache(request, url));
  } else if (url.pathname.startsWith(CONFIG.staticUrl)) {
    event.respondWith(staticFromCache(request));
  }
});

async function pageFromNetworkOrCache(request, url) {
  try {
    const response = await fetch(request);
    if (CONFIG.offlinePages.includes(url.pathname) && response.ok && !response.redirected) {
      const cache = await caches.open(PAGE_CACHE);
      await cache.put(url.pathname, response.clone());
    }
    return response;
  } catch (error) {
    const cached = await caches.match(url.pathname, { cacheName: PAGE_CACHE });
    return cached || (await caches.match(CONFIG.offlineFallback));
  }
}

async function staticFromCache(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(STATIC_CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

// Reminders (Web Push): show the message; a click opens the page that acts on it, the
// "Turn off" action turns that reminder off through its signed link.
self.addEventListener("push", (event) => {
  const message = event.data ? event.data.json() : null;
  if (!message) return;
  event.waitUntil(
    self.registration.showNotification(message.title, {
      body: message.body,
      tag: message.tag,
      icon: CONFIG.icon,
      data: { url: message.url, offUrl: message.off_url },
      actions: [{ action: "turn-off", title: CONFIG.text.turnOff }],
    })
  );
});

self.addEventListener("notificationclick", (event) => {
  const { url, offUrl } = event.notification.data || {};
  event.notification.close();
  if (event.action === "turn-off" && offUrl) {
    event.waitUntil(fetch(offUrl, { method: "POST" }));
  } else if (url) {
    event.waitUntil(self.clients.openWindow(url));
  }
});

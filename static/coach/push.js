// Subscribes this browser to the user's reminders (standard Web Push through the service
// worker), or unsubscribes it. Permission is asked only when the user presses the button.
(function () {
  "use strict";
  const section = document.getElementById("push-device");
  const on = document.getElementById("push-on");
  if (!section || !on) return;
  const off = document.getElementById("push-off");
  const status = document.getElementById("push-status");
  const text = JSON.parse(document.getElementById("push-text").textContent);
  const supported = "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function show(subscribed, words) {
    status.textContent = words || (subscribed ? text.on : text.off);
    on.hidden = subscribed;
    off.hidden = !subscribed;
  }

  function keyBytes(base64url) {
    const base64 = (base64url + "=".repeat((4 - (base64url.length % 4)) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  }

  async function send(method, body) {
    const response = await fetch(section.dataset.api, {
      method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`push subscription ${method} answered ${response.status}`);
  }

  on.addEventListener("click", async () => {
    if (!supported) return show(false, text.unsupported);
    if ((await Notification.requestPermission()) !== "granted") return show(false, text.blocked);
    const registration = await navigator.serviceWorker.ready;
    const subscription = await registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: keyBytes(section.dataset.publicKey),
    });
    await send("POST", subscription.toJSON());
    show(true);
  });

  off.addEventListener("click", async () => {
    const registration = await navigator.serviceWorker.ready;
    const subscription = await registration.pushManager.getSubscription();
    if (subscription) {
      await send("DELETE", { endpoint: subscription.endpoint });
      await subscription.unsubscribe();
    }
    show(false);
  });

  if (!supported) return show(false, text.unsupported);
  navigator.serviceWorker.ready
    .then((registration) => registration.pushManager.getSubscription())
    .then((subscription) => show(Boolean(subscription)));
})();

// One WebSocket to the user's event group, shared by the pages that stay live (dashboard,
// session page, coaching page), and what keeps a page's data current when events are lost.
//
// Every event carries the user's data version as `seq` (coach/realtime/sequence.py) and the
// page knows the version of what it shows. An event numbered one above is applied; one
// numbered lower is already in what the page shows and is skipped; a gap, a reconnect, a
// pong telling a higher version, or the tab becoming visible again makes the page fetch its
// data again ("catching up"). So a lost event costs a fetch, never a missing point.
//
//   focusLive.start({ version, onEvent(event), catchUp() -> Promise<version|null|false> })
//
// `catchUp` fetches the page's data and resolves to the data version it includes (or null
// when the answer does not say), or false when the fetch failed. The indicator (an element
// with id "connection", see includes/live_status.html) shows the state in words.
(function () {
  "use strict";
  // Pages may load this script twice (the navigation's timer indicator and the page's own
  // script); the first copy serves both.
  if (window.focusLive) return;
  let connections = 0;

  const PING_SECONDS = 15;
  const CATCH_UP_THROTTLE_MS = 500;

  function start(options) {
    connections += 1;
    const indicator = document.getElementById("connection");
    let version = Number(options.version) || 0;
    let highestSeen = version; // the highest version any event or pong told of
    let socket = null;
    let attempts = 0;
    let openedAt = 0;
    let everOpened = false;
    let pingTimer = null;
    let catchUpTimer = null;
    let fetching = false;
    let fetchAgain = false;
    let catchUps = 0;
    let received = 0; // numbered events that reached this page, lost or not
    // Catching up after a loss (a gap, a reconnect, a newer pong, the tab shown again), as
    // opposed to the fetch that follows an ordinary event: only this shows "Catching up…".
    let recovering = false;
    let recoveringFetch = false;
    let stopped = false;

    function setState(state) {
      if (indicator) indicator.dataset.state = state;
    }

    function showState() {
      if (recovering || recoveringFetch) setState("catching-up");
      else if (socket && socket.readyState === WebSocket.OPEN) setState("live");
      else setState(everOpened ? "offline" : "connecting");
    }

    // Fetch now, or once the fetch in flight is done; never two at once.
    async function runCatchUp() {
      catchUpTimer = null;
      if (fetching) {
        fetchAgain = true;
        return;
      }
      fetching = true;
      recoveringFetch = recovering;
      recovering = false;
      showState();
      // Every change up to `target` was committed before we heard of it, so the fetch that
      // starts now includes it, whatever version the answer names.
      const target = highestSeen;
      let fetched = false;
      try {
        fetched = await options.catchUp();
      } catch (error) {
        fetched = false;
      }
      fetching = false;
      catchUps += 1;
      if (fetched !== false) version = Math.max(version, target, Number(fetched) || 0);
      // Other parts of the page (the coaching panel) may have missed their event too.
      if (recoveringFetch && fetched !== false) document.dispatchEvent(new CustomEvent("live:recovered", { detail: { version } }));
      if (fetched === false) recovering = recovering || recoveringFetch;
      recoveringFetch = false;
      if (fetchAgain || version < highestSeen) {
        fetchAgain = false;
        // After a failed fetch, wait longer; a reconnect asks again anyway.
        scheduleCatchUp(fetched === false ? 3000 : CATCH_UP_THROTTLE_MS);
      }
      showState();
    }

    // At most one fetch per throttle period, however many events ask for one.
    function scheduleCatchUp(delay, afterLoss = false) {
      recovering = recovering || afterLoss;
      if (catchUpTimer) return;
      catchUpTimer = setTimeout(runCatchUp, delay);
      showState();
    }

    function onMessage(message) {
      const event = JSON.parse(message.data);
      if (event.type === "pong") {
        highestSeen = Math.max(highestSeen, Number(event.data_version) || 0);
        if (highestSeen > version) scheduleCatchUp(0, true);
        return;
      }
      // Every event, for parts of any page that listen (the navigation's timer indicator).
      document.dispatchEvent(new CustomEvent("live:event", { detail: event }));
      const seq = Number(event.seq);
      if (!Number.isFinite(seq)) {
        options.onEvent(event, { applied: false });
        return;
      }
      received += 1;
      highestSeen = Math.max(highestSeen, seq);
      if (seq <= version) return; // already in what the page shows
      if (seq === version + 1 && !fetching && !catchUpTimer) {
        version = seq;
        options.onEvent(event, { applied: true });
        return;
      }
      // A gap (an event was lost) or a fetch under way: the page learns of this one from
      // the fetch; the handler may still show a notice.
      options.onEvent(event, { applied: false });
      const gap = seq > version + 1 && !fetching && !catchUpTimer;
      scheduleCatchUp(gap ? 0 : CATCH_UP_THROTTLE_MS, gap);
    }

    function ping() {
      if (socket && socket.readyState === WebSocket.OPEN) socket.send('{"type":"ping"}');
    }

    function connect() {
      if (stopped) return;
      if (!navigator.onLine) {
        // No network at all: try when the browser says it is back.
        window.addEventListener("online", connect, { once: true });
        showState();
        return;
      }
      showState();
      const scheme = window.location.protocol === "https:" ? "wss" : "ws";
      socket = new WebSocket(`${scheme}://${window.location.host}/ws/dashboard/`);
      socket.addEventListener("open", () => {
        openedAt = Date.now();
        attempts = 0;
        // Events sent while the socket was down are gone: fetch the current state.
        if (everOpened) scheduleCatchUp(0, true);
        everOpened = true;
        clearInterval(pingTimer);
        pingTimer = setInterval(ping, PING_SECONDS * 1000);
        ping(); // the pong tells whether anything changed before this socket joined
        showState();
      });
      socket.addEventListener("message", onMessage);
      socket.addEventListener("close", (closed) => {
        clearInterval(pingTimer);
        showState();
        if (stopped) return;
        if (closed.code === 4401) {
          // Signed out, or the password changed: a page whose session still holds gets a
          // new socket at once; one refused again right after opening stops trying.
          if (Date.now() - openedAt < 5000) return;
          setTimeout(connect, 1000);
          return;
        }
        attempts += 1;
        const delay = Math.min(30000, 1000 * 2 ** Math.min(attempts - 1, 5)) * (0.75 + Math.random() / 2);
        setTimeout(connect, delay);
      });
    }

    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState !== "visible") return;
      // A hidden tab's timers are slowed and its socket may have been dropped quietly.
      scheduleCatchUp(0, true);
      if (!socket || socket.readyState === WebSocket.CLOSED) {
        attempts = 0;
        connect();
      }
    });

    connect();

    return {
      get version() {
        return version;
      },
      get catchUps() {
        return catchUps;
      },
      get received() {
        return received;
      },
      get state() {
        return indicator ? indicator.dataset.state : null;
      },
      // The page's own fetch (a filter change) includes everything up to its version.
      applied(fetchedVersion) {
        version = Math.max(version, Number(fetchedVersion) || 0);
      },
      // The page asks for a fetch after an event it could not draw by itself alone.
      catchUp(delay = 0) {
        scheduleCatchUp(delay);
      },
      stop() {
        stopped = true;
        if (socket) socket.close(1000);
      },
    };
  }

  window.focusLive = {
    start,
    // How many connections the page's scripts started: the timer indicator opens one of
    // its own only on pages that hold none.
    get connections() {
      return connections;
    },
  };
})();

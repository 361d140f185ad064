// The "Your data" page: the progress of an import's analysis, pushed over the dashboard's
// socket as import.progress events ({done, total}).
(function () {
  const section = document.getElementById("import-progress");
  if (!section) return;
  const bar = document.getElementById("import-progress-bar");
  const text = document.getElementById("import-progress-text");
  const strings = JSON.parse(document.getElementById("import-progress-strings").textContent);

  function show(progress) {
    section.hidden = false;
    section.dataset.done = progress.done;
    section.dataset.total = progress.total;
    bar.max = progress.total;
    bar.value = progress.done;
    text.textContent = strings.analysed.replace("%(done)s", progress.done).replace("%(total)s", progress.total);
  }

  let attempts = 0;
  function connect() {
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${window.location.host}/ws/dashboard/`);
    socket.addEventListener("open", () => { attempts = 0; });
    socket.addEventListener("message", (message) => {
      const event = JSON.parse(message.data);
      if (event.type === "import.progress") show(event.progress);
    });
    socket.addEventListener("close", (closed) => {
      if (closed.code === 4401) return;
      attempts += 1;
      setTimeout(connect, Math.min(30000, 1000 * 2 ** Math.min(attempts - 1, 5)));
    });
  }
  connect();
})();

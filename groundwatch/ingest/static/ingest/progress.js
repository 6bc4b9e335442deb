// Import progress page: poll the run's JSON every two seconds and update the figures in place.
// A static file (the Content-Security-Policy allows no inline script); without JavaScript the page
// refreshes itself through <noscript><meta http-equiv="refresh"></noscript>.
(function () {
  "use strict";
  var section = document.getElementById("import-progress");
  if (!section) { return; }
  var url = section.getAttribute("data-progress-url");
  var names = ["rows_done", "rows_total", "rows_per_second", "rows_failed", "rows_created",
    "rows_updated", "rows_unchanged", "percent"];

  function show(data) {
    names.forEach(function (name) {
      var node = document.getElementById("progress-" + name);
      if (node) { node.textContent = name === "percent" ? Number(data.percent).toFixed(1) : String(data[name]); }
    });
    var status = document.getElementById("progress-status");
    if (status) { status.textContent = data.status_label; }
    var bar = document.getElementById("progress-bar");
    if (bar) { bar.value = data.percent; bar.textContent = data.percent + "%"; }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (data) {
        show(data);
        if (!data.finished) { window.setTimeout(poll, 2000); }
      })
      .catch(function () { window.setTimeout(poll, 10000); });
  }

  window.setTimeout(poll, 2000);
}());

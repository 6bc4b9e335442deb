// Background export page: poll the job's JSON and move the progress bar until the file is ready.
// A static file because the Content-Security-Policy allows no inline script; without JavaScript the
// page reloads itself (<noscript><meta http-equiv="refresh">).
(function () {
  "use strict";
  var section = document.getElementById("export-progress");
  if (!section) { return; }
  var url = section.getAttribute("data-progress-url");

  function text(id, value) {
    var node = document.getElementById(id);
    if (node) { node.textContent = String(value); }
  }

  function show(data) {
    text("export-rows_done", data.rows_done);
    text("export-rows_total", data.rows_total);
    text("export-percent", data.percent);
    text("export-status", data.status_label);
    text("export-message", data.message || "");
    var bar = document.getElementById("export-bar");
    if (bar) { bar.value = data.percent; bar.textContent = data.percent + "%"; }
    var link = document.getElementById("export-download");
    if (link && data.download_url) {
      link.href = data.download_url;
      link.hidden = false;
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (data) {
        show(data);
        if (!data.finished) { window.setTimeout(poll, 1500); }
      })
      .catch(function () { window.setTimeout(poll, 10000); });
  }

  window.setTimeout(poll, 1000);
}());

// Progress of a background job (an import, an export): poll its JSON and update the page in place.
// The page's <section data-progress-url="…" data-progress-prefix="…"> holds elements whose ids are the
// prefix and a field of that JSON (prefix + "rows_done", …). Some have a role of their own: "status"
// shows the status label; "percent" keeps data-percent-decimals digits when the section sets it; "bar"
// is the <progress>; "message" is shown only while there is one; "download" is a link revealed when the
// job's download_url arrives. A static file (the Content-Security-Policy allows no inline script);
// without JavaScript the page refreshes itself through <noscript><meta http-equiv="refresh">.
(function () {
  "use strict";
  var section = document.querySelector("[data-progress-url]");
  if (!section) { return; }
  var url = section.getAttribute("data-progress-url");
  var prefix = section.getAttribute("data-progress-prefix") || "progress-";
  var decimals = section.getAttribute("data-percent-decimals");
  var own = { status: true, message: true, bar: true, download: true, percent: true };

  function node(name) { return document.getElementById(prefix + name); }

  function show(data) {
    Object.keys(data).forEach(function (name) {
      var target = own[name] ? null : node(name);
      if (target) { target.textContent = String(data[name]); }
    });
    var percent = node("percent");
    if (percent) { percent.textContent = decimals ? Number(data.percent).toFixed(Number(decimals)) : String(data.percent); }
    var status = node("status");
    if (status) { status.textContent = data.status_label; }
    var message = node("message");
    if (message) {
      message.textContent = data.message || "";
      message.hidden = !data.message;
    }
    var bar = node("bar");
    if (bar) { bar.value = data.percent; bar.textContent = data.percent + "%"; }
    var link = node("download");
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
        if (!data.finished) { window.setTimeout(poll, 2000); }
      })
      .catch(function () { window.setTimeout(poll, 10000); });
  }

  window.setTimeout(poll, 1500);
}());

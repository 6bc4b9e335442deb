/* groundwatch event map: Leaflet with shipped Natural Earth boundaries; events fetched per view as grid
   cells (zoomed out) or points (zoomed in). Data is only ever put into the page with textContent. */
(function () {
  "use strict";
  var element = document.getElementById("event-map");
  if (!element || !window.L) { return; }
  var status = document.getElementById("map-status");
  var map = L.map(element, { worldCopyJump: true });
  // The view is kept in the address (#zoom/lat/lon) so a map view can be bookmarked with its filters.
  function viewFromAddress() {
    var view = /^#(\d+)\/(-?[\d.]+)\/(-?[\d.]+)$/.exec(window.location.hash);
    if (view) { map.setView([+view[2], +view[3]], +view[1]); return true; }
    return false;
  }
  function viewOfEvents() {
    var edges = (element.dataset.extent || "").split(",").map(Number);
    if (edges.length !== 4 || edges.some(isNaN)) { map.setView([20, 0], 2); return; }  // no events yet: the world
    map.fitBounds([[edges[0], edges[1]], [edges[2], edges[3]]], { padding: [30, 30], maxZoom: 10 });
  }
  if (!viewFromAddress()) { viewOfEvents(); }
  window.addEventListener("hashchange", viewFromAddress);
  var tileUrl = element.dataset.tileUrl;
  if (tileUrl) {
    L.tileLayer(tileUrl, { attribution: element.dataset.tileAttribution || "", maxZoom: 18 }).addTo(map);
  }
  // Credits only: a monitoring mission's map carries no national symbols (Leaflet's default prefix has a flag).
  map.attributionControl.setPrefix('<a href="https://leafletjs.com/">Leaflet</a>');
  map.attributionControl.addAttribution("Natural Earth");

  fetch(element.dataset.boundaries, { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (topology) {
      var countries = topojson.feature(topology, topology.objects.countries);
      L.geoJSON(countries, { className: "country-outline", interactive: false,
        style: { color: "#7d8a96", weight: 1, fillColor: "#eef1f4", fillOpacity: tileUrl ? 0 : 1 } })
        .addTo(map).bringToBack();
    })
    .catch(function () { say("Country boundaries could not be loaded."); });

  var colours = { security: "#b0413e", human_rights: "#7b4fa0", humanitarian: "#2f7d4f", political: "#c98a1b" };
  var layer = L.layerGroup().addTo(map);
  var pending = null;

  function say(text) { if (status) { status.textContent = text; } }

  function line(parent, tag, text, className) {
    var node = document.createElement(tag);
    node.textContent = text;
    if (className) { node.className = className; }
    parent.appendChild(node);
    return node;
  }

  function popup(point) {
    var box = document.createElement("div");
    box.className = "map-popup";
    var title = document.createElement("a");
    title.href = point.url;
    title.textContent = point.title;
    title.className = "popup-title";
    box.appendChild(title);
    line(box, "div", point.type);
    line(box, "div", point.date + (point.place ? " · " + point.place : ""));
    line(box, "div", point.status, "muted");
    return box;
  }

  function cellPopup(cell) {
    var box = document.createElement("div");
    line(box, "strong", cell.count + " events here");
    Object.keys(cell.categories).forEach(function (name) {
      line(box, "div", name.replace("_", " ") + ": " + cell.categories[name]);
    });
    line(box, "div", "Zoom in to see them one by one.", "muted");
    return box;
  }

  function draw(data) {
    layer.clearLayers();
    if (data.kind === "points") {
      data.points.forEach(function (point) {
        L.circleMarker([point.lat, point.lon], {
          radius: 7, color: "#ffffff", weight: 1.5, fillOpacity: 0.9,
          fillColor: colours[point.category] || "#555555", className: "event-marker"
        }).bindPopup(function () { return popup(point); }).addTo(layer);
      });
      say(data.total + " events in view.");
    } else {
      data.cells.forEach(function (cell) {
        var radius = Math.min(28, 8 + Math.sqrt(cell.count) * 2);
        var marker = L.circleMarker([cell.lat, cell.lon], {
          radius: radius, color: "#ffffff", weight: 2, fillOpacity: 0.75,
          fillColor: colours[cell.category] || "#555555", className: "event-cell"
        }).bindPopup(function () { return cellPopup(cell); });
        marker.bindTooltip(String(cell.count), { permanent: true, direction: "center", className: "cell-count" });
        marker.addTo(layer);
      });
      say(data.total + " events in view, grouped by area.");
    }
  }

  function load() {
    var bounds = map.getBounds();
    var query = new URLSearchParams(element.dataset.query || "");
    query.set("zoom", String(map.getZoom()));
    query.set("bbox", [bounds.getSouth(), Math.max(-180, bounds.getWest()), bounds.getNorth(),
      Math.min(180, bounds.getEast())].map(function (n) { return n.toFixed(4); }).join(","));
    if (pending) { pending.abort(); }
    pending = new AbortController();
    say("Loading…");
    fetch(element.dataset.url + "?" + query.toString(), { credentials: "same-origin", signal: pending.signal })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(draw)
      .catch(function (error) { if (error.name !== "AbortError") { say("Events could not be loaded."); } });
  }

  map.on("moveend", function () {
    var centre = map.getCenter();
    history.replaceState(null, "", "#" + map.getZoom() + "/" + centre.lat.toFixed(4) + "/" + centre.lng.toFixed(4));
    load();
  });
  load();
})();

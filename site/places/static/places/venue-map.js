/* Draws each [data-venue-map] container from the JSON script its data-map-source names.
   The page already lists every venue in text: the map is an addition, hidden until drawn. */
(function () {
  "use strict";

  function popupContent(marker) {
    var box = document.createElement("div");
    var title = document.createElement(marker.url ? "a" : "strong");
    title.textContent = marker.name;
    if (marker.url) title.href = marker.url;
    box.appendChild(title);
    [marker.address, marker.summary].forEach(function (line) {
      if (!line) return;
      var p = document.createElement("p");
      p.textContent = line;
      box.appendChild(p);
    });
    return box;
  }

  function draw(container) {
    var source = document.getElementById(container.getAttribute("data-map-source"));
    if (!source || typeof window.L === "undefined") return;
    var options = JSON.parse(source.textContent);
    if (!options.markers.length) return;
    container.hidden = false;
    var L = window.L;
    var map = L.map(container, { scrollWheelZoom: false });
    L.tileLayer(options.tiles.url, {
      attribution: options.tiles.attribution,
      maxZoom: options.tiles.maxZoom,
    }).addTo(map);
    var icon = L.icon(Object.assign({}, L.Icon.Default.prototype.options, options.icon));
    var points = options.markers.map(function (marker) {
      var point = [marker.lat, marker.lon];
      L.marker(point, { icon: icon, title: marker.name, alt: marker.name })
        .bindPopup(popupContent(marker))
        .addTo(map);
      return point;
    });
    if (points.length === 1) {
      map.setView(points[0], 16);
    } else {
      map.fitBounds(points, { padding: [24, 24], maxZoom: 15 });
    }
  }

  document.querySelectorAll("[data-venue-map]").forEach(draw);
})();

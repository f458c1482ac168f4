/* The map of visits: offline outlines of France, clustered sites, "search this area".
 * Reads its settings from the JSON block named by data-map-settings; the list next to
 * it shows the same visits and stays usable without this script. */
(function () {
  "use strict";
  var container = document.querySelector("[data-map-settings]");
  if (!container || !window.L) { return; }
  var settings = JSON.parse(document.getElementById(container.dataset.mapSettings).textContent);
  var labels = settings.labels;
  var metropole = L.latLngBounds([41.3, -5.2], [51.15, 9.6]);
  var map = L.map(container, {
    zoomSnap: 0.25,
    minZoom: 4,
    maxZoom: settings.tiles ? 18 : 13,
    attributionControl: Boolean(settings.tiles)
  });
  var userMoved = false;
  ["pointerdown", "wheel", "keydown"].forEach(function (type) {
    container.addEventListener(type, function () { userMoved = true; }, { passive: true });
  });
  var params = new URLSearchParams(window.location.search);

  if (settings.tiles) {
    L.tileLayer(settings.tiles, { attribution: settings.attribution, maxZoom: 18 }).addTo(map);
  }

  function loadJson(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.json();
    });
  }

  function featureBounds(collection, code) {
    var feature = collection.features.filter(function (item) {
      return item.properties.code === code;
    })[0];
    return feature ? L.geoJSON(feature).getBounds() : null;
  }

  function parseBbox(text) {
    var parts = (text || "").split(",").map(Number);
    if (parts.length !== 4 || parts.some(isNaN)) { return null; }
    return L.latLngBounds([parts[1], parts[0]], [parts[3], parts[2]]);
  }

  function showInitialView(departments, regions) {
    var bounds = null;
    var focus = (settings.focus || "").split(":");
    if (settings.marker) {
      map.setView(settings.marker, settings.zoom || 8, { animate: false });
      return;
    }
    if (settings.near) {
      var circle = L.circle(settings.near, {
        radius: settings.radius_km * 1000, color: "#0b4f8a", weight: 1, fill: false,
        interactive: false
      }).addTo(map);
      bounds = circle.getBounds();
    } else if (parseBbox(params.get("bbox"))) {
      bounds = parseBbox(params.get("bbox"));
    } else if (focus[0] === "department" && departments) {
      bounds = featureBounds(departments, focus[1]);
    } else if (focus[0] === "region" && regions) {
      bounds = featureBounds(regions, focus[1]);
    }
    map.fitBounds(bounds || metropole, { animate: false });
  }

  var outlineStyle = { color: "#9aa5b1", weight: 1, fillColor: "#eef1f5", fillOpacity: 1 };
  if (settings.tiles) { outlineStyle.fillOpacity = 0; }
  map.fitBounds(metropole);
  Promise.all([
    loadJson(settings.departments).catch(function () { return null; }),
    loadJson(settings.regions).catch(function () { return null; })
  ]).then(function (outlines) {
    if (outlines[0]) { L.geoJSON(outlines[0], { style: outlineStyle, interactive: false }).addTo(map); }
    if (outlines[1]) {
      L.geoJSON(outlines[1], {
        style: { color: "#5b6673", weight: 2, fill: false }, interactive: false
      }).addTo(map);
    }
    showInitialView(outlines[0], outlines[1]);
  });

  if (settings.marker && settings.pin_inputs) {
    // A draggable pin that writes its position into the form's hidden fields.
    var inputs = settings.pin_inputs.map(function (id) { return document.getElementById(id); });
    var pin = L.marker(settings.marker, { draggable: true, autoPan: true, title: labels.pin }).addTo(map);
    pin.on("dragend", function () {
      var position = pin.getLatLng();
      inputs[0].value = position.lat.toFixed(5);
      inputs[1].value = position.lng.toFixed(5);
    });
    container.addEventListener("usines:place", function (event) {
      pin.setLatLng(event.detail);
      map.setView(event.detail, 13);
      inputs[0].value = "";
      inputs[1].value = "";
    });
  } else if (settings.marker) {
    L.marker(settings.marker, { keyboard: false, interactive: false }).addTo(map);
  }

  function popupFor(properties) {
    var box = document.createElement("div");
    var name = document.createElement("strong");
    name.textContent = properties.name;
    var where = document.createElement("div");
    where.textContent = properties.commune;
    box.append(name, where);
    if (properties.fill !== undefined) {
      var rate = document.createElement("div");
      rate.textContent = properties.fill + " %";
      box.append(rate);
    }
    if (properties.left !== undefined) {
      var left = document.createElement("div");
      left.textContent = properties.left > 0 ? properties.left + " " + labels.left : labels.full;
      box.append(left);
    }
    if (properties.id !== undefined) {
      var link = document.createElement("a");
      link.href = settings.site_url.replace("/0/", "/" + properties.id + "/");
      link.textContent = labels.see;
      link.className = "popup-link";
      box.append(link);
    }
    return box;
  }

  if (settings.sites) {
    loadJson(settings.sites).then(function (collection) {
      var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 50 });
      collection.features.forEach(function (feature) {
        var coordinates = feature.geometry.coordinates;
        var point = [coordinates[1], coordinates[0]];
        var fill = feature.properties.fill;
        var marker = fill === undefined
          ? L.marker(point, { title: feature.properties.name, alt: feature.properties.name })
          : L.circleMarker(point, {
            radius: 7, weight: 1, color: "#1b1f24", fillOpacity: 0.9,
            fillColor: fill >= 90 ? "#1f6f3b" : fill >= 50 ? "#e0a100" : "#b3261e"
          });
        marker.bindPopup(function () { return popupFor(feature.properties); });
        cluster.addLayer(marker);
      });
      map.addLayer(cluster);
      container.dataset.sites = String(collection.features.length);
    }).catch(function () { container.dataset.sites = "error"; });
  }

  if (settings.sites) {
    var SearchArea = L.Control.extend({
      options: { position: "topright" },
      onAdd: function () {
        var button = L.DomUtil.create("button", "button map-search-area");
        button.type = "button";
        button.textContent = labels.search_area;
        button.hidden = true;
        L.DomEvent.disableClickPropagation(button);
        L.DomEvent.on(button, "click", function () {
          var bounds = map.getBounds();
          var box = [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()]
            .map(function (value) { return value.toFixed(4); }).join(",");
          params.delete("near");
          params.delete("page");
          params.set("bbox", box);
          window.location.search = params.toString();
        });
        map.on("moveend", function () {
          if (userMoved) { button.hidden = false; }
        });
        return button;
      }
    });
    map.addControl(new SearchArea());
  }
})();

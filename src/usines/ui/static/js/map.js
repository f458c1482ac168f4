/* The map of visits: a basemap (raster tiles, a self-hosted PMTiles file, or none),
 * the outlines of France with the larger towns named when there is no basemap,
 * clustered sites, the searched place and "search this area".
 * Reads its settings from the JSON block named by data-map-settings; the list next to
 * it shows the same visits and stays usable without this script. */
(function () {
  "use strict";
  var container = document.querySelector("[data-map-settings]");
  if (!container || !window.L) { return; }
  var settings = JSON.parse(document.getElementById(container.dataset.mapSettings).textContent);
  var labels = settings.labels;
  var basemap = settings.basemap || { kind: "none" };
  if (basemap.kind === "pmtiles" && !window.protomapsL) { basemap = { kind: "none" }; }
  var OUTLINES_MAX_ZOOM = 13;
  var metropole = L.latLngBounds([41.3, -5.2], [51.15, 9.6]);

  // Leaflet guesses its images' folder from its style sheet, which fails with hashed
  // static names: the page gives each URL.
  L.Icon.Default.imagePath = "";
  L.Icon.Default.mergeOptions(settings.icons);

  var map = L.map(container, {
    zoomSnap: 0.25,
    minZoom: 4,
    maxZoom: basemap.kind === "none" ? OUTLINES_MAX_ZOOM : basemap.max_zoom,
    zoomControl: false,
    attributionControl: basemap.kind !== "none"
  });
  L.control.zoom({ zoomInTitle: labels.zoom_in, zoomOutTitle: labels.zoom_out }).addTo(map);
  if (map.attributionControl) {
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  }
  map.createPane("towns").style.zIndex = 450;
  map.on("popupopen", function (event) {
    var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
    if (close) {
      close.setAttribute("aria-label", labels.close);
      close.title = labels.close;
    }
  });
  var userMoved = false;
  ["pointerdown", "wheel", "keydown"].forEach(function (type) {
    container.addEventListener(type, function () { userMoved = true; }, { passive: true });
  });
  var params = new URLSearchParams(window.location.search);
  var focus = (settings.focus || "").split(":");

  function loadJson(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.json();
    });
  }

  /* --- Without a basemap: filled outlines and the names of the larger towns ------ */

  var outlineFill = { color: "#9aa5b1", weight: 1, fillColor: "#eef1f5", fillOpacity: 1 };
  var townLayer = null;

  // The smallest zoom at which a town of that many inhabitants is named.
  function townMinZoom(population) {
    if (population >= 200000) { return 4.5; }
    if (population >= 50000) { return 6.5; }
    if (population >= 20000) { return 8.5; }
    return 9.5;
  }

  function townIcon(name, population) {
    var label = document.createElement("span");
    label.className = "map-town-name";
    label.textContent = name;
    label.setAttribute("aria-hidden", "true");
    return L.divIcon({
      className: population >= 200000 ? "map-town map-town-large" : "map-town",
      html: label,
      iconSize: null,
      iconAnchor: [4, 4]
    });
  }

  function drawTowns(towns) {
    // Most populous first; a name that would overlap one already placed is left out.
    var zoom = map.getZoom();
    var view = map.getBounds().pad(0.1);
    var placed = [];
    townLayer.clearLayers();
    towns.forEach(function (town) {
      var name = town[0], population = town[1];
      var at = L.latLng(town[2], town[3]);
      if (zoom < townMinZoom(population) || !view.contains(at)) { return; }
      var point = map.latLngToLayerPoint(at);
      var width = name.length * (population >= 200000 ? 8 : 7) + 14;
      var box = L.bounds([point.x - 5, point.y - 10], [point.x + width, point.y + 10]);
      if (placed.some(function (other) { return other.intersects(box); })) { return; }
      placed.push(box);
      townLayer.addLayer(L.marker(at, {
        icon: townIcon(name, population), pane: "towns", interactive: false, keyboard: false
      }));
    });
  }

  // Every outline, filled: only without a basemap, or once it failed.
  var outlines = null;
  var outlinesDrawn = false;

  function drawOutlines() {
    if (!outlines || !townLayer || outlinesDrawn) { return; }
    outlinesDrawn = true;
    if (outlines[0]) {
      L.geoJSON(outlines[0], { style: outlineFill, interactive: false }).addTo(map);
    }
    if (outlines[1]) {
      L.geoJSON(outlines[1], {
        style: { color: "#5b6673", weight: 2, fill: false }, interactive: false
      }).addTo(map);
    }
  }

  function showOutlinesOnly() {
    if (townLayer) { return; }
    townLayer = L.layerGroup().addTo(map);
    map.setMaxZoom(OUTLINES_MAX_ZOOM);
    drawOutlines();
    loadJson(settings.towns).then(function (towns) {
      map.whenReady(function () { drawTowns(towns); });
      map.on("moveend", function () { drawTowns(towns); });
    }).catch(function () { /* the outlines alone still place the sites */ });
  }

  /* --- The basemap ---------------------------------------------------------------- */

  if (basemap.kind === "osm") {
    // The tile server wants to know which site shows its tiles: the page's own policy
    // sends no Referer to other origins, the tiles send the site's origin.
    var tiles = L.tileLayer(basemap.url, {
      attribution: basemap.attribution,
      maxZoom: basemap.max_zoom,
      referrerPolicy: "strict-origin-when-cross-origin"
    }).addTo(map);
    var loaded = 0, failed = 0;
    tiles.on("tileload", function () { loaded += 1; });
    tiles.on("tileerror", function () {
      failed += 1;
      if (!loaded && failed >= 4) {
        map.removeLayer(tiles);
        showOutlinesOnly();
      }
    });
  } else if (basemap.kind === "pmtiles") {
    protomapsL.leafletLayer({
      url: basemap.url,
      flavor: "light",
      lang: basemap.lang,
      attribution: basemap.attribution,
      maxDataZoom: basemap.max_data_zoom,
      maxZoom: basemap.max_zoom
    }).addTo(map);
  } else {
    showOutlinesOnly();
  }

  /* --- What the map first shows --------------------------------------------------- */

  function parseBbox(text) {
    var parts = (text || "").split(",").map(Number);
    if (parts.length !== 4 || parts.some(isNaN)) { return null; }
    return L.latLngBounds([parts[1], parts[0]], [parts[3], parts[2]]);
  }

  // What the map first shows is known at once for a point, a searched place or an
  // area; a territory waits for its outline, a map fitted to its sites for them. The
  // view is set once, so that no tile is asked for a view nobody sees.
  var viewSet = false;
  function showFirstView(bounds, maxZoom) {
    if (viewSet) { return; }
    viewSet = true;
    map.fitBounds(bounds || metropole, { animate: false, maxZoom: maxZoom, padding: [8, 8] });
  }
  var waitsForOutline = focus[0] === "department" || focus[0] === "region";
  if (settings.marker) {
    viewSet = true;
    map.setView(settings.marker, settings.zoom || (basemap.kind === "none" ? 9 : 15), { animate: false });
  } else if (settings.near) {
    showFirstView(L.latLng(settings.near).toBounds(settings.radius_km * 2000));
    L.circle(settings.near, {
      radius: settings.radius_km * 1000, color: "#0b4f8a", weight: 1, fill: false,
      interactive: false
    }).addTo(map);
  } else if (parseBbox(params.get("bbox"))) {
    showFirstView(parseBbox(params.get("bbox")));
  } else if (!waitsForOutline && !settings.fit_sites) {
    showFirstView(metropole);
  }

  // The region or department the page is about, once the outlines are loaded.
  function territoryFeature() {
    var collection = { department: outlines[0], region: outlines[1] }[focus[0]];
    return collection && collection.features.filter(function (item) {
      return item.properties.code === focus[1];
    })[0];
  }

  Promise.all([
    loadJson(settings.departments).catch(function () { return null; }),
    loadJson(settings.regions).catch(function () { return null; })
  ]).then(function (loaded) {
    outlines = loaded;
    drawOutlines();
    var territory = territoryFeature();
    var line = null;
    if (territory) {
      // It stands out on any basemap.
      line = L.geoJSON(territory, {
        style: { color: "#0b4f8a", weight: 2, dashArray: "6 4", fill: false }, interactive: false
      }).addTo(map);
    }
    if (waitsForOutline) { showFirstView(line ? line.getBounds() : null); }
  });

  /* --- Points: the searched place, the site, the host's pin ------------------------- */

  if (settings.near) {
    // The searched place, under the sites so that none is hidden by it.
    var placeIcon = document.createElement("span");
    placeIcon.className = "map-place-pin-head";
    placeIcon.setAttribute("role", "img");
    placeIcon.setAttribute("aria-label", settings.near_label);
    L.marker(settings.near, {
      icon: L.divIcon({
        className: "map-place-pin", html: placeIcon, iconSize: [26, 34], iconAnchor: [13, 34]
      }),
      title: settings.near_label,
      keyboard: false,
      interactive: false,
      zIndexOffset: -1000
    }).addTo(map);
  }

  if (settings.marker && settings.pin_inputs) {
    // A draggable pin that writes its position into the form's hidden fields.
    var inputs = settings.pin_inputs.map(function (id) { return document.getElementById(id); });
    var pin = L.marker(settings.marker, {
      draggable: true, autoPan: true, title: labels.pin, alt: labels.pin
    }).addTo(map);
    pin.on("dragend", function () {
      var position = pin.getLatLng();
      inputs[0].value = position.lat.toFixed(5);
      inputs[1].value = position.lng.toFixed(5);
    });
    container.addEventListener("usines:place", function (event) {
      pin.setLatLng(event.detail);
      map.setView(event.detail, Math.min(13, map.getMaxZoom()));
      inputs[0].value = "";
      inputs[1].value = "";
    });
  } else if (settings.marker) {
    L.marker(settings.marker, {
      keyboard: false, interactive: false,
      title: settings.marker_label || "", alt: settings.marker_label || ""
    }).addTo(map);
  }

  /* --- The sites ------------------------------------------------------------------ */

  function popupFor(properties) {
    var box = document.createElement("div");
    var name = document.createElement("strong");
    name.textContent = properties.name;
    var where = document.createElement("div");
    where.textContent = properties.commune;
    box.append(name, where);
    if (properties.fill !== undefined) {
      var rate = document.createElement("div");
      rate.textContent = properties.fill + "\u00a0% " + labels.booked +
        (properties.capacity ? " (" + properties.booked + " / " + properties.capacity + ")" : "");
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

  // The cockpit's colours, as its legend reads: under 50 %, 50 to 90 %, 90 % and more.
  function fillClass(percent) {
    return percent >= 90 ? "fill-high" : percent >= 50 ? "fill-mid" : "fill-low";
  }
  var FILL_COLOURS = { "fill-low": "#b3261e", "fill-mid": "#e0a100", "fill-high": "#1f6f3b" };

  // A cluster of the fill map shows its sites' overall fill: places booked over places.
  function fillClusterIcon(cluster) {
    var booked = 0, capacity = 0;
    cluster.getAllChildMarkers().forEach(function (marker) {
      booked += marker.options.booked;
      capacity += marker.options.capacity;
    });
    var rate = capacity ? Math.round(100 * booked / capacity) : 0;
    var percent = rate + "\u00a0%";
    var text = document.createElement("span");
    text.textContent = percent;
    text.title = labels.fill.replace("%(percent)s", percent);
    return L.divIcon({
      html: text,
      className: "marker-cluster fill-cluster " + fillClass(rate),
      iconSize: L.point(40, 40)
    });
  }

  function siteMarker(feature, point) {
    var properties = feature.properties;
    if (properties.fill === undefined) {
      return L.marker(point, { title: properties.name, alt: properties.name });
    }
    return L.circleMarker(point, {
      radius: 7, weight: 1, color: "#1b1f24", fillOpacity: 0.9,
      fillColor: FILL_COLOURS[fillClass(properties.fill)],
      booked: properties.booked || 0, capacity: properties.capacity || 0
    });
  }

  if (settings.sites) {
    loadJson(settings.sites).then(function (collection) {
      var fillMap = collection.features.some(function (feature) {
        return feature.properties.fill !== undefined;
      });
      var options = { showCoverageOnHover: false, maxClusterRadius: 50 };
      if (fillMap) {
        options.iconCreateFunction = fillClusterIcon;
        options.maxClusterRadius = 60;
      }
      var cluster = L.markerClusterGroup(options);
      collection.features.forEach(function (feature) {
        var coordinates = feature.geometry.coordinates;
        var marker = siteMarker(feature, [coordinates[1], coordinates[0]]);
        marker.bindPopup(function () { return popupFor(feature.properties); });
        cluster.addLayer(marker);
      });
      map.addLayer(cluster);
      if (settings.fit_sites) {
        var bounds = cluster.getBounds();
        showFirstView(bounds.isValid() ? bounds : null, 10);
      }
      container.dataset.sites = String(collection.features.length);
    }).catch(function () {
      container.dataset.sites = "error";
      showFirstView(null);
    });
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

/* "Near me": commune suggestions while typing, and the browser's location on request. */
(function () {
  "use strict";
  var input = document.getElementById("id_near") || document.getElementById("id_commune") ||
    document.getElementById("id_uai");
  if (!input) { return; }
  var known = {};
  var list = document.getElementById(input.getAttribute("list"));
  var bbox = document.getElementById("id_bbox");
  var timer = null;
  var last = "";

  function suggest() {
    var text = input.value.trim();
    if (text.length < 2 || text === last) { return; }
    last = text;
    fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(text), {
      headers: { Accept: "application/json" }
    }).then(function (response) {
      return response.ok ? response.json() : [];
    }).then(function (items) {
      list.replaceChildren.apply(list, items.map(function (item) {
        var option = document.createElement("option");
        if (item.uai) {
          option.value = item.label;
        } else {
          option.value = /^\d/.test(text) ? item.postcode + " " + item.name : item.label;
          option.label = item.postcode + " " + item.label;
        }
        known[option.value] = item;
        return option;
      }));
    }).catch(function () { /* no suggestions offline; typing still works */ });
  }

  input.addEventListener("input", function () {
    if (bbox) { bbox.value = ""; }
    var chosen = known[input.value];
    var pinMap = document.querySelector("[data-pin-map]");
    if (chosen && pinMap) {
      pinMap.dispatchEvent(new CustomEvent("usines:place", { detail: [chosen.lat, chosen.lon] }));
    }
    window.clearTimeout(timer);
    timer = window.setTimeout(suggest, 200);
  });

  var locate = document.querySelector("[data-locate]");
  if (locate && navigator.geolocation) {
    locate.hidden = false;
    locate.addEventListener("click", function () {
      locate.disabled = true;
      navigator.geolocation.getCurrentPosition(function (position) {
        input.value = position.coords.latitude.toFixed(4) + "," +
          position.coords.longitude.toFixed(4);
        if (bbox) { bbox.value = ""; }
        // requestSubmit runs the form's submit listeners (empty filters left out).
        if (input.form.requestSubmit) { input.form.requestSubmit(); } else { input.form.submit(); }
      }, function () {
        locate.disabled = false;
        input.focus();
      }, { timeout: 10000, maximumAge: 600000 });
    });
  }
})();

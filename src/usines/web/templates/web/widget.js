// Usines Ouvertes: the edition's map and list on a partner's page. Put
//   <div data-usines-widget="region=84"></div>
// (or department=74, sector=metallurgie, network=3…) and this script in the page:
// each such element gets a frame of the widget, as tall as its content. No cookie.
(function () {
  "use strict";
  var base = "{{ widget_url|escapejs }}";
  var origin = new URL(base).origin;
  var holders = document.querySelectorAll("[data-usines-widget]");
  Array.prototype.forEach.call(holders, function (holder) {
    if (holder.querySelector("iframe")) return;
    var frame = document.createElement("iframe");
    var query = new URLSearchParams(holder.getAttribute("data-usines-widget") || "");
    frame.src = base + "?" + query.toString();
    frame.title = holder.getAttribute("data-title") || "{{ title|escapejs }}";
    frame.loading = "lazy";
    frame.width = "100%";
    frame.height = "640";
    frame.style.border = "0";
    holder.appendChild(frame);
  });
  window.addEventListener("message", function (event) {
    var height = event.data && event.data.usinesWidgetHeight;
    if (event.origin !== origin || typeof height !== "number") return;
    Array.prototype.forEach.call(holders, function (holder) {
      var frame = holder.querySelector("iframe");
      if (frame && frame.contentWindow === event.source) {
        frame.height = String(Math.min(Math.max(Math.round(height), 200), 6000));
      }
    });
  });
})();

// The widget tells the page that embeds it how tall it is, so that its frame fits
// (see /widget.js). It sends a number only: nothing about the visitor.
(function () {
  "use strict";
  if (window.parent === window) return;
  var last = 0;
  function tell() {
    // The content's own height: scrollHeight would never be less than the frame's.
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ usinesWidgetHeight: height }, "*");
    }
  }
  window.addEventListener("load", tell);
  if ("ResizeObserver" in window) new ResizeObserver(tell).observe(document.body);
})();

/* The visit search: send only the filters that are set, and bring the results into view.
   Without JavaScript the form still works; its URL then lists the empty fields too. */
(function () {
  "use strict";
  var form = document.getElementById("visit-filters");
  if (!form) { return; }

  function isEmpty(field, near) {
    if (!field.name || field.disabled || field.type === "submit" || field.type === "button") {
      return false;
    }
    if (field.type === "checkbox" || field.type === "radio") { return false; }
    if (field.name === "radius") { return !near || near.value.trim() === ""; }
    return field.value.trim() === "";
  }

  form.addEventListener("submit", function () {
    var near = form.elements.namedItem("near");
    var left = Array.prototype.filter.call(form.elements, function (field) {
      return isEmpty(field, near);
    });
    left.forEach(function (field) { field.disabled = true; });
    // The browser has read the fields by now: give them back for the back button.
    window.setTimeout(function () {
      left.forEach(function (field) { field.disabled = false; });
    }, 0);
  });

  // After a search the page opens at #results: move the keyboard focus there too,
  // so that screen readers read the number of visits found.
  var heading = document.getElementById("results");
  if (heading && window.location.hash === "#results") {
    heading.focus({ preventScroll: true });
  }
})();

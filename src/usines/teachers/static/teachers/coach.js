/* The coach's details show only once a coach is asked for. Without JavaScript they
   always show, and the server reads them only when the box is ticked. */
(function () {
  "use strict";
  var box = document.getElementById("id_coach");
  var details = document.getElementById("coach-details");
  if (!box || !details) { return; }
  function update() { details.hidden = !box.checked; }
  box.addEventListener("change", update);
  update();
})();

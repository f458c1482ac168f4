/* The site menu as a disclosure on a phone: a "Menu" button shows or hides the
 * list (Escape closes it and gives the focus back to the button). Without
 * JavaScript, or on a wider screen, the list is always shown. */
(function () {
  "use strict";
  var nav = document.querySelector("[data-site-nav]");
  if (!nav) { return; }
  var button = nav.querySelector(".site-nav-toggle");
  var list = nav.querySelector(".site-nav-list");
  var narrow = window.matchMedia("(max-width: 47.99rem)");

  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    list.hidden = !open;
  }

  function fit() {
    button.hidden = !narrow.matches;
    setOpen(!narrow.matches);
  }

  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  nav.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && narrow.matches && !list.hidden) {
      setOpen(false);
      button.focus();
    }
  });
  if (narrow.addEventListener) { narrow.addEventListener("change", fit); }
  fit();
})();

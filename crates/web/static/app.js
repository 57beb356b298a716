// Tandem's own small enhancements; every page works without them.
// - data-confirm on a submit button: ask before a destructive step.
// - data-print on a button: print the page (reports have a print stylesheet).
// - the header menu button on narrow screens.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) { window.print(); }
    var button = event.target.closest ? event.target.closest("[data-confirm]") : null;
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
  var groups = Array.prototype.slice.call(document.querySelectorAll(".nav-group"));
  var toggle = document.getElementById("menu-toggle");
  if (toggle) {
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", open ? "false" : "true");
      document.body.classList.toggle("menu-open", !open);
      // On a phone the opened menu shows every group's links at once.
      groups.forEach(function (g) { g.open = !open; });
    });
  }
  // On a wide screen one group is open at a time, and a click elsewhere closes it.
  document.addEventListener("click", function (event) {
    if (document.body.classList.contains("menu-open")) { return; }
    groups.forEach(function (g) {
      if (!g.contains(event.target)) { g.open = false; }
    });
  });
  // The booking form: an estimate of the price for the reader's rate as the times change.
  var rate = document.getElementById("my-rate");
  var estimate = document.getElementById("estimate");
  var from = document.getElementById("f-from");
  var to = document.getElementById("f-to");
  function minutes(input) {
    var m = /^(\d{1,2}):(\d{2})/.exec(input && input.value || "");
    return m ? Number(m[1]) * 60 + Number(m[2]) : null;
  }
  function showEstimate() {
    if (!rate || !estimate) { return; }
    var a = minutes(from), b = minutes(to);
    if (a === null || b === null || b <= a) { estimate.textContent = ""; return; }
    var fen = Number(rate.getAttribute("data-rate-fen")) * (b - a) / 60;
    var label = document.documentElement.lang === "en" ? "Estimate: " : "预计费用：";
    estimate.textContent = label + "¥" + (fen / 100).toFixed(2);
  }
  if (from && to) {
    from.addEventListener("input", showEstimate);
    to.addEventListener("input", showEstimate);
    showEstimate();
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      groups.forEach(function (g) {
        if (g.open && !document.body.classList.contains("menu-open")) {
          g.open = false;
          var summary = g.querySelector("summary");
          if (summary && g.contains(document.activeElement)) { summary.focus(); }
        }
      });
    }
  });
})();

// « Déplacer un groupe d'œuvres » : a filter box over the list of works (progressive
// enhancement: without JavaScript every work is listed and the box stays hidden).
(function () {
  "use strict";
  function normalize(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function setUp() {
    var box = document.querySelector("[data-works-search]");
    var list = document.querySelector("[data-works-list]");
    if (!box || !list) return;
    var input = box.querySelector("input");
    var count = box.querySelector("[data-works-count]");
    var items = Array.prototype.slice.call(list.querySelectorAll("label"));
    box.hidden = false;
    function apply() {
      var words = normalize(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (label) {
        var text = normalize(label.textContent);
        var match = words.every(function (w) { return text.indexOf(w) !== -1; });
        var checked = label.querySelector("input:checked");
        // A checked work stays visible: what is chosen is never hidden.
        label.hidden = !(match || checked);
        if (!label.hidden) shown += 1;
      });
      var ticked = list.querySelectorAll("input:checked").length;
      count.textContent = shown + " œuvre" + (shown > 1 ? "s" : "") + " affichée" + (shown > 1 ? "s" : "") +
        ", " + ticked + " cochée" + (ticked > 1 ? "s" : "");
    }
    // A group is chosen in two clicks: filter (a series, a number), then tick what is shown.
    box.querySelector("[data-works-check-shown]").addEventListener("click", function () {
      items.forEach(function (label) {
        if (!label.hidden) label.querySelector("input").checked = true;
      });
      apply();
    });
    box.querySelector("[data-works-uncheck]").addEventListener("click", function () {
      items.forEach(function (label) { label.querySelector("input").checked = false; });
      apply();
    });
    input.addEventListener("input", apply);
    list.addEventListener("change", apply);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();  // never submits the move form
    });
    apply();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();

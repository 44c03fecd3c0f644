// Offline page behaviour shared by every page (works from file:// with no server):
// filter boxes of long tables, and a search over every chapter and the annotated report.
(function () {
  "use strict";
  document.querySelectorAll("input[data-filter-table]").forEach(function (input) {
    var table = input.closest(".data-table").querySelector("tbody");
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().trim().split(/\s+/).filter(Boolean);
      table.querySelectorAll("tr").forEach(function (row) {
        var text = row.textContent.toLowerCase();
        row.hidden = !words.every(function (w) { return text.indexOf(w) >= 0; });
      });
    });
  });
  // printing keeps every table: open the folded ones (a closed <details> is not printed)
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.table-fold").forEach(function (d) { d.open = true; });
  });
  // open a folded table when a link points into it
  function openTarget() {
    if (!location.hash) return;
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
    if (target) target.scrollIntoView();
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
  var box = document.getElementById("site-search-input");
  var list = document.getElementById("site-search-results");
  if (!box || !list || !window.SEARCH_INDEX) return;
  box.addEventListener("input", function () {
    var words = box.value.toLowerCase().trim().split(/\s+/).filter(function (w) { return w.length > 1; });
    list.innerHTML = "";
    if (!words.length) return;
    var hits = window.SEARCH_INDEX.filter(function (entry) {
      return words.every(function (w) { return entry.text.indexOf(w) >= 0; });
    }).slice(0, 30);
    hits.forEach(function (entry) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = entry.page + (entry.anchor ? "#" + entry.anchor : "");
      a.textContent = entry.title + (entry.heading ? " — " + entry.heading : "");
      li.appendChild(a);
      var at = entry.text.indexOf(words[0]);
      var span = document.createElement("span");
      span.className = "snippet";
      span.textContent = " … " + entry.text.slice(Math.max(0, at - 40), at + 80) + " …";
      li.appendChild(span);
      list.appendChild(li);
    });
    var status = document.getElementById("site-search-status");
    if (status) status.textContent = hits.length ? hits.length + " result(s)" : "no result";
  });
})();

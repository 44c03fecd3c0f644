// Offline page behaviour shared by every page (works from file:// with no server): filter boxes of long
// tables, a search over the whole book that lands on the match, copy buttons, figure zoom, folded sidebar.
(function () {
  "use strict";
  // accents and case do not matter: "teheran" finds "Téhéran"
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  // a query as terms: words, or "phrases in quotes"
  function terms(query) {
    var out = [], re = /"([^"]+)"|(\S+)/g, m;
    while ((m = re.exec(fold(query)))) {
      var t = (m[1] || m[2]).trim().replace(/\s+/g, " ");
      if (t.length > 1 || m[1]) out.push(t);
    }
    return out;
  }
  function foldedWithMap(text) {
    // the folded text and, for each of its characters, the index of the character it came from
    var folded = "", map = [];
    for (var i = 0; i < text.length; i++) {
      var f = fold(text[i]).replace(/\s/g, " ");
      if (f === " " && folded.slice(-1) === " ") continue;  // runs of white space read as one space
      for (var j = 0; j < f.length; j++) { folded += f[j]; map.push(i); }
    }
    return [folded, map];
  }

  // ------------------------------------------------------------------ table filters
  document.querySelectorAll("input[data-filter-table]").forEach(function (input) {
    var box = input.closest(".data-table");
    var rows = Array.prototype.slice.call(box.querySelectorAll("tbody tr"));
    var count = document.createElement("span");
    count.className = "filter-count";
    count.setAttribute("aria-live", "polite");
    count.textContent = rows.length + " of " + rows.length + " rows";
    input.parentNode.appendChild(count);
    // the rows' folded text, taken when the reader first types (not on every page load); cells are kept apart by a
    // character no query holds, so that a term never matches across two cells ("141" "141" is not "114")
    var texts = null;
    input.addEventListener("input", function () {
      if (texts === null) {
        texts = rows.map(function (row) {
          return Array.prototype.map.call(row.cells, function (c) { return fold(c.textContent); }).join("\u0000");
        });
      }
      var words = terms(input.value), shown = 0;
      rows.forEach(function (row, i) {
        row.hidden = !words.every(function (w) { return texts[i].indexOf(w) >= 0; });
        if (!row.hidden) shown++;
      });
      count.textContent = shown + " of " + rows.length + " rows";
    });
  });

  // ------------------------------------------------------------------ printing keeps every folded table
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.table-fold").forEach(function (d) { d.open = true; });
  });

  // ------------------------------------------------------------------ the sidebar is folded on a phone
  var bookFold = document.querySelector("nav.book-nav details");
  if (bookFold && window.matchMedia && !window.matchMedia("(min-width: 64em)").matches) bookFold.open = false;
  // so are the page's contents (above the text there) and the downloads: the key findings come first
  if (window.matchMedia && !window.matchMedia("(min-width: 80em)").matches) {
    document.querySelectorAll("details.toc-fold").forEach(function (d) { d.open = false; });
  }
  if (window.matchMedia && !window.matchMedia("(min-width: 40em)").matches) {
    document.querySelectorAll("details.downloads").forEach(function (d) { d.open = false; });
  }

  // ------------------------------------------------------------------ a table wider than its box says so
  function markScrolling() {
    document.querySelectorAll(".table-scroll").forEach(function (box) {
      var table = box.querySelector("table");
      if (!table || !box.getClientRects().length) return;
      var wide = box.scrollWidth > box.clientWidth + 1;
      box.classList.toggle("scrolls", wide);
      var hint = box.previousElementSibling;
      if (wide && !(hint && hint.classList.contains("scroll-hint"))) {
        hint = document.createElement("p");
        hint.className = "scroll-hint";
        hint.textContent = "This table is wider than the page: scroll it sideways (or focus it and use the arrow keys) to see every column.";
        box.parentNode.insertBefore(hint, box);
      } else if (!wide && hint && hint.classList.contains("scroll-hint")) {
        hint.remove();
      }
    });
  }
  markScrolling();
  window.addEventListener("resize", markScrolling);
  document.querySelectorAll("details").forEach(function (d) { d.addEventListener("toggle", markScrolling); });

  // ------------------------------------------------------------------ landing on a target or a search match
  function openAround(node) {
    for (; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
  }
  function targetElement() {
    if (!location.hash || location.hash.length < 2) return null;
    return document.getElementById(decodeURIComponent(location.hash.slice(1)));
  }
  function textNodes(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        var p = n.parentElement;
        if (!p || p.closest("script, style, svg, .site-search, nav, details.code-fold, .ln, dialog, header, footer"))
          return NodeFilter.FILTER_REJECT;
        return n.nodeValue.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      }
    });
    var out = [];
    while (walker.nextNode()) out.push(walker.currentNode);
    return out;
  }
  // wrap every occurrence of the search terms in <mark class="search-hit">; returns the marks in order
  function highlight(root, words) {
    var marks = [];
    textNodes(root).forEach(function (node) {
      var pair = foldedWithMap(node.nodeValue), folded = pair[0], map = pair[1], spans = [];
      words.forEach(function (w) {
        for (var at = folded.indexOf(w); at >= 0; at = folded.indexOf(w, at + w.length)) {
          spans.push([map[at], map[at + w.length - 1] + 1]);
        }
      });
      if (!spans.length) return;
      spans.sort(function (a, b) { return a[0] - b[0]; });
      var text = node.nodeValue, frag = document.createDocumentFragment(), last = 0;
      spans.forEach(function (s) {
        if (s[0] < last) return;
        frag.appendChild(document.createTextNode(text.slice(last, s[0])));
        var mark = document.createElement("mark");
        mark.className = "search-hit";
        mark.textContent = text.slice(s[0], s[1]);
        frag.appendChild(mark);
        marks.push(mark);
        last = s[1];
      });
      frag.appendChild(document.createTextNode(text.slice(last)));
      node.parentNode.replaceChild(frag, node);
    });
    return marks;
  }
  var marks = null;
  function land() {
    var params = new URLSearchParams(location.search);
    var query = params.get("q");
    var target = targetElement();
    if (target) openAround(target);
    if (query) {
      if (marks === null) marks = highlight(document.querySelector("main") || document.body, terms(query));
      marks.forEach(function (m) { m.classList.remove("current"); m.removeAttribute("id"); });
      var skip = parseInt(params.get("n") || "0", 10) || 0;
      // the n-th match at or after the target (the section or line the search found it in)
      var after = marks.filter(function (m) {
        return !target || target === m || target.contains(m) ||
          (target.compareDocumentPosition(m) & Node.DOCUMENT_POSITION_FOLLOWING);
      });
      var hit = after[Math.min(skip, after.length - 1)] || marks[0];
      if (hit) {
        openAround(hit);
        hit.classList.add("current");
        hit.setAttribute("id", "search-hit");
        current = hit;
        hit.scrollIntoView({ block: "center" });
        return;
      }
    }
    if (target) target.scrollIntoView();
  }
  var current = null;
  window.addEventListener("hashchange", land);
  land();
  // the browser scrolls to the #fragment once the page has loaded, after this script: the match is shown
  // again then (and after late layout changes), so that the page does not stay on the heading
  window.addEventListener("load", function () {
    if (!current) return;
    current.scrollIntoView({ block: "center" });
    setTimeout(function () { if (current) current.scrollIntoView({ block: "center" }); }, 60);
  });

  // ------------------------------------------------------------------ copy buttons on code cells
  document.querySelectorAll("details.code-fold").forEach(function (fold) {
    var code = fold.querySelector(".jp-InputArea-editor pre, pre");
    if (!code) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-code";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy the code of this cell");
    button.addEventListener("click", function () {
      var done = function () { button.textContent = "Copied"; setTimeout(function () { button.textContent = "Copy"; }, 1500); };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(code.textContent).then(done, function () { fallback(); });
      } else { fallback(); }
      function fallback() {
        var area = document.createElement("textarea");
        area.value = code.textContent;
        document.body.appendChild(area);
        area.select();
        try { document.execCommand("copy"); done(); } catch (e) { button.textContent = "Select and copy"; }
        area.remove();
      }
    });
    var body = fold.querySelector("summary");
    if (body) body.insertAdjacentElement("afterend", button);
  });

  // ------------------------------------------------------------------ figures open enlarged on click
  var dialog = document.querySelector("dialog.figure-zoom");
  if (dialog && dialog.showModal) {
    var zoomBody = dialog.querySelector(".zoom-body");
    dialog.querySelector(".zoom-close").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("click", function (e) { if (e.target === dialog) dialog.close(); });
    document.querySelectorAll("figure.chapter-figure img").forEach(function (img) {
      img.tabIndex = 0;
      img.setAttribute("role", "button");
      img.setAttribute("aria-label", "Enlarge the figure: " + (img.getAttribute("alt") || ""));
      function open() {
        var big = document.createElement("img");
        big.src = img.src;
        big.alt = img.alt;
        // at least its drawn size, as large as the window allows, never past its own pixels
        var drawn = img.naturalWidth / (parseFloat(img.dataset.scale) || 1);
        big.width = Math.round(Math.min(img.naturalWidth, Math.max(drawn, window.innerWidth * 0.9)));
        zoomBody.innerHTML = "";
        zoomBody.appendChild(big);
        dialog.showModal();
      }
      img.addEventListener("click", open);
      img.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(); } });
    });
  }

  // ------------------------------------------------------------------ search over the whole book
  var box = document.getElementById("site-search-input");
  var list = document.getElementById("site-search-results");
  var more = document.getElementById("site-search-more");
  var status = document.getElementById("site-search-status");
  if (!box || !list) return;
  var PAGE = 30, shown = 0, hits = [], words = [], query = "";
  // the index of every page's text is loaded when the reader comes to the search box, not with every page
  var folded = null, loading = null, unavailable = false;
  var UNAVAILABLE = "Search is not available here: it needs the file search_index.js, which comes with the book, in the same folder as this page.";
  function withIndex(then) {
    if (window.SEARCH_INDEX) {
      if (folded === null) folded = window.SEARCH_INDEX.map(function (e) { return fold(e.text); });
      if (then) then();
      return;
    }
    if (unavailable) { if (status) status.textContent = UNAVAILABLE; return; }
    if (then && status) status.textContent = "Loading the search index…";
    if (!loading) {
      loading = document.createElement("script");
      loading.src = "search_index.js";
      loading.addEventListener("load", function () { withIndex(search); });
      loading.addEventListener("error", function () {
        unavailable = true;
        if (status) status.textContent = UNAVAILABLE;
      });
      document.head.appendChild(loading);
    }
  }
  box.addEventListener("focus", function () { withIndex(null); });
  function count(text, w) {
    var n = 0;
    for (var at = text.indexOf(w); at >= 0; at = text.indexOf(w, at + w.length)) n++;
    return n;
  }
  // the snippet around the first term: [start, match, end of match, end], at word boundaries
  function bounds(text, f) {
    var at = f.indexOf(words[0]), stop = at + words[0].length;
    var start = Math.max(0, at - 50), end = Math.min(text.length, stop + 70);
    if (start > 0) { var sp = text.indexOf(" ", start); start = sp >= 0 && sp < at ? sp + 1 : at; }
    if (end < text.length) { var ep = text.lastIndexOf(" ", end); end = ep > stop ? ep : stop; }
    return [start, at, stop, end];
  }
  function render() {
    hits.slice(shown, shown + PAGE).forEach(function (hit) {
      var entry = window.SEARCH_INDEX[hit.i], text = entry.text, f = folded[hit.i];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = entry.page + "?q=" + encodeURIComponent(query) + (hit.n ? "&n=" + hit.n : "") +
        (entry.anchor ? "#" + entry.anchor : "");
      a.textContent = entry.title + (entry.heading ? " — " + entry.heading : "");
      li.appendChild(a);
      var b = bounds(text, f), start = b[0], at = b[1], stop = b[2], end = b[3];
      var span = document.createElement("span");
      span.className = "snippet";
      span.appendChild(document.createTextNode(" " + (start > 0 ? "… " : "") + text.slice(start, at)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(at, stop);
      span.appendChild(mark);
      span.appendChild(document.createTextNode(text.slice(stop, end) + (end < text.length ? " …" : "")));
      li.appendChild(span);
      list.appendChild(li);
    });
    shown = Math.min(hits.length, shown + PAGE);
    if (more) more.hidden = shown >= hits.length;
    if (status) {
      status.textContent = hits.length
        ? hits.length + (hits.length === 1 ? " result" : " results") + (shown < hits.length ? ", showing " + shown : "")
        : "no result";
    }
  }
  box.addEventListener("input", function () { withIndex(search); });
  function search() {
    query = box.value.trim();
    words = terms(query);
    list.innerHTML = "";
    hits = [];
    shown = 0;
    if (!words.length) {
      if (status) status.textContent = "";
      if (more) more.hidden = true;
      return;
    }
    // matches before this entry under the same anchor: the landing skips them
    var before = {}, seen = {}, byPage = {}, order = [];
    window.SEARCH_INDEX.forEach(function (entry, i) {
      var key = entry.page + "#" + entry.anchor;
      if (words.every(function (w) { return folded[i].indexOf(w) >= 0; })) {
        // the same snippet on the same page is one result (a sentence repeated in several rows of a table)
        var b = bounds(entry.text, folded[i]), same = entry.page + "\u0000" + folded[i].slice(b[0], b[3]);
        if (!seen[same]) {
          seen[same] = true;
          if (!byPage[entry.page]) { byPage[entry.page] = []; order.push(entry.page); }
          byPage[entry.page].push({ i: i, n: before[key] || 0 });
        }
      }
      before[key] = (before[key] || 0) + words.reduce(function (s, w) { return s + count(folded[i], w); }, 0);
    });
    // pages take turns, each in its own order: the first results are not all from the page matched most often
    for (var round = 0, added = true; added; round++) {
      added = false;
      order.forEach(function (p) { if (round < byPage[p].length) { hits.push(byPage[p][round]); added = true; } });
    }
    render();
  }
  if (more) more.addEventListener("click", render);
  // what the reader typed before this script ran (a page still loading) is searched now
  if (box.value.trim()) withIndex(search);
})();

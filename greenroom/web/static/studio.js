// greenroom studio: the player follows the transcript and the transcript follows the player.
// Works on what the server rendered: [data-seek] links and [data-s] word spans (start in ms).
// The transcript comes in parts (section.part, data-from/data-to in ms): the page holds one,
// the others are placeholders (.pending) fetched as the reader nears them, or when a seek,
// a link or the playing word lands in them.
(function () {
  "use strict";
  var player = null, transcript = null, spans = [], starts = [], current = null, currentLine = null;
  var loading = {}, watcher = null;

  function index() {
    spans = Array.prototype.slice.call(document.querySelectorAll("#transcript [data-s]"));
    starts = spans.map(function (s) { return +s.getAttribute("data-s"); });
  }

  function parts() { return Array.prototype.slice.call(document.querySelectorAll("#transcript .part")); }

  function partAt(ms) {  // the last part starting at or before ms
    var all = parts(), found = all[0] || null;
    for (var i = 0; i < all.length; i++) { if (+all[i].getAttribute("data-from") <= ms) found = all[i]; else break; }
    return found;
  }

  function sized() {  // pending parts as tall as the loaded ones suggest, so the scrollbar tells the time
    var px = 0, ms = 0;
    parts().forEach(function (p) {
      if (p.classList.contains("pending")) return;
      px += p.offsetHeight; ms += Math.max(1, +p.getAttribute("data-to") - +p.getAttribute("data-from"));
    });
    if (!px) return;
    parts().forEach(function (p) {
      if (p.classList.contains("pending")) p.style.height = Math.round(px / ms * (+p.getAttribute("data-to") - +p.getAttribute("data-from"))) + "px";
    });
  }

  function insert(html) {  // a fetched part in place of its placeholder; the part now on the page
    var box = document.createElement("template");
    box.innerHTML = html;
    var fresh = box.content.querySelector("section.part");
    var now = fresh && document.getElementById(fresh.id);
    if (!now || !now.classList.contains("pending")) return now;
    if (watcher) watcher.unobserve(now);
    now.replaceWith(fresh);
    if (window.htmx) window.htmx.process(fresh);
    index();
    sized();
    return fresh;
  }

  function fetchPart(query) {
    return fetch(transcript.getAttribute("data-parts") + "?" + query, {headers: {"HX-Request": "true"}, credentials: "same-origin"})
      .then(function (answer) { if (!answer.ok) throw new Error(query + ": " + answer.status); return answer.text(); })
      .then(insert);
  }

  function load(part) {  // a promise of the part, loaded (fetched once however often asked)
    if (!part || !part.classList.contains("pending")) return Promise.resolve(part);
    var n = part.getAttribute("data-part");
    if (!loading[n]) {
      loading[n] = fetchPart("n=" + n).catch(function (err) {
        part.classList.add("failed");  // asked again (a scroll, the playing word) after a pause, not every frame
        window.setTimeout(function () { delete loading[n]; part.classList.remove("failed"); }, 5000);
        throw err;
      });
    }
    return loading[n];
  }

  function watch() {  // fetch a part shortly before it scrolls into view
    if (!("IntersectionObserver" in window)) return;
    watcher = new IntersectionObserver(function (seen) {
      seen.forEach(function (e) { if (e.isIntersecting) load(e.target).catch(function () {}); });
    }, {rootMargin: "1200px 0px"});
    parts().forEach(function (p) { if (p.classList.contains("pending")) watcher.observe(p); });
  }

  function at(ms) {  // the last word starting at or before ms (binary search)
    var lo = 0, hi = starts.length - 1, found = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (starts[mid] <= ms) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found < 0 ? null : spans[found];
  }

  function show(ms, follow) {
    var part = partAt(ms);
    if (part && part.classList.contains("pending")) {  // the word is in a part not here yet
      load(part).then(function () { show(ms, follow); }, function () {});
      return;
    }
    var word = at(ms);
    if (word === current) return;
    if (current) current.classList.remove("on");
    if (word) word.classList.add("on");
    current = word;
    var line = word ? word.closest(".line") : null;
    if (line !== currentLine) {
      if (currentLine) currentLine.classList.remove("now");
      if (line) line.classList.add("now");
      currentLine = line;
      if (line && follow) {
        var box = line.getBoundingClientRect();
        var far = box.bottom < -window.innerHeight || box.top > 2 * window.innerHeight;
        if (box.top < 80 || box.bottom > window.innerHeight) line.scrollIntoView({block: "center", behavior: far ? "auto" : "smooth"});
      }
    }
  }

  function seek(ms, play, follow) {
    player.currentTime = ms / 1000;
    show(ms, follow);
    if (play) { var p = player.play(); if (p && p.catch) p.catch(function () {}); }
  }

  function tick() {
    show(player.currentTime * 1000, true);
    if (!player.paused) window.requestAnimationFrame(tick);
  }

  var sought = null;

  function reveal(id, words) {  // a line by id, its part fetched first when it is not here; lit, with `words` in it
    var line = document.getElementById("u-" + id);
    var here = line ? Promise.resolve() : fetchPart("u=" + encodeURIComponent(id));
    return here.then(function () {
      var found = document.getElementById("u-" + id);
      if (found) { light(found, words || []); centre(found); }
      return found;
    }, function () { return null; });
  }

  function centre(line) {  // the line in the middle of what the find box (sticky, atop the transcript) leaves in view
    line.scrollIntoView({block: "center"});
    var find = document.getElementById("find"), box = line.getBoundingClientRect();
    var cover = find ? Math.max(0, find.getBoundingClientRect().bottom) : 0;
    if (cover > 0 && box.top < cover + 16) window.scrollBy(0, box.top - (cover + Math.max(16, (window.innerHeight - cover - box.height) / 2)));
  }

  function folded(text) { return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ""); }

  function light(line, words) {  // the line sought (one at a time), and its words that matched
    if (sought) {
      sought.classList.remove("sought");
      Array.prototype.forEach.call(sought.querySelectorAll(".w.found"), function (w) { w.classList.remove("found"); });
    }
    sought = line;
    line.classList.add("sought");
    var wanted = {};
    words.forEach(function (w) { wanted[folded(w)] = true; });
    Array.prototype.forEach.call(line.querySelectorAll(".w"), function (w) { if (wanted[folded(w.textContent)]) w.classList.add("found"); });
  }

  function marked(link) {  // the words a find result marked in its snippet
    var words = [];
    Array.prototype.forEach.call(link.querySelectorAll("mark"), function (m) { words = words.concat(m.textContent.split(/\s+/)); });
    return words.filter(Boolean);
  }

  // The find box: the server finds the lines (every part, loaded or not) and lists them
  // in time order; Enter / Shift+Enter or the arrows step through them, "/" focuses it.
  function finder() {
    var box = document.getElementById("find-q"), list = document.getElementById("find-results");
    var counter = document.getElementById("find-at");
    if (!box || !list) return;
    var at = -1, wanted = 0;  // wanted: the step to take once the results of what was typed arrive
    var found = function () { return list.querySelector(".find-found"); };
    var links = function () { return Array.prototype.slice.call(list.querySelectorAll("a[data-line]")); };
    var fresh = function () { var f = found(); return !!f && f.getAttribute("data-q") === box.value; };

    function status() {
      var f = found(), count = f && box.value.trim() ? +f.getAttribute("data-count") : null;
      counter.textContent = count === null ? "" : at < 0 ? count.toLocaleString() + " found" : (at + 1) + " of " + count.toLocaleString();
      list.hidden = !box.value.trim();
    }

    function go(n) {
      var all = links();
      if (!all.length) { status(); return; }
      at = (n + all.length) % all.length;
      all.forEach(function (a, i) { a.classList.toggle("on", i === at); });
      all[at].scrollIntoView({block: "nearest"});
      reveal(all[at].getAttribute("data-line"), marked(all[at]));
      status();
    }

    function step(by) {
      if (!box.value.trim()) return;
      if (!fresh()) { wanted = by; if (window.htmx) window.htmx.trigger(box, "find"); return; }
      go(at < 0 ? (by > 0 ? 0 : -1) : at + by);
    }

    box.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); step(e.shiftKey ? -1 : 1); }
      else if (e.key === "Escape") { box.blur(); }
    });
    box.addEventListener("input", function () { if (!box.value.trim()) { at = -1; status(); } });
    Array.prototype.forEach.call(document.querySelectorAll("#find [data-find]"), function (b) {
      b.addEventListener("click", function () { step(+b.getAttribute("data-find")); });
    });
    list.addEventListener("click", function (e) {  // a result clicked: the page-wide handler reveals it
      var link = e.target.closest("a[data-line]");
      if (!link) return;
      at = links().indexOf(link);
      links().forEach(function (a) { a.classList.toggle("on", a === link); });
      status();
    });
    list.addEventListener("htmx:afterSwap", function () {
      at = -1;
      var by = wanted;
      wanted = 0;
      if (by && fresh()) go(by > 0 ? 0 : -1); else status();
    });
    document.addEventListener("keydown", function (e) {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      var t = e.target;
      if (t.closest && t.closest("input, textarea, select, [contenteditable]")) return;
      e.preventDefault();
      box.focus();
      box.select();
    });
    status();
  }

  document.addEventListener("DOMContentLoaded", function () {
    transcript = document.getElementById("transcript");
    if (!transcript) return;
    document.documentElement.classList.add("js");
    index();
    sized();
    watch();
    finder();
    document.addEventListener("click", function (e) {
      var link = e.target.closest("a.part-link[data-part], a[data-line]");
      if (link) {
        e.preventDefault();
        if (link.hasAttribute("data-line")) { reveal(link.getAttribute("data-line"), marked(link)); return; }
        var part = document.getElementById("part-" + link.getAttribute("data-part"));
        load(part).then(function (p) { if (p) p.scrollIntoView({block: "start"}); }, function () {});
      }
    });
    player = document.getElementById("player");
    if (!player) return;
    document.body.classList.add("has-player");
    document.addEventListener("click", function (e) {
      var el = e.target.closest("[data-seek], #transcript [data-s]");
      if (!el) return;
      var sel = window.getSelection();
      if (sel && !sel.isCollapsed && el.matches("[data-s]")) return;  // selecting words to clip, not seeking
      e.preventDefault();
      seek(+(el.getAttribute("data-seek") || el.getAttribute("data-s")), true, !transcript.contains(el));
    });
    document.body.addEventListener("htmx:afterSwap", index);  // a corrected line brings new word spans
    player.addEventListener("play", function () { window.requestAnimationFrame(tick); });
    player.addEventListener("seeked", function () { show(player.currentTime * 1000, false); });
    var t = new URLSearchParams(window.location.search).get("t");
    if (t !== null && /^\d+$/.test(t)) seek(+t, false, false);
  });
})();

// Cut by text: select words in the transcript and the clip form takes their span.
(function () {
  "use strict";

  function clock(ms) {
    var s = Math.floor(ms / 1000), m = Math.floor(s / 60), h = Math.floor(m / 60);
    var frac = String(ms % 1000).padStart(3, "0");
    var mm = h ? String(m % 60).padStart(2, "0") : String(m);
    return (h ? h + ":" : "") + mm + ":" + String(s % 60).padStart(2, "0") + "." + frac;
  }

  function lineOf(node) {
    var el = node.nodeType === 1 ? node : node.parentElement;
    return el ? el.closest("#transcript .line") : null;
  }

  function selectedWords(sel) {
    var transcript = document.getElementById("transcript");
    if (!sel || sel.isCollapsed || sel.rangeCount === 0) return [];
    var range = sel.getRangeAt(0);
    if (!transcript.contains(range.commonAncestorContainer)) return [];
    // only the lines the selection spans: a 3-hour transcript has tens of thousands of words
    var first = lineOf(range.startContainer), last = lineOf(range.endContainer), found = [];
    if (!first || !last) return Array.prototype.filter.call(transcript.querySelectorAll("[data-s]"), within);
    var all = Array.prototype.slice.call(transcript.querySelectorAll(".line"));  // across parts too
    all.slice(all.indexOf(first), all.indexOf(last) + 1).forEach(function (line) {
      Array.prototype.forEach.call(line.querySelectorAll("[data-s]"), function (w) { if (within(w)) found.push(w); });
    });
    return found;

    function within(w) { return range.intersectsNode(w) && w.textContent.trim() !== ""; }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form.clipper");
    var float = document.getElementById("clip-float");
    if (!form) return;
    var start = document.getElementById("clip-start"), end = document.getElementById("clip-end");
    var startMs = document.getElementById("clip-start-ms"), endMs = document.getElementById("clip-end-ms");
    var said = document.getElementById("clip-said");
    [start, end].forEach(function (input) {
      input.addEventListener("input", function () { startMs.value = ""; endMs.value = ""; });
    });

    function take() {
      var sel = window.getSelection();
      var words = selectedWords(sel);
      if (!words.length) { if (float) float.hidden = true; return; }
      var first = words[0], last = words[words.length - 1];
      var from = +first.getAttribute("data-s"), to = +(last.getAttribute("data-e") || last.getAttribute("data-s"));
      startMs.value = from; endMs.value = to;
      start.value = clock(from); end.value = clock(to);
      var text = words.map(function (w) { return w.textContent; }).join(" ");
      said.textContent = "\u201c" + (text.length > 220 ? text.slice(0, 220) + "\u2026" : text) + "\u201d";
      if (float) {
        var box = sel.getRangeAt(0).getBoundingClientRect();
        var host = document.getElementById("transcript").getBoundingClientRect();
        float.textContent = "Make clip " + clock(from).replace(/\.\d+$/, "") + "\u2013" + clock(to).replace(/\.\d+$/, "");
        float.style.top = (box.top - host.top - 38) + "px";
        float.style.left = Math.max(0, box.left - host.left) + "px";
        float.hidden = false;
      }
    }

    document.addEventListener("selectionchange", function () { window.clearTimeout(take.timer); take.timer = window.setTimeout(take, 120); });
    if (float) {
      float.addEventListener("mousedown", function (e) { e.preventDefault(); });  // keep the selection
      float.addEventListener("click", function () { take(); form.requestSubmit(); });
    }
  });
})();

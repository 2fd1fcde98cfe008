// greenroom studio: the player follows the transcript and the transcript follows the player.
// Works on what the server rendered: [data-seek] links and [data-s] word spans (start in ms).
(function () {
  "use strict";
  var player = null, spans = [], starts = [], current = null, currentLine = null;

  function index() {
    spans = Array.prototype.slice.call(document.querySelectorAll("#transcript [data-s]"));
    starts = spans.map(function (s) { return +s.getAttribute("data-s"); });
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
        if (box.top < 80 || box.bottom > window.innerHeight) line.scrollIntoView({block: "center", behavior: "smooth"});
      }
    }
  }

  function seek(ms, play) {
    player.currentTime = ms / 1000;
    show(ms, false);
    if (play) { var p = player.play(); if (p && p.catch) p.catch(function () {}); }
  }

  function tick() {
    show(player.currentTime * 1000, true);
    if (!player.paused) window.requestAnimationFrame(tick);
  }

  document.addEventListener("DOMContentLoaded", function () {
    player = document.getElementById("player");
    if (!player) return;
    document.body.classList.add("has-player");
    index();
    document.addEventListener("click", function (e) {
      var el = e.target.closest("[data-seek], #transcript [data-s]");
      if (!el) return;
      e.preventDefault();
      seek(+(el.getAttribute("data-seek") || el.getAttribute("data-s")), true);
    });
    player.addEventListener("play", function () { window.requestAnimationFrame(tick); });
    player.addEventListener("seeked", function () { show(player.currentTime * 1000, false); });
    var t = new URLSearchParams(window.location.search).get("t");
    if (t !== null && /^\d+$/.test(t)) seek(+t, false);
  });
})();

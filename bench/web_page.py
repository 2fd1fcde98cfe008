"""Interview page bench: a 3.5-hour interview opened in Chromium (Debian's, through
Playwright, headless, as tests/test_web_browser.py drives it).

The interview is real talk: corpus transcripts (the Tim Ferriss pool) laid end to
end until 3.5 hours, each word timed evenly inside its line (as an aligner would
give it), with a silent 3.5-hour audio file as its media so the player is there;
without the corpus, the sample transcript repeated. The studio runs in this
process on a loopback port with `semantic=False` (only the page is measured).

Measured, over --loads page loads: the HTML's size and element count, time to
first byte, DOM interactive, DOMContentLoaded and load (Navigation Timing), and
time to interactive: from navigation to the moment a click on a transcript line's
time seeks the player (the page answers input). Then a seek into the last hour:
from a click on a chapter there (chapters every 30 minutes, written by the bench)
to a word of that line lit in the transcript, which on the paged page includes
fetching its part. Then keystroke latency in the header's search box on that
page: for each of ~50 keystrokes, keydown to the next frame (a
requestAnimationFrame callback then a task after it, i.e. after the frame that
shows the character). The load average is printed before and after, and the CPU
seconds of this process (the studio runs in it) beside the wall time, since the
machine is often shared. Screenshots of the library, the interview page (top,
and after scrolling to the end) and search results go to --shots (page-*.png).
Target: the page opens (interactive) in <= 2 s.

With --baseline DIR (a checkout holding greenroom/, e.g. `git archive` of an older
commit) the same bench runs first on that code, in a process of its own, and the
table shows both side by side ("before" and "after"; each run says which code it
measured and the load average around it).

    .venv/bin/python bench/web_page.py [--hours 3.5] [--loads 3] [--keys 50] [--shots /tmp/s25]
                                       [--baseline /tmp/old-checkout] [--json out.json]
"""

from __future__ import annotations

import argparse
import importlib.util
import logging
import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from greenroom.model import Interview

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
CHROMIUM = Path("/usr/bin/chromium")
CACHE = Path("/tmp/web1-cache")
CHAPTER_MS = 30 * 60 * 1000
TYPED = "nervous before the first day of shooting on the boat in the rain at night"

# Counts keydown → next frame for every keystroke into the element the page registers.
KEY_PROBE = """(el) => {
  window.__keyLatency = [];
  el.addEventListener('keydown', (event) => {
    const t0 = performance.now();
    requestAnimationFrame(() => setTimeout(() => window.__keyLatency.push(performance.now() - t0), 0));
  });
}"""


def long_interview(hours: float) -> Interview:
    """Corpus lines end to end until `hours` of talk, words timed inside each line."""
    from greenroom.formats import load
    from greenroom.model import Chapter, Person, Utterance, Word
    from greenroom.sample import transcript_path

    paths = sorted(CORPUS.glob("tim-ferriss-pool/*.txt")) or [transcript_path()]
    target_ms = int(hours * 3600 * 1000)
    first = load(paths[0])
    lines: list[Utterance] = []
    clock = 0
    while clock < target_ms:
        for path in paths:
            for u in load(path).utterances:
                if clock >= target_ms:
                    break
                length = max(u.end - u.start, 400 * len(u.text.split()), 1000)
                words = u.text.split()
                step = length / max(len(words), 1)
                timed = [Word(clock + int(i * step), clock + int((i + 1) * step), w) for i, w in enumerate(words)]
                speaker = u.speaker if u.speaker in {s.id for s in first.speakers} else first.speakers[0].id
                lines.append(Utterance(f"u{len(lines) + 1}", clock, clock + length, speaker, u.text, timed))
                clock += length + 300
            if clock >= target_ms:
                break
    first.utterances = lines
    for n, voice in enumerate(first.speakers):  # the pool's host speaks first
        voice.role = "interviewer" if n == 0 else "guest"
    first.people = [Person(s.name or s.label, s.role) for s in first.speakers]
    first.title, first.project = f"A {hours:g}-hour conversation", "Long form"
    first.source.sha256, first.source.path = None, None
    for layer in ("turns", "chapters", "moments", "flags"):
        setattr(first, layer, [])
    first.chapters = [Chapter(ms, min(ms + CHAPTER_MS, clock), f"Stretch {n + 1}")
                      for n, ms in enumerate(range(0, clock, CHAPTER_MS))]
    first.metrics = first.card = first.highlights = None
    return first


def silent_audio(seconds: float) -> Path:
    """A silent mono file as long as the interview (cached: encoding takes a while)."""
    path = CACHE / f"silence-{int(seconds)}s.mp3"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono",
                        "-t", str(int(seconds)), "-c:a", "libmp3lame", "-b:a", "8k", str(path.with_suffix(".part.mp3"))],
                       check=True)
        path.with_suffix(".part.mp3").rename(path)
    return path


def build(folder: Path, hours: float) -> tuple[Path, str, int, int]:
    """The library: the long interview (with media) and the sample; (path, id, lines, words)."""
    from greenroom.formats import load
    from greenroom.library import Library
    from greenroom.sample import transcript_path

    interview = long_interview(hours)
    if shutil.which("ffmpeg"):
        interview.source.media_path = str(silent_audio(interview.utterances[-1].end / 1000 + 1))
    sample = load(transcript_path())
    sample.title, sample.project = "Tom Hale on the lighthouse film", "The Keeper"
    path = folder / "library.db"
    with Library(path) as library:
        iid = library.add(interview).id
        library.add(sample)
    return path, iid, len(interview.utterances), sum(len(u.words) for u in interview.utterances)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def studio(path: Path) -> Iterator[str]:
    import uvicorn

    from greenroom.web import create_app

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(path, semantic=False), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def open_interview(page: Any, url: str) -> dict[str, float]:
    """Load the page; Navigation Timing plus time to interactive (ms from navigation)."""
    began = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded", timeout=120_000)  # the studio's handlers attach here
    stamp = page.locator("#transcript a.ts[data-seek]").nth(2)
    target = int(stamp.get_attribute("data-seek") or 0) / 1000
    stamp.click()
    # It plays from there: a busy machine may look only seconds later.
    page.wait_for_function("(t) => { const m = document.querySelector('audio, video');"
                           " return !m || (m.currentTime > t - 0.5 && m.currentTime < t + 60); }", arg=target, timeout=60_000)
    interactive = (time.perf_counter() - began) * 1000
    nav = page.evaluate("() => { const n = performance.getEntriesByType('navigation')[0];"
                        " return {ttfb: n.responseStart, html_kb: n.transferSize / 1024,"
                        " dom_interactive: n.domInteractive, dom_loaded: n.domContentLoadedEventEnd,"
                        " load: n.loadEventEnd, nodes: document.getElementsByTagName('*').length}; }")
    return {**nav, "interactive": interactive}


def late_seek(page: Any) -> float:
    """Click the last chapter (in the last hour) and time it until a word of that
    line is lit; ms. The page is scrolled back to the top first."""
    page.evaluate("window.scrollTo(0, 0)")
    chapter = page.locator("#chapters a.ts[data-seek]").last
    target = int(chapter.get_attribute("data-seek") or 0)
    began = time.perf_counter()
    chapter.click()
    page.wait_for_function("(t) => { const w = document.querySelector('#transcript .w.on');"
                           " return w && Math.abs(+w.dataset.s - t) < 120000; }", arg=target, timeout=60_000)
    return (time.perf_counter() - began) * 1000


def keystrokes(page: Any, count: int) -> list[float]:
    box = page.locator("header input[type=search], form.find input[type=search]").first
    box.evaluate(KEY_PROBE)
    box.click()
    box.press_sequentially((TYPED * 3)[:count], delay=60)
    page.wait_for_timeout(300)
    return [float(v) for v in page.evaluate("() => window.__keyLatency")]


def p(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def scroll_to_end(page: Any) -> None:
    """Scroll to the bottom until the transcript's last part is there (a paged page
    fetches parts on the way, and the page grows as they come)."""
    for _ in range(40):
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_timeout(250)
        if page.evaluate("() => !document.querySelector('#transcript .part.pending:last-of-type')"
                         " && window.innerHeight + window.scrollY >= document.body.scrollHeight - 4"):
            return


def load_average() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


ROWS = (("ttfb", "time to first byte"), ("dom_interactive", "DOM interactive"),
        ("dom_loaded", "DOMContentLoaded"), ("load", "load event"),
        ("interactive", "time to interactive (a click seeks)"),
        ("seek", "seek into the last hour (click to word lit)"))


def measure(args: argparse.Namespace) -> dict[str, Any]:
    """Build the library, open the page in Chromium; every figure the table shows."""
    import tempfile

    from playwright.sync_api import sync_playwright

    import greenroom

    args.shots.mkdir(parents=True, exist_ok=True)
    shot = {name: args.shots / f"page-{args.tag + '-' if args.tag else ''}{name}.png"
            for name in ("library", "interview", "interview-end", "search")}
    found: dict[str, Any] = {"code": str(Path(greenroom.__file__).parent), "load_before": load_average(),
                             "shots": [str(v) for v in shot.values()]}
    with tempfile.TemporaryDirectory() as tmp:
        began = time.perf_counter()
        path, iid, found["lines"], found["words"] = build(Path(tmp), args.hours)
        found["built_s"] = time.perf_counter() - began
        with studio(path) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox"])
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda err: errors.append(str(err)))
            page.goto(base + "/")
            page.screenshot(path=str(shot["library"]), full_page=True)
            cpu, wall = time.process_time(), time.perf_counter()
            loads = []
            for _ in range(args.loads):
                loads.append(open_interview(page, f"{base}/interviews/{iid}"))
                loads[-1]["seek"] = late_seek(page)
            found["cpu_s"], found["wall_s"] = time.process_time() - cpu, time.perf_counter() - wall
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=str(shot["interview"]))
            latency = keystrokes(page, args.keys)
            page.goto(f"{base}/interviews/{iid}", wait_until="domcontentloaded")
            scroll_to_end(page)
            page.screenshot(path=str(shot["interview-end"]))
            page.goto(base + "/search?q=" + "terrified OR nervous")
            page.screenshot(path=str(shot["search"]), full_page=True)
            browser.close()
    found.update(html_kb=loads[0]["html_kb"], nodes=loads[0]["nodes"], errors=errors, loads=len(loads),
                 keys=[p(latency, 50), p(latency, 95), max(latency)] if latency else None,
                 rows={key: [statistics.median(r[key] for r in loads), max(r[key] for r in loads)]
                       for key, _ in ROWS},
                 load_after=load_average())
    return found


def report(runs: list[tuple[str, dict[str, Any]]], hours: float) -> None:
    """The table, one pair of columns (median, worst) per run, side by side."""
    first = runs[0][1]
    print(f"interview: {hours:g} hours, {first['lines']} lines, {first['words']} words; "
          f"library built in {first['built_s']:.1f} s")
    for label, run in runs:
        print(f"{label}: studio code {run['code']}; load average {run['load_before']} before, {run['load_after']} "
              f"after; loads and seeks {run['wall_s']:.1f} s wall, {run['cpu_s']:.1f} s CPU in the bench process "
              f"(the studio and the driver); page errors {len(run['errors'])}"
              f"{': ' + run['errors'][0] if run['errors'] else ''}")
    head = f"{'interview page, ' + str(first['loads']) + ' loads (ms)':44}"
    print("\n" + head + "".join(f" {label + ' median':>16} {'worst':>7}" for label, _ in runs))
    for key, name in ROWS:
        print(f"{name:44}" + "".join(f" {run['rows'][key][0]:16.0f} {run['rows'][key][1]:7.0f}" for _, run in runs))
    print(f"{'HTML (KB) / elements':44}" + "".join(f" {run['html_kb']:16.0f} {run['nodes']:7.0f}" for _, run in runs))
    print(f"{'keystroke latency p50 / p95 (ms)':44}"
          + "".join(f" {run['keys'][0]:16.1f} {run['keys'][1]:7.1f}" if run["keys"] else f" {'-':>16} {'-':>7}"
                    for _, run in runs))
    for label, run in runs:
        median, worst = run["rows"]["interactive"]
        print(f"target, interactive <= 2000 ms, {label}: median {'meets' if median <= 2000 else 'misses'}, "
              f"worst {'meets' if worst <= 2000 else 'misses'}")
    print(f"screenshots: {', '.join(s for _, run in runs for s in run['shots'])}")


def baseline(args: argparse.Namespace) -> dict[str, Any]:
    """This bench run on the checkout at --baseline (its package first on PYTHONPATH)."""
    import json
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "baseline.json"
        subprocess.run([sys.executable, str(Path(__file__).resolve()), "--hours", str(args.hours), "--loads",
                        str(args.loads), "--keys", str(args.keys), "--shots", str(args.shots), "--tag", "before",
                        "--json", str(out)], check=True, cwd="/", stdout=subprocess.DEVNULL,
                       env={**os.environ, "PYTHONPATH": str(args.baseline)})
        found: dict[str, Any] = json.loads(out.read_text())
        return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hours", type=float, default=3.5)
    parser.add_argument("--loads", type=int, default=3)
    parser.add_argument("--keys", type=int, default=50)
    parser.add_argument("--shots", type=Path, default=Path("/tmp/s25"), help="folder for the page-*.png screenshots")
    parser.add_argument("--tag", default="", help="added to the screenshots' names (page-TAG-library.png)")
    parser.add_argument("--baseline", type=Path, help="another checkout's folder (holding greenroom/): measured "
                        "first, in a process of its own, and shown beside this one")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    logging.getLogger("greenroom").setLevel(logging.ERROR)
    if importlib.util.find_spec("playwright") is None:
        print("web_page: playwright is not installed (./dev setup)", file=sys.stderr)
        return 2
    if not CHROMIUM.exists():
        print(f"web_page: no Chromium at {CHROMIUM} (apt-get install chromium)", file=sys.stderr)
        return 2
    if args.baseline and not (args.baseline / "greenroom" / "__init__.py").is_file():
        print(f"web_page: {args.baseline} holds no greenroom package", file=sys.stderr)
        return 2
    runs = [("before", baseline(args))] if args.baseline else []
    runs.append(("after" if args.baseline else "this", measure(args)))
    if args.json:
        import json

        args.json.write_text(json.dumps(runs[-1][1]))
    report(runs, args.hours)
    return 0


if __name__ == "__main__":
    sys.exit(main())

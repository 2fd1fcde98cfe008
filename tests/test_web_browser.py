"""The studio in a real browser (Debian's Chromium driven by Playwright): log in,
search, open a hit, click a timestamp, and the player moves there; correct a word,
select words, make a clip, watch it reach done and download it.

Skips with a reason when Playwright or /usr/bin/chromium is absent (`./dev setup`
installs both); `playwright install` is never needed."""

from __future__ import annotations

import importlib.util
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
pytest.importorskip("fastapi", reason="the web extra is not installed")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)

import uvicorn
from test_web_fixtures import PASSWORD, build_studio_db

from greenroom.library import Library, access
from greenroom.web import create_app

SCREENSHOT = Path("/tmp/web-interview.png")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def open_page(**options: Any) -> Iterator[tuple[Any, list[str]]]:
    """A page in a fresh headless Chromium (Debian's) at 1400 x 900 (`options`: more
    browser-context settings), and the list its uncaught script errors go into."""
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox"])
        try:
            page = browser.new_context(viewport={"width": 1400, "height": 900}, **options).new_page()
            errors: list[str] = []
            page.on("pageerror", lambda err: errors.append(str(err)))
            yield page, errors
        finally:
            browser.close()


@contextmanager
def running(app: Any) -> Iterator[str]:
    """The studio `app` served by uvicorn on a free loopback port in a thread; its URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the studio did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def studio_url(sample_files: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real studio on a loopback port, in a thread, with one editor account."""
    path = tmp_path_factory.mktemp("browser") / "library.db"
    build_studio_db(sample_files.reference, sample_files.audio, path)
    with Library(path) as library:
        access.add_user(library, "eve", "editor", PASSWORD)
    with running(create_app(path)) as url:
        yield url


def test_log_in_search_open_a_hit_and_seek_by_timestamp(studio_url: str) -> None:
    with open_page() as (page, errors):
        page.goto(studio_url + "/")
        assert "/login" in page.url
        page.fill("input[name=name]", "eve")
        page.fill("input[name=password]", PASSWORD)
        page.click("button:has-text('Log in')")
        page.wait_for_url(studio_url + "/")
        page.goto(studio_url + "/search")
        page.locator(".bigsearch input[type=search]").press_sequentially("terrif*", delay=30)
        hit = page.locator("#results a.hit").first
        hit.wait_for(timeout=10_000)  # htmx fetched results while typing
        assert "terrified" in hit.inner_text()
        hit.click()
        page.wait_for_selector("#player")
        assert page.evaluate("document.querySelector('.line:target') !== null")
        stamp = page.locator("#u-u10 .who a.ts")
        target = int(stamp.get_attribute("data-seek") or 0)
        stamp.click()
        page.wait_for_function(f"Math.abs(document.getElementById('player').currentTime * 1000 - {target}) < 1500",
                               timeout=10_000)
        page.wait_for_selector("#u-u10.now .w.on")  # its line and a word in it are lit while it plays
        page.screenshot(path=str(SCREENSHOT))
        assert not errors, errors


CLIP_SCREENSHOT = Path("/tmp/web-clip-job.png")
SELECT_SCREENSHOT = Path("/tmp/web-clip-select.png")
EDITED_SCREENSHOT = Path("/tmp/web-interview-edited.png")


def log_in(page: Any, studio_url: str) -> None:
    page.goto(studio_url + "/login")
    page.fill("input[name=name]", "eve")
    page.fill("input[name=password]", PASSWORD)
    page.click("button:has-text('Log in')")
    page.wait_for_url(studio_url + "/")


@pytest.mark.skipif(not shutil.which("ffmpeg") or importlib.util.find_spec("pysubs2") is None,
                    reason="ffmpeg or the edit extra is not installed")
def test_correct_a_word_select_text_make_a_clip_and_download_it(studio_url: str) -> None:
    with open_page(accept_downloads=True) as (page, errors):
        log_in(page, studio_url)
        page.click("a.title:has-text('Tom Hale on Low Tide')")
        page.wait_for_selector("#player")

        # correct a word: the line is swapped in place and keeps its timing
        line = page.locator("#u-u8")
        first_start = line.locator(".w").first.get_attribute("data-s")
        line.locator("a.correct").click()
        box = line.locator("textarea[name=text]")
        box.wait_for()
        box.fill((box.input_value()).replace("terrified", "petrified", 1))
        line.locator("button:has-text('Save')").click()
        page.wait_for_selector("#u-u8 .w:text-is('petrified')")
        assert page.locator("#corrections #undo").is_visible()  # swapped in beside the line
        assert page.locator("#u-u8 .w").first.get_attribute("data-s") == first_start

        # select words of the answer with the mouse: the clip form takes their span
        words = page.locator("#u-u8 .w")
        words.nth(1).scroll_into_view_if_needed()
        start, end = words.nth(1).bounding_box(), words.nth(9).bounding_box()
        assert start and end
        page.mouse.move(start["x"] + 1, start["y"] + start["height"] / 2)
        page.mouse.down()
        page.mouse.move(end["x"] + end["width"] - 1, end["y"] + end["height"] / 2, steps=8)
        page.mouse.up()
        floating = page.locator("#clip-float")
        floating.wait_for(state="visible", timeout=5_000)
        # the form follows the selection a moment after it settles (a busy machine drags slowly)
        span = [words.nth(1).get_attribute("data-s"), words.nth(9).get_attribute("data-e")]
        page.wait_for_function("(span) => document.getElementById('clip-start-ms').value === span[0]"
                               " && document.getElementById('clip-end-ms').value === span[1]", arg=span,
                               timeout=5_000)
        assert "petrified" in page.inner_text("#clip-said")
        page.check("input[name=question]")
        page.screenshot(path=str(SELECT_SCREENSHOT))
        floating.click()

        # the job page polls its progress until the clip is ready, then offers it
        page.wait_for_url(f"{studio_url}/jobs/*")
        page.evaluate("""() => { window.seen = [document.getElementById('job').dataset.state];
            new MutationObserver(() => { const job = document.getElementById('job');
                if (job) window.seen.push(job.dataset.state + ' ' + job.querySelector('progress').value); })
              .observe(document.querySelector('.job-panel'), {childList: true, subtree: true}); }""")
        page.wait_for_selector("#job[data-state=done]", timeout=90_000)
        seen = page.evaluate("window.seen")
        assert seen[0] in ("pending", "running") and seen[-1] == "done 1", seen  # polled, not reloaded
        assert "Ready." in page.inner_text("#job") and "0:58" in page.inner_text("h1")  # the question opens it
        assert page.locator("button:has-text('Delete this clip')").is_visible()  # no longer "Cancel"
        with page.expect_download() as download:
            page.click("#download")
        saved = Path(download.value.path())
        assert download.value.suggested_filename == "clip-01-selection.mp4"
        assert saved.read_bytes()[4:8] == b"ftyp"
        page.screenshot(path=str(CLIP_SCREENSHOT), full_page=True)

        # a reload finds the job where it was, and the interview lists it
        page.reload()
        assert page.get_attribute("#job", "data-state") == "done"
        page.click("text=← Tom Hale on Low Tide")
        page.wait_for_selector("#clips .job-done")
        assert "petrified" in page.locator("#corrections ins").first.inner_text()

        # undo the correction, then rename the guest: the name reaches every line
        page.click("#undo")
        page.wait_for_selector("#u-u8 .w:text-is('terrified')")
        rename = page.locator("form.rename").filter(has=page.locator("input[value='Tom Hale']"))
        rename.locator("input[name=name]").fill("Tom H. Hale")
        rename.locator("button:has-text('Rename')").click()
        page.wait_for_selector("#u-u8 .sp:text-is('Tom H. Hale')")
        page.screenshot(path=str(EDITED_SCREENSHOT))
        assert not errors, errors


LONG_SCREENSHOT = Path("/tmp/web-interview-parts.png")


@pytest.fixture(scope="module")
def long_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An open studio (no accounts, loopback) over a 65-minute talk (seven parts) with
    a silent recording as long and chapters, one in its last part."""
    import subprocess

    from test_web_fixtures import long_talk

    from greenroom.model import Chapter

    if not shutil.which("ffmpeg"):
        pytest.skip("ffmpeg is not installed")
    folder = tmp_path_factory.mktemp("long")
    audio = folder / "silence.mp3"
    subprocess.run(["ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "3905",
                    "-c:a", "libmp3lame", "-b:a", "8k", str(audio)], check=True)
    talk = long_talk(65)
    talk.source.media_path = str(audio)
    talk.chapters = [Chapter(0, 1_800_000, "The harbour at dusk"), Chapter(1_800_000, 3_660_000, "The storm"),
                     Chapter(3_660_000, 3_895_000, "Late lights")]
    with Library(folder / "library.db") as library:
        iid = library.add(talk).id
    with running(create_app(folder / "library.db", semantic=False, retime=False)) as url:
        yield f"{url}/interviews/{iid}"


def test_seek_into_a_part_not_yet_loaded_and_scroll_loads_the_next(long_url: str) -> None:
    with open_page() as (page, errors):
        page.goto(long_url)
        page.wait_for_selector("#player")
        assert page.locator("#part-6.pending").count() == 1 and page.locator("#u-u123").count() == 0

        # a chapter in the last part: its part is fetched, the word lit, the line brought into view
        page.click("#chapters a.ts[data-seek='3660000']")
        page.wait_for_selector("#u-u123 .w.on", timeout=15_000)
        assert abs(page.evaluate("document.getElementById('player').currentTime") - 3660) < 2
        assert page.locator("#u-u123").is_visible()
        page.screenshot(path=str(LONG_SCREENSHOT))

        # the player itself moving into a part not here (its scrubber): the transcript follows
        assert page.locator("#part-3.pending").count() == 1
        page.evaluate("document.getElementById('player').currentTime = 1870")
        page.wait_for_selector("#u-u63.now .w.on", timeout=15_000)

        # scrolling near a part fetches it: reading down from the top reaches every line
        page.evaluate("window.scrollTo(0, 0)")
        for n in (1, 2, 4):
            page.locator(f"#part-{n}").scroll_into_view_if_needed()
            page.wait_for_selector(f"#part-{n} .line", timeout=15_000)
        assert page.locator("#transcript .part.pending").count() == 0
        assert page.locator("#transcript .line").count() == 130

        # a line of a part fetched later is corrected in place (htmx knows its links)
        page.locator("#u-u125 a.correct").click()
        page.locator("#u-u125 textarea[name=text]").wait_for(timeout=10_000)

        # a selection across two parts gives the clip form its whole span
        last, first = page.locator("#u-u20 .w").last, page.locator("#u-u21 .w").nth(2)
        last.scroll_into_view_if_needed()
        start, end = last.bounding_box(), first.bounding_box()
        assert start and end
        page.mouse.move(start["x"] + 1, start["y"] + start["height"] / 2)
        page.mouse.down()
        page.mouse.move(end["x"] + end["width"] - 1, end["y"] + end["height"] / 2, steps=8)
        page.mouse.up()
        span = [last.get_attribute("data-s"), first.get_attribute("data-e")]
        page.wait_for_function("(span) => document.getElementById('clip-start-ms').value === span[0]"
                               " && document.getElementById('clip-end-ms').value === span[1]", arg=span,
                               timeout=5_000)
        assert not errors, errors


NOJS_SCREENSHOT = Path("/tmp/web-interview-nojs.png")


def test_without_javascript_the_parts_are_plain_links(long_url: str) -> None:
    with open_page(java_script_enabled=False) as (page, _errors):
        page.goto(long_url)
        assert page.locator("#transcript .line").count() == 20 and page.locator("#u-u21").count() == 0
        page.click("#part-0 a[rel=next]")  # the part's own "Next part" link: a new page
        page.wait_for_url("**?part=1#part-1")
        assert page.locator("#part-1 .line").count() == 20 and page.locator("#u-u1").count() == 0
        page.click("#part-6 a.part-link")  # a placeholder is a link to its part
        page.wait_for_url("**?part=6#part-6")
        assert page.locator("#u-u130").is_visible() and page.locator("#part-6 a[rel=prev]").is_visible()
        page.screenshot(path=str(NOJS_SCREENSHOT))


def test_a_search_hit_deep_in_the_transcript_opens_at_its_line(long_url: str) -> None:
    """A hit's link (?t=MS#u-ID) sends the part holding the line; the parts above it
    arrive as the reader scrolls up, and the line stays where the reader is."""
    with open_page() as (page, errors):
        page.goto(f"{long_url}?t=3000000#u-u101")
        page.wait_for_selector("#u-u101.now .w.on")  # the player went there and lit its first word
        in_view = "() => { const r = document.getElementById('u-u101').getBoundingClientRect();" \
                  " return r.top >= 0 && r.bottom <= window.innerHeight; }"
        page.wait_for_function(in_view, timeout=5_000)  # scrolled there (it settles later on a busy machine)
        assert page.locator("#part-0.pending").count() == 1  # the top of the interview was not sent
        page.mouse.wheel(0, -400)  # reading up: the part just above arrives (fetched near the viewport)
        page.wait_for_selector("#part-4 .line", timeout=15_000)  # and the line stays where the reader is
        stays = "() => { const top = document.getElementById('u-u101').getBoundingClientRect().top;" \
                " return top > 0 && top < 900; }"
        page.wait_for_function(stays, timeout=5_000)
        assert not errors, errors


FIND_SCREENSHOT = Path("/tmp/web-find.png")


def test_find_a_word_said_only_in_the_last_part_not_yet_loaded(tmp_path: Path) -> None:
    """The find box searches the whole interview on the server: a word said only in
    the last part (not on the page yet) is listed, and Enter fetches its part, lights
    the line and brings it into view below the box."""
    from test_web_fixtures import long_talk

    talk = long_talk(65)
    talk.utterances[127].text, talk.utterances[127].words = "The old lighthouse keeper waved us home", []
    with Library(tmp_path / "library.db") as library:
        iid = library.add(talk).id
    with running(create_app(tmp_path / "library.db", semantic=False, retime=False)) as url, \
            open_page() as (page, errors):
        page.goto(f"{url}/interviews/{iid}")
        page.wait_for_selector("#find-q")
        assert page.locator("#part-6.pending").count() == 1 and page.locator("#u-u128").count() == 0
        page.keyboard.press("/")  # the key focuses the box
        assert page.evaluate("document.activeElement.id") == "find-q"
        page.keyboard.type("lighthous*", delay=30)
        page.wait_for_selector("#find-results a.hit[data-line=u128]", timeout=10_000)
        assert page.inner_text("#find-at") == "1 found"
        page.keyboard.press("Enter")
        page.wait_for_selector("#u-u128.sought .w.found:text-is('lighthouse')", timeout=15_000)
        assert page.locator("#part-6.pending").count() == 0 and page.inner_text("#find-at") == "1 of 1"
        in_view = """() => { const r = document.getElementById('u-u128').getBoundingClientRect();
            const box = document.getElementById('find').getBoundingClientRect();
            return r.top >= box.bottom && r.bottom <= window.innerHeight; }"""
        page.wait_for_function(in_view, timeout=5_000)  # below the sticky box, on screen
        page.screenshot(path=str(FIND_SCREENSHOT))
        assert not errors, errors

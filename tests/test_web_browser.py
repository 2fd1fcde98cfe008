"""The studio in a real browser (Debian's Chromium driven by Playwright): log in,
search, open a hit, click a timestamp, and the player moves there.

Skips with a reason when Playwright or /usr/bin/chromium is absent (`./dev setup`
installs both); `playwright install` is never needed."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
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


@pytest.fixture(scope="module")
def studio_url(sample_files: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real studio on a loopback port, in a thread, with one editor account."""
    path = tmp_path_factory.mktemp("browser") / "library.db"
    build_studio_db(sample_files.reference, sample_files.audio, path)
    with Library(path) as library:
        access.add_user(library, "eve", "editor", PASSWORD)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(path), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the studio did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_log_in_search_open_a_hit_and_seek_by_timestamp(studio_url: str) -> None:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda err: errors.append(str(err)))
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
        finally:
            browser.close()

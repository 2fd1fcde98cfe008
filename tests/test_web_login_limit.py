"""Failed logins are limited per account and per address: the sixth guess inside the
window is a one-line 429 saying how long to wait, even with the right password."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from greenroom.web.throttle import LoginLimit, wait_words

pytest.importorskip("fastapi", reason="the web extra is not installed")
pytest.importorskip("httpx", reason="httpx (the test client) is not installed")

from fastapi.testclient import TestClient
from test_web_fixtures import PASSWORD, build_accounts_db, csrf_of

from greenroom.web import create_app


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_limit_counts_failures_in_a_sliding_window() -> None:
    clock = Clock()
    limit = LoginLimit(limit=3, window_s=60, clock=clock)
    for _ in range(2):
        limit.failed("Eve", "10.0.0.1")
        clock.now += 10
    assert limit.wait_s("eve", "10.0.0.1") == 0
    limit.failed("eve ", "10.0.0.1")
    assert limit.wait_s("EVE", "10.0.0.9") == 40  # the account is locked from any address
    assert limit.wait_s("val", "10.0.0.1") == 40  # and the address for any account
    assert limit.wait_s("val", "10.0.0.9") == 0
    clock.now += 40
    assert limit.wait_s("eve", "10.0.0.1") == 0  # the first failure left the window


def test_success_clears_the_account_but_not_the_address() -> None:
    limit = LoginLimit(limit=2, window_s=60, clock=Clock())
    limit.failed("eve", "10.0.0.1")
    limit.succeeded("eve")
    limit.failed("eve", "10.0.0.2")
    assert limit.wait_s("eve", "10.0.0.3") == 0
    limit.failed("val", "10.0.0.1")
    assert limit.wait_s("zed", "10.0.0.1") == 60


def test_wait_words() -> None:
    assert [wait_words(s) for s in (1, 45, 60, 61, 900)] == [
        "1 second", "45 seconds", "1 minute", "2 minutes", "15 minutes"]


@pytest.fixture(scope="module")
def accounts_db(sample_files: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("login-limit") / "library.db"
    build_accounts_db(sample_files.reference, sample_files.audio, path)
    return path


def _login(client: TestClient, name: str, password: str) -> Any:
    token = csrf_of(client.get("/login").text)
    return client.post("/login", data={"name": name, "password": password, "csrf": token, "next": "/"},
                       follow_redirects=False)


def test_the_sixth_wrong_password_is_a_429_with_the_wait(accounts_db: Path) -> None:
    with TestClient(create_app(accounts_db, semantic=False)) as client:
        for _ in range(5):
            assert _login(client, "eve", "guess").status_code == 401
        refused = _login(client, "eve", PASSWORD)  # the right one, too late
        assert refused.status_code == 429
        wait = int(refused.headers["retry-after"])
        assert 0 < wait <= 15 * 60
        lines = [line for line in refused.text.splitlines() if 'role="alert"' in line]
        said = f"Too many failed logins: try again in {wait_words(wait)}."
        assert lines == [f'  <p class="error" role="alert">{said}</p>']
        assert client.get("/", follow_redirects=False).status_code == 303  # still logged out


def test_a_good_login_before_the_limit_resets_the_account(accounts_db: Path) -> None:
    with TestClient(create_app(accounts_db, semantic=False)) as client:
        for _ in range(4):
            assert _login(client, "val", "guess").status_code == 401
        assert _login(client, "val", PASSWORD).status_code == 303
        studio = client.app.state.studio  # type: ignore[attr-defined]
        assert studio.logins.wait_s("val", "elsewhere") == 0
        assert _login(client, "val", "guess").status_code == 401  # the address still has 5 now
        assert _login(client, "eve", PASSWORD).status_code == 429

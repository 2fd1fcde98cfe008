"""The web studio in-process through ASGI: every page and its JSON twin, accounts,
roles, CSRF, embargoes and the audit log, on a real library made from the sample."""

from __future__ import annotations

from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")
pytest.importorskip("httpx", reason="httpx (the test client) is not installed")

from fastapi.testclient import TestClient
from test_web_fixtures import (
    PASSWORD,
    SECOND_PROJECT,
    build_studio_db,
    csrf_of,
)

from greenroom.library import Library, access
from greenroom.model import Interview, Speaker, Utterance
from greenroom.web import create_app
from greenroom.web.app import UnsafeHost

FUTURE, PAST = "2999-01-01", "2000-01-01"


@pytest.fixture(scope="module")
def studio_db(sample_files: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    path = tmp_path_factory.mktemp("studio") / "library.db"
    first, second = build_studio_db(sample_files.reference, sample_files.audio, path)
    return path, first, second


@pytest.fixture
def client(lib_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(lib_path, semantic=False)) as test_client:
        yield test_client


def add_user(lib_path: Path, name: str, role: str) -> None:
    with Library(lib_path) as library:
        access.add_user(library, name, role, PASSWORD)


def login(client: TestClient, name: str, password: str = PASSWORD) -> Any:
    token = csrf_of(client.get("/login").text)
    return client.post("/login", data={"name": name, "password": password, "csrf": token, "next": "/"},
                       follow_redirects=False)


def as_user(lib_path: Path, name: str, role: str) -> TestClient:
    add_user(lib_path, name, role)
    test_client = TestClient(create_app(lib_path))
    assert login(test_client, name).status_code == 303
    return test_client


# -- pages and their JSON twins ---------------------------------------------------

def test_library_page_and_json_filter_sort_and_count(client: TestClient, ids: tuple[str, str]) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "Tom Hale on Low Tide" in page.text and SECOND_PROJECT in page.text
    data = client.get("/interviews.json").json()
    assert data["total"] == 2 and data["count"] == 2
    assert data["projects"] == {"Low Tide": 1, SECOND_PROJECT: 1}
    only = client.get("/interviews.json", params={"project": SECOND_PROJECT}).json()
    assert [i["id"] for i in only["interviews"]] == [ids[1]] and only["total"] == 2
    assert client.get("/interviews.json", params={"guest": "nobody"}).json()["count"] == 0
    titles = [i["title"] for i in client.get("/interviews.json", params={"sort": "title"}).json()["interviews"]]
    assert titles == sorted(titles, key=str.casefold)
    assert "Harbour Lights (1)" in client.get("/").text


def test_unknown_sort_is_one_line_400(client: TestClient) -> None:
    answer = client.get("/interviews.json", params={"sort": "colour"})
    assert answer.status_code == 400 and answer.json() == {
        "error": "sort: unknown sort 'colour': use one of added, title, duration, recorded"}


def test_interview_page_shows_player_transcript_chapters_moments_flags_card(client: TestClient,
                                                                               ids: tuple[str, str]) -> None:
    html = client.get(f"/interviews/{ids[0]}").text
    assert f'<audio id="player" controls preload="metadata" src="/interviews/{ids[0]}/media">' in html
    assert 'data-seek="' in html and 'class="w" data-s="' in html
    for section in ('id="chapters"', 'id="moments"', 'id="flags"', 'id="card"', 'id="speakers"'):
        assert section in html
    assert ">terrified</span>" in html or ">terrified,</span>" in html
    assert "Clear</button>" in html  # the open local user is an admin


def test_interview_json_twin(client: TestClient, ids: tuple[str, str]) -> None:
    data = client.get(f"/interviews/{ids[0]}.json").json()
    interview = Interview.from_dict(data["interview"])
    assert interview.id == ids[0] and len(interview.utterances) == 20 and interview.moments
    assert data["media_url"] == f"/interviews/{ids[0]}/media" and data["embargo"] is None
    assert {f["id"] for f in data["flags"]} == {f.id for f in interview.flags}
    assert client.get(f"/interviews/{ids[1]}.json").json()["media_url"] is None


def test_interview_by_prefix_and_missing_is_404_without_server_paths(client: TestClient, lib_path: Path,
                                                                     ids: tuple[str, str]) -> None:
    assert client.get(f"/interviews/{ids[0][:5]}.json").json()["interview"]["id"] == ids[0]
    answer = client.get("/interviews/nope.json")
    assert answer.status_code == 404 and answer.json() == {"error": "no interview nope"}
    page = client.get("/interviews/nope")
    assert page.status_code == 404 and "no interview nope" in page.text and str(lib_path) not in page.text


def test_media_is_served_with_ranges_only_for_recorded_media(client: TestClient, ids: tuple[str, str],
                                                            sample_files: Any) -> None:
    whole = client.get(f"/interviews/{ids[0]}/media")
    assert whole.status_code == 200 and whole.content == sample_files.audio.read_bytes()
    part = client.get(f"/interviews/{ids[0]}/media", headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and part.content == sample_files.audio.read_bytes()[100:200]
    assert client.get(f"/interviews/{ids[1]}/media").status_code == 404
    assert client.get(f"/interviews/{ids[0]}/media%2F..%2F..%2Fetc%2Fpasswd").status_code == 404
    assert client.get("/no/such/page.json").json() == {"error": "no such page"}
    assert "no such page" in client.get("/no/such/page").text


def test_search_page_and_json(client: TestClient, ids: tuple[str, str]) -> None:
    data = client.get("/search.json", params={"q": "terrified"}).json()
    assert data["count"] >= 1
    hit = data["hits"][0]
    assert hit["interview_id"] in ids and "[terrified]" in hit["snippet"]
    assert hit["url"].startswith(f"/interviews/{hit['interview_id']}?t={hit['start']}#u-")
    html = client.get("/search", params={"q": "terrified"}).text
    assert "<mark>terrified</mark>" in html and hit["url"].replace("&", "&amp;") in html
    assert client.get("/search.json", params={"q": ""}).json()["count"] == 0
    assert client.get("/search.json", params={"q": "terrified", "guest": "Nobody"}).json()["count"] == 0


def test_search_by_meaning_finds_a_paraphrase_words_miss(lib_path: Path, ids: tuple[str, str]) -> None:
    pytest.importorskip("onnxruntime", reason="the analyze extra (sentence embeddings) is not installed")
    app = create_app(lib_path)
    with TestClient(app) as client:
        assert app.state.indexer.done.wait(120), "the background index did not finish"
        query = {"q": "nervous before the first day of shooting"}
        assert client.get("/search.json", params={**query, "mode": "text"}).json()["count"] == 0
        found = client.get("/search.json", params=query).json()
        assert found["mode"] == "hybrid"
        assert any("I was terrified" in h["snippet"] for h in found["hits"][:3])
        assert client.get("/search.json", params={"q": "banana bread recipe"}).json()["count"] == 0
        assert "Words and meaning" in client.get("/search", params=query).text
        assert client.get("/search.json", params={**query, "mode": "vibes"}).status_code == 400


def test_the_indexer_embeds_an_interview_added_while_the_studio_runs(lib_path: Path) -> None:
    pytest.importorskip("onnxruntime", reason="the analyze extra (sentence embeddings) is not installed")
    import time

    from greenroom.backends.embed import default_embedder
    from greenroom.library import semantic

    indexer = semantic.Indexer(str(lib_path), default_embedder, interval=0.2)
    indexer.start()
    try:
        assert indexer.done.wait(120)
        with Library(lib_path) as library:
            assert not semantic.pending(library, default_embedder().name)
            library.add(Interview(title="Later", speakers=[Speaker("S1", "Kit")],
                                  utterances=[Utterance("u1", 0, 3000, "S1", "We painted the whole barn orange.")]))
            deadline = time.monotonic() + 60
            while semantic.pending(library, default_embedder().name) and time.monotonic() < deadline:
                time.sleep(0.2)
            assert not semantic.pending(library, default_embedder().name)
    finally:
        indexer.stop()


def test_search_with_too_many_terms_is_one_line_400(client: TestClient) -> None:
    answer = client.get("/search.json", params={"q": " ".join(f"w{i}" for i in range(70))})
    assert answer.status_code == 400 and answer.json()["error"].startswith("query: too many different terms")


def test_transcript_and_names_are_escaped(lib_path: Path) -> None:
    hostile = Interview(title="<b>Bold</b> title", speakers=[Speaker("S1", "<img src=x onerror=alert(1)>")],
                        utterances=[Utterance("u1", 0, 2000, "S1", "<script>alert('x')</script> hello there")])
    with Library(lib_path) as library:
        iid = library.add(hostile).id
    with TestClient(create_app(lib_path)) as client:
        page = client.get(f"/interviews/{iid}").text
        found = client.get("/search", params={"q": "alert"}).text
        listing = client.get("/").text
        policy_header = client.get("/").headers["content-security-policy"]
    for html in (page, found, listing):
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>Bold" not in html
    assert "&lt;script&gt;alert" in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "script-src 'self'" in policy_header


def test_openapi_describes_the_json_twins(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/interviews.json", "/interviews/{interview_id}.json", "/search.json",
                 "/interviews/{interview_id}/media", "/audit.json"):
        assert path in paths


# -- accounts, sessions and CSRF -----------------------------------------------------

def test_open_only_on_loopback_without_accounts(lib_path: Path) -> None:
    with pytest.raises(UnsafeHost, match="refusing to serve on 0.0.0.0 without accounts"):
        create_app(lib_path, host="0.0.0.0")
    add_user(lib_path, "ana", "admin")
    create_app(lib_path, host="0.0.0.0")  # accounts exist: it may listen beyond this machine


def test_accounts_end_the_open_studio(client: TestClient, lib_path: Path) -> None:
    assert client.get("/").status_code == 200 and "Open studio" in client.get("/").text
    add_user(lib_path, "ana", "admin")
    answer = client.get("/search?q=x", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/login?next=%2Fsearch%3Fq%3Dx"
    assert client.get("/interviews.json").status_code == 401


def test_login_needs_csrf_and_the_right_password(client: TestClient, lib_path: Path) -> None:
    add_user(lib_path, "ana", "editor")
    client.get("/login")
    no_token = client.post("/login", data={"name": "ana", "password": PASSWORD}, follow_redirects=False)
    assert no_token.status_code == 403
    assert login(client, "ana", "wrong password").status_code == 401
    assert login(client, "nobody").status_code == 401
    before = client.cookies.get("greenroom_session")
    assert login(client, "ana").status_code == 303
    assert client.cookies.get("greenroom_session") != before  # a new session: no fixation
    assert "ana" in client.get("/").text
    client.post("/logout", data={"csrf": csrf_of(client.get("/").text)})
    assert client.get("/", follow_redirects=False).status_code == 303


def test_forged_or_edited_cookie_is_anonymous(client: TestClient, lib_path: Path) -> None:
    add_user(lib_path, "ana", "admin")
    login(client, "ana")
    value = client.cookies.get("greenroom_session") or ""
    body, signature = value.rsplit(".", 1)
    client.cookies.set("greenroom_session", body + "." + "0" * len(signature))
    assert client.get("/", follow_redirects=False).status_code == 303


def test_login_redirects_only_within_the_site(client: TestClient, lib_path: Path) -> None:
    add_user(lib_path, "ana", "viewer")
    form_token = csrf_of(client.get("/login").text)
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        answer = client.post("/login", data={"name": "ana", "password": PASSWORD, "csrf": form_token,
                                             "next": target}, follow_redirects=False)
        assert answer.headers["location"] == "/"
        form_token = csrf_of(client.get("/login").text) if "csrf" in client.get("/login").text else form_token


def test_post_without_csrf_token_is_refused(client: TestClient, ids: tuple[str, str]) -> None:
    client.get("/")
    answer = client.post(f"/interviews/{ids[0]}/embargo", data={"until": FUTURE})
    assert answer.status_code == 403 and "security token" in answer.text


# -- roles ---------------------------------------------------------------------

def test_viewer_reads_but_cannot_change_anything(lib_path: Path, ids: tuple[str, str]) -> None:
    viewer = as_user(lib_path, "vic", "viewer")
    page = viewer.get(f"/interviews/{ids[0]}").text
    assert "Clear</button>" not in page and "Rename</button>" not in page
    form_token = csrf_of(page)
    flag = viewer.get(f"/interviews/{ids[0]}.json").json()["flags"][0]["id"]
    for path, data in ((f"/interviews/{ids[0]}/flags/{flag}/clear", {"reason": "fine"}),
                       (f"/interviews/{ids[0]}/flags/{flag}/keep", {}),
                       (f"/interviews/{ids[0]}/speakers/S1", {"name": "X"}),
                       (f"/interviews/{ids[0]}/utterances/u1/speaker", {"speaker": "S2"}),
                       (f"/interviews/{ids[0]}/embargo", {"until": FUTURE})):
        assert viewer.post(path, data={**data, "csrf": form_token}).status_code == 403, path
    assert viewer.get(f"/interviews/{ids[0]}/utterances/u1/speaker").status_code == 403
    assert viewer.get("/audit.json").status_code == 403
    with Library(lib_path) as library:
        assert not library.get(ids[0]).clearances and not access.audit_log(library, ids[0])


def test_editor_clears_and_keeps_a_flag_through_the_policy_and_the_audit_log(lib_path: Path,
                                                                           ids: tuple[str, str]) -> None:
    from greenroom import policy

    editor = as_user(lib_path, "eve", "editor")
    form_token = csrf_of(editor.get(f"/interviews/{ids[0]}").text)
    flag = editor.get(f"/interviews/{ids[0]}.json").json()["flags"][0]["id"]
    done = editor.post(f"/interviews/{ids[0]}/flags/{flag}/clear", headers={"HX-Request": "true"},
                       data={"reason": "the guest agreed in writing", "csrf": form_token})
    assert done.status_code == 200 and done.text.lstrip().startswith('<section id="flags"')
    assert f"cleared {flag}" in done.text and "by eve" in done.text
    with Library(lib_path) as library:
        interview = library.get(ids[0])
        assert flag in policy.cleared_ids(interview) and interview.clearances[0].by == "eve"
    kept = editor.post(f"/interviews/{ids[0]}/flags/{flag}/keep", data={"csrf": form_token}, follow_redirects=False)
    assert kept.status_code == 303 and kept.headers["location"] == f"/interviews/{ids[0]}#flags"
    with Library(lib_path) as library:
        assert flag not in policy.cleared_ids(library.get(ids[0]))
    log = editor.get("/audit.json").json()["entries"]
    assert [(e["user"], e["action"]) for e in log[:2]] == [("eve", "keep-flag"), ("eve", "clear-flag")]
    assert log[1]["detail"] == f"{flag}: the guest agreed in writing"
    assert "clear-flag" in editor.get("/audit").text


def test_clearing_needs_a_reason_and_a_real_flag(lib_path: Path, ids: tuple[str, str]) -> None:
    editor = as_user(lib_path, "eve", "editor")
    form_token = csrf_of(editor.get("/").text)
    flag = editor.get(f"/interviews/{ids[0]}.json").json()["flags"][0]["id"]
    answer = editor.post(f"/interviews/{ids[0]}/flags/{flag}/clear", data={"reason": " ", "csrf": form_token})
    assert answer.status_code == 400 and "needs a reason" in answer.text
    answer = editor.post(f"/interviews/{ids[0]}/flags/f-nope/keep", data={"csrf": form_token})
    assert answer.status_code == 400 and "no flag f-nope" in answer.text


def test_editor_renames_a_speaker_and_reassigns_a_line(lib_path: Path, ids: tuple[str, str]) -> None:
    editor = as_user(lib_path, "eve", "editor")
    form_token = csrf_of(editor.get("/").text)
    renamed = editor.post(f"/interviews/{ids[0]}/speakers/S2", data={"name": "Thomas  Hale", "role": "guest",
                                                                      "csrf": form_token}, follow_redirects=False)
    assert renamed.status_code == 303
    form = editor.get(f"/interviews/{ids[0]}/utterances/u3/speaker", headers={"HX-Request": "true"}).text
    assert form.lstrip().startswith('<form class="reassign"') and "Thomas Hale" in form
    moved = editor.post(f"/interviews/{ids[0]}/utterances/u3/speaker", data={"speaker": "S2", "csrf": form_token},
                        follow_redirects=False)
    assert moved.status_code == 303 and moved.headers["location"].endswith("#u-u3")
    with Library(lib_path) as library:
        interview = library.get(ids[0])
        assert interview.speaker("S2").name == "Thomas Hale"  # type: ignore[union-attr]
        assert next(u for u in interview.utterances if u.id == "u3").speaker == "S2"
        actions = [e.action for e in access.audit_log(library, ids[0])]
    assert actions == ["reassign-line", "rename-speaker"]
    wrong = editor.post(f"/interviews/{ids[0]}/utterances/u3/speaker", data={"speaker": "S9", "csrf": form_token})
    assert wrong.status_code == 400 and "no speaker S9" in wrong.text


def test_editor_edits_the_card_and_a_quote_must_be_verbatim(lib_path: Path, ids: tuple[str, str]) -> None:
    editor = as_user(lib_path, "eve", "editor")
    form_token = csrf_of(editor.get(f"/interviews/{ids[0]}").text)
    with Library(lib_path) as library:
        card = library.get(ids[0]).card
    assert card is not None
    form = {"angle": "A lighthouse keeper who barely speaks", "impact": card.impact, "learn": "\n".join(card.learn),
            "quotes": "\n".join(q.text for q in card.quotes), "csrf": form_token}
    saved = editor.post(f"/interviews/{ids[0]}/card", data=form, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"].endswith("#card")
    with Library(lib_path) as library:
        stored = library.get(ids[0]).card
        assert stored is not None and stored.angle == form["angle"] and stored.edited_fields == ["angle"]
        assert [(e.action, e.detail) for e in access.audit_log(library, ids[0])] == [("edit-card", "changed angle")]
    refused = editor.post(f"/interviews/{ids[0]}/card", data={**form, "quotes": "I never said this at all."})
    assert refused.status_code == 400 and "quote 1 refused" in unescape(refused.text)
    assert "Edited by hand: angle" in editor.get(f"/interviews/{ids[0]}").text


def test_the_open_studio_adds_an_admin_first_and_then_asks_for_a_login(client: TestClient) -> None:
    form_token = csrf_of(client.get("/users").text)
    viewer = client.post("/users", data={"name": "sam", "role": "viewer", "password": PASSWORD, "csrf": form_token})
    assert viewer.status_code == 400 and "the first account must be an admin" in viewer.text
    admin = client.post("/users", data={"name": "ana", "role": "admin", "password": PASSWORD, "csrf": form_token},
                        follow_redirects=False)
    assert admin.status_code == 303 and admin.headers["location"] == "/login?next=%2Fusers"
    assert client.get("/users", follow_redirects=False).status_code == 303


def test_only_admins_manage_accounts(lib_path: Path) -> None:
    admin = as_user(lib_path, "ana", "admin")
    form_token = csrf_of(admin.get("/users").text)
    added = admin.post("/users", data={"name": "sam", "role": "viewer", "password": PASSWORD, "csrf": form_token},
                       follow_redirects=False)
    assert added.status_code == 303 and [u["name"] for u in admin.get("/users.json").json()["users"]] == ["ana", "sam"]
    weak = admin.post("/users", data={"name": "bo", "role": "viewer", "password": "short", "csrf": form_token})
    assert weak.status_code == 400 and "a password needs 8 to 1024 characters" in weak.text
    itself = admin.post("/users/ana/remove", data={"csrf": form_token})
    assert itself.status_code == 400 and "cannot remove your own account" in itself.text
    editor = as_user(lib_path, "eve", "editor")
    assert editor.get("/users").status_code == 403 and editor.get("/users.json").status_code == 403
    sam = TestClient(create_app(lib_path))
    assert login(sam, "sam").status_code == 303
    assert admin.post("/users/sam/remove", data={"csrf": form_token}, follow_redirects=False).status_code == 303
    assert sam.get("/interviews.json").status_code == 401  # a removed account's session ends at once
    with Library(lib_path) as library:
        assert [e.action for e in access.audit_log(library)][:2] == ["remove-user", "add-user"]


# -- embargoes -------------------------------------------------------------------

def test_embargo_hides_an_interview_from_viewers_everywhere(lib_path: Path, ids: tuple[str, str]) -> None:
    editor = as_user(lib_path, "eve", "editor")
    answer = editor.post(f"/interviews/{ids[0]}/embargo", data={"until": FUTURE, "csrf": csrf_of(editor.get("/").text)},
                         follow_redirects=False)
    assert answer.status_code == 303
    assert f"embargoed until {FUTURE}" in editor.get("/").text
    assert editor.get(f"/interviews/{ids[0]}.json").json()["embargo"] == FUTURE
    viewer = as_user(lib_path, "vic", "viewer")
    assert [i["id"] for i in viewer.get("/interviews.json").json()["interviews"]] == [ids[1]]
    assert viewer.get("/interviews.json").json()["total"] == 1
    assert ids[0] not in viewer.get("/").text
    for path in (f"/interviews/{ids[0]}", f"/interviews/{ids[0]}.json", f"/interviews/{ids[0]}/media",
                 f"/interviews/{ids[0][:5]}.json", f"/interviews/{ids[0]}/part?n=0", f"/interviews/{ids[0]}?part=0"):
        assert viewer.get(path).status_code == 404, path
    assert editor.get(f"/interviews/{ids[0]}/part?n=0").status_code == 200  # the part an editor may read
    hits = viewer.get("/search.json", params={"q": "terrified"}).json()["hits"]
    assert hits and _shown_in(hits) == {ids[1]}  # not even as "same words in 1 more line"
    hits = editor.get("/search.json", params={"q": "terrified"}).json()["hits"]
    assert _shown_in(hits) == set(ids) and hits[0]["same_words"] == 1  # both imports hold the line: one hit


def _shown_in(hits: list[dict[str, Any]]) -> set[str]:
    """Interviews a search's hits show or list among their lines with the same words."""
    return {h["interview_id"] for h in hits} | {o["interview_id"] for h in hits for o in h["others"]}


def test_a_past_embargo_date_hides_nothing_and_a_bad_date_is_one_line(lib_path: Path, ids: tuple[str, str]) -> None:
    editor = as_user(lib_path, "eve", "editor")
    form_token = csrf_of(editor.get("/").text)
    editor.post(f"/interviews/{ids[0]}/embargo", data={"until": PAST, "csrf": form_token})
    viewer = as_user(lib_path, "vic", "viewer")
    assert viewer.get(f"/interviews/{ids[0]}.json").status_code == 200
    bad = editor.post(f"/interviews/{ids[0]}/embargo", data={"until": "next week", "csrf": form_token})
    assert bad.status_code == 400 and "bad date 'next week': use YYYY-MM-DD" in unescape(bad.text)


# -- the command line --------------------------------------------------------------

def test_users_and_embargo_commands(greenroom_at: Any, lib_path: Path, tmp_path: Path, ids: tuple[str, str]) -> None:
    run = greenroom_at(lib_path)
    secret = tmp_path / "pw.txt"
    secret.write_text(PASSWORD + "\n")
    assert run("users", "add", "ana", "--role", "admin", "--password-file", str(secret)).output == "added ana (admin)\n"
    again = run("users", "add", "ana", "--role", "viewer", "--password-file", str(secret))
    assert again.exit_code == 1 and "already a user 'ana'" in again.output
    secret.write_text("short\n")
    short = run("users", "add", "bo", "--role", "viewer", "--password-file", str(secret))
    assert short.exit_code == 1 and "a password needs 8 to 1024 characters" in short.output
    assert run("users", "list").output.startswith("ana\tadmin\t")
    assert run("embargo", ids[0], "--until", FUTURE).output == f"{ids[0]}\tembargoed until {FUTURE}\n"
    assert run("embargo", ids[0]).output == f"{ids[0]}\tembargoed until {FUTURE}\n"
    assert run("embargo", ids[0], "--lift").output == f"{ids[0]}\tembargo lifted\n"
    with Library(lib_path) as library:
        assert access.authenticate(library, "ana", PASSWORD) is not None
        assert [e.action for e in access.audit_log(library)] == ["embargo", "embargo", "add-user"]


def test_serve_refuses_a_public_address_without_accounts(greenroom_at: Any, lib_path: Path) -> None:
    answer = greenroom_at(lib_path)("serve", "--host", "0.0.0.0", "--port", "0")
    assert answer.exit_code == 1
    assert answer.output.startswith("greenroom: error: refusing to serve on 0.0.0.0 without accounts")


def test_passwords_are_stored_as_scrypt_hashes_only(lib_path: Path) -> None:
    import sqlite3

    add_user(lib_path, "ana", "admin")
    with sqlite3.connect(lib_path) as conn:
        stored = conn.execute("SELECT password FROM users").fetchone()[0]
    assert stored.startswith("scrypt$") and PASSWORD not in stored


def test_only_the_cli_imports_the_web_package() -> None:
    from test_architecture import all_modules

    for name, imports in all_modules().items():
        if not name.startswith(("greenroom.web", "greenroom.cli")):
            assert not any(i.startswith("greenroom.web") for i in imports), name

"""Shared by the web tests (no tests here): a studio library made from the project's own sample interview (spoken
audio as its media, analyzed) and a second, text-only interview from the sample
transcript in another project."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

from greenroom.formats import load
from greenroom.library import Library, access
from greenroom.library.analysis import analyze_stored
from greenroom.sample import GUEST, PROJECT, transcript_path

SECOND_PROJECT = "Harbour Lights"
PASSWORD = "correct horse battery"


def build_studio_db(sample_reference: Path, sample_audio: Path, target: Path) -> tuple[str, str]:
    """Write the studio library at `target`: (sampled interview id, text-only id)."""
    spoken = load(sample_reference)
    spoken.source.media_path = str(sample_audio.resolve())
    spoken.title = f"{GUEST} on {PROJECT}"
    typed = load(transcript_path())
    typed.title, typed.project = "Tom Hale, the typed notes", SECOND_PROJECT
    with Library(target) as library:
        first = library.add(spoken).id
        analyze_stored(library, first)
        second = library.add(typed).id
    return first, second


def build_accounts_db(sample_reference: Path, sample_audio: Path, target: Path) -> tuple[str, str]:
    """The studio library with an editor (eve) and a viewer (val), both with PASSWORD."""
    first, second = build_studio_db(sample_reference, sample_audio, target)
    with Library(target) as library:
        access.add_user(library, "eve", "editor", PASSWORD)
        access.add_user(library, "val", "viewer", PASSWORD)
    return first, second


def logged_in(client: Any, name: str) -> str:
    """Log `name` in through a TestClient; returns the session's CSRF token for posts."""
    token = csrf_of(client.get("/login").text)
    answer = client.post("/login", data={"name": name, "password": PASSWORD, "csrf": token, "next": "/"},
                         follow_redirects=False)
    assert answer.status_code == 303
    return csrf_of(client.get("/").text)


def copy_db(source: Path, target: Path) -> Path:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def long_talk(minutes: int, title: str = "The long harbour talk") -> Any:
    """An interview of `minutes` minutes written here (two speakers taking turns every
    30 seconds, each word timed), long enough for the page to come in parts."""
    from greenroom.model import Interview, Person, Speaker, Utterance, Word

    lines = []
    for n in range(minutes * 2):
        start = n * 30_000
        text = f"At minute {n // 2} line {n + 1} says the harbour light was {'red' if n % 3 else 'green'} again tonight"
        step = 25_000 // len(text.split())
        words = [Word(start + i * step, start + (i + 1) * step, w) for i, w in enumerate(text.split())]
        lines.append(Utterance(f"u{n + 1}", start, start + 25_000, "S1" if n % 2 else "S2", text, words))
    speakers = [Speaker("S1", "S1", "Ann Host", "interviewer"), Speaker("S2", "S2", "Bo Guest", "guest")]
    return Interview(title=title, project="Parts", speakers=speakers, utterances=lines,
                     people=[Person("Ann Host", "interviewer"), Person("Bo Guest", "guest")])

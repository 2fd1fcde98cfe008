"""Shared by the web tests (no tests here): a studio library made from the project's own sample interview (spoken
audio as its media, analyzed) and a second, text-only interview from the sample
transcript in another project."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from greenroom.formats import load
from greenroom.library import Library
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


def copy_db(source: Path, target: Path) -> Path:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)

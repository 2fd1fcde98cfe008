"""The library as a browsable catalogue: every interview's summary with its project
and dates, filtered and sorted, without loading a single transcript.

`Library.list` gives summaries; the project and recorded date live in each
interview's stored document, read here in the same query so a library of
thousands of interviews lists in one pass.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

from greenroom.errors import InputError
from greenroom.library.store import Library, Summary

SORTS = ("added", "title", "duration", "recorded")


@dataclass
class Entry:
    """One interview in the catalogue."""

    summary: Summary
    project: str
    recorded: str | None


@dataclass
class Catalog:
    """The entries that passed the filters, and counts over the whole library
    (so a filter's choices show how many each would give)."""

    entries: list[Entry]
    total: int
    projects: dict[str, int] = field(default_factory=dict)
    guests: dict[str, int] = field(default_factory=dict)


def entries(library: Library) -> list[Entry]:
    """Every interview, newest first, with its project and recorded date."""
    extra = {iid: (json.loads(doc)) for iid, doc in library._read(
        "SELECT id, json_object('project', json_extract(doc, '$.project'), "
        "'recorded', json_extract(doc, '$.recorded')) FROM interviews")}
    out = []
    for summary in library.list():
        more = extra.get(summary.id, {})
        out.append(Entry(summary, more.get("project") or "", more.get("recorded")))
    return out


def browse(library: Library, *, guest: str = "", project: str = "", sort: str = "added",
           hidden: set[str] | frozenset[str] = frozenset()) -> Catalog:
    """Filter by guest (any part of a guest's name, any case) and project (exact),
    sort, and count; `hidden` ids (embargoed for this reader) are left out of all
    of it. Raises `InputError` for an unknown sort."""
    if sort not in SORTS:
        raise InputError("sort", f"unknown sort {sort!r}: use one of {', '.join(SORTS)}")
    every = [e for e in entries(library) if e.summary.id not in hidden]
    projects = Counter(e.project for e in every if e.project)
    guests = Counter(g for e in every for g in dict.fromkeys(e.summary.guests))
    wanted = guest.strip().casefold()
    chosen = [e for e in every
              if (not wanted or any(wanted in g.casefold() for g in e.summary.guests))
              and (not project or e.project == project)]
    return Catalog(_sorted(chosen, sort), len(every), dict(projects.most_common()),
                   dict(guests.most_common()))


def _sorted(chosen: list[Entry], sort: str) -> list[Entry]:
    if sort == "title":
        return sorted(chosen, key=lambda e: e.summary.title.casefold())
    if sort == "duration":
        return sorted(chosen, key=lambda e: -e.summary.duration)
    if sort == "recorded":
        return sorted(chosen, key=lambda e: e.recorded or "", reverse=True)
    return chosen  # "added": the library's own order, newest first


def media_path(library: Library, interview_id: str) -> str | None:
    """The media file an interview records (`source.media_path`), read without
    loading its transcript: a player asks for byte ranges many times."""
    rows = library._read("SELECT json_extract(doc, '$.source.media_path') FROM interviews WHERE id = ?",
                         (interview_id,))
    return str(rows[0][0]) if rows and rows[0][0] else None

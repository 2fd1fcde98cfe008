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
    themes: list[str] = field(default_factory=list)  # filled by `browse`


@dataclass
class Catalog:
    """The entries that passed the filters, and counts over the whole library
    (so a filter's choices show how many each would give)."""

    entries: list[Entry]
    total: int
    projects: dict[str, int] = field(default_factory=dict)
    guests: dict[str, int] = field(default_factory=dict)
    themes: dict[str, int] = field(default_factory=dict)
    years: dict[str, int] = field(default_factory=dict)


@dataclass
class Filters:
    """What the library page narrows by, beyond guest and project: a theme (a topic
    the questions were about, or a kind of moment found in the answers) and a date
    range (YYYY-MM-DD, inclusive) over the day an interview was recorded, or added
    when no one said when it was recorded."""

    theme: str = ""
    since: str = ""
    until: str = ""

    def check(self) -> None:
        """`InputError` for a date that is not YYYY-MM-DD, or a range that ends before it starts."""
        for name, value in (("since", self.since), ("until", self.until)):
            if value and not _is_day(value):
                raise InputError(name, f"{value!r} is not a date: use YYYY-MM-DD")
        if self.since and self.until and self.until < self.since:
            raise InputError("until", f"the range ends ({self.until}) before it starts ({self.since})")

    @property
    def active(self) -> bool:
        return bool(self.theme or self.since or self.until)


def _is_day(text: str) -> bool:
    from datetime import date

    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def day_of(entry: Entry) -> str:
    """The day an interview counts under for the date filter: recorded, else added."""
    return (entry.recorded or entry.summary.added or "")[:10]


def themes(library: Library) -> dict[str, set[str]]:
    """Each interview's themes, read from its stored analysis in one query: the topics
    of its questions (the `turns` layer; "other" is no theme) and the kinds of its
    moments (the `moments` layer)."""
    rows = library._read("""
        SELECT l.interview_id, json_extract(t.value, '$.topic') FROM layers l, json_each(l.data) t
         WHERE l.name = 'turns'
        UNION
        SELECT l.interview_id, json_extract(m.value, '$.kind') FROM layers l, json_each(l.data) m
         WHERE l.name = 'moments'""")
    found: dict[str, set[str]] = {}
    for iid, theme in rows:
        if theme and theme != "other":
            found.setdefault(iid, set()).add(str(theme))
    return found


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
           hidden: set[str] | frozenset[str] = frozenset(), filters: Filters | None = None) -> Catalog:
    """Filter by guest (any part of a guest's name, any case), project (exact) and
    `filters` (theme, date range), sort, and count; `hidden` ids (embargoed for this
    reader) are left out of all of it. Counts are over the whole library, except the
    theme and year counts, which follow the guest and project chosen (so each says how
    many a click would give). Raises `InputError` for an unknown sort or a bad date."""
    if sort not in SORTS:
        raise InputError("sort", f"unknown sort {sort!r}: use one of {', '.join(SORTS)}")
    filters = filters or Filters()
    filters.check()
    every = [e for e in entries(library) if e.summary.id not in hidden]
    projects = Counter(e.project for e in every if e.project)
    guests = Counter(g for e in every for g in dict.fromkeys(e.summary.guests))
    wanted = guest.strip().casefold()
    narrowed = [e for e in every
                if (not wanted or any(wanted in g.casefold() for g in e.summary.guests))
                and (not project or e.project == project)]
    by_theme = themes(library)
    for e in narrowed:
        e.themes = sorted(by_theme.get(e.summary.id, ()))
    in_range = [e for e in narrowed if (not filters.since or day_of(e) >= filters.since)
                and (not filters.until or day_of(e) <= filters.until)]
    theme_counts = Counter(t for e in in_range for t in by_theme.get(e.summary.id, ()))
    chosen = [e for e in in_range if not filters.theme or filters.theme in by_theme.get(e.summary.id, ())]
    themed = [e for e in narrowed if not filters.theme or filters.theme in by_theme.get(e.summary.id, ())]
    years = Counter(day_of(e)[:4] for e in themed if day_of(e))
    return Catalog(_sorted(chosen, sort), len(every), dict(projects.most_common()),
                   dict(guests.most_common()), dict(sorted(theme_counts.items(), key=lambda kv: (-kv[1], kv[0]))),
                   dict(sorted(years.items(), reverse=True)))


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

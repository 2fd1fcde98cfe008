"""What the studio's pages show, computed from the model: plain data for templates
and for the JSON twins, so a page and its JSON never disagree.

Nothing here writes; nothing here formats HTML (templates escape everything).
"""

from __future__ import annotations

import mimetypes
import os
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from greenroom import policy, timecode
from greenroom.library.catalog import Catalog, Entry, Filters
from greenroom.library.search import Hit
from greenroom.model import Flag, Interview, Utterance, Word

# Private-use characters mark search matches in snippets: no transcript holds them,
# so the template can escape the snippet first and turn only these into <mark>.
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
VIDEO_SUFFIXES = (".mp4", ".m4v", ".mov", ".webm", ".mkv", ".ogv")
# The interview page sends one part of the transcript and the rest on demand: a part
# is the lines starting in one stretch of PART_MS (about 1,500 words of talk), cut
# sooner at PART_LINES lines (untimed or caption-sized lines). Parts follow from
# line times and counts only, so a corrected word never moves a part's boundary.
PART_MS = 10 * 60 * 1000
PART_LINES = 300


# What each stored analysis layer is called on a library card, in the order analysis
# makes them (the layer names are the model's; "marks" alone read like a typo).
LAYER_LABELS = {"turns": "questions", "chapters": "chapters", "moments": "moments", "card": "card",
                "metrics": "coaching", "flags": "privacy flags", "clearances": "clearances",
                "highlights": "highlight reel", "marks": "sound marks"}


def layer_labels(names: list[str]) -> list[str]:
    """The labels of the layers an interview has, in analysis order (unknown ones last, as named)."""
    known = [label for name, label in LAYER_LABELS.items() if name in names]
    return known + [n for n in names if n not in LAYER_LABELS]


def clock(ms: int) -> str:
    return timecode.clock(ms)


@dataclass
class Line:
    """One utterance as the transcript shows it."""

    utterance: Utterance
    speaker: str
    speaker_index: int
    words: list[Word]
    estimated: bool  # word times guessed from characters: seek to them, do not trust them
    flags: list[Flag]


@dataclass
class Part:
    """One stretch of the transcript the page sends on its own: lines
    `first` up to (not including) `end`, said from `start_ms` to `end_ms`."""

    number: int
    first: int
    end: int
    start_ms: int
    end_ms: int

    @property
    def lines(self) -> int:
        return self.end - self.first


def parts(interview: Interview) -> list[Part]:
    """The transcript cut into parts, in order (none for an empty transcript)."""
    found: list[Part] = []
    window = -1
    for n, u in enumerate(interview.utterances):
        here = max(window, u.start // PART_MS)
        if not found or here != window or found[-1].lines >= PART_LINES:
            found.append(Part(len(found), n, n, u.start, u.end))
        window = here
        last = found[-1]
        last.end, last.end_ms = n + 1, max(last.end_ms, u.end)
    return found


def part_at(found: list[Part], *, ms: int | None = None, utterance_id: str | None = None,
            interview: Interview | None = None) -> Part | None:
    """The part holding the time `ms` (the last that starts at or before it), or the
    line `utterance_id` of `interview`; None when there is no such line or no part."""
    if utterance_id is not None and interview is not None:
        index = next((n for n, u in enumerate(interview.utterances) if u.id == utterance_id), None)
        return None if index is None else next(p for p in found if p.first <= index < p.end)
    if ms is None or not found:
        return None
    return next((p for p in reversed(found) if p.start_ms <= ms), found[0])


def part_lines(interview: Interview, utterances: list[Utterance]) -> list[Line]:
    """The lines of one part (its utterances, with their words): word times (estimated
    where none were given) and the privacy flags each line touches."""
    order = {s.id: i for i, s in enumerate(interview.speakers)}
    return [_line(interview, u, order) for u in utterances]


def media_file(interview: Interview) -> str | None:
    """The interview's own recorded media when it is an absolute path to a file
    that exists; the only file the studio ever serves for this interview."""
    return servable(interview.source.media_path)


def servable(path: str | None) -> str | None:
    """`path` when it is absolute and names an existing file, else None."""
    if not path or not os.path.isabs(path) or not os.path.isfile(path):
        return None
    return path


def media_kind(path: str) -> str:
    """"video" or "audio", for the player element."""
    if path.lower().endswith(VIDEO_SUFFIXES):
        return "video"
    guessed = mimetypes.guess_type(path)[0] or ""
    return "video" if guessed.startswith("video/") else "audio"


def _line(interview: Interview, u: Utterance, order: dict[str, int]) -> Line:
    from greenroom.edit.captions import estimated_words

    touched = [f for f in interview.flags if f.start < u.end and u.start < f.end]
    return Line(u, interview.speaker_name(u.speaker), order.get(u.speaker or "", 0) % 6,
                u.words or estimated_words(u), not u.words, touched)


def line_of(interview: Interview, utterance_id: str) -> Line:
    """One line as `part_lines` shows it (`EditError` from `utterance_of` when there is none)."""
    from greenroom.library.speakers import utterance_of

    order = {s.id: i for i, s in enumerate(interview.speakers)}
    return _line(interview, utterance_of(interview, utterance_id), order)


def media_url(interview: Interview) -> str | None:
    return f"/interviews/{interview.id}/media" if media_file(interview) else None


def flag_rows(interview: Interview) -> list[dict[str, Any]]:
    """Each flag with whether a standing clearance covers it, and that clearance."""
    cleared = policy.cleared_ids(interview)
    by_flag = {c.flag: c for c in interview.clearances}
    rows = []
    for flag in sorted(interview.flags, key=lambda f: (f.start, f.id)):
        clearance = by_flag.get(flag.id)
        rows.append({**flag.to_dict(), "cleared": flag.id in cleared,
                     "clearance": clearance.to_dict() if clearance else None,
                     "lapsed": bool(clearance) and flag.id not in cleared})
    return rows


def moment_rows(interview: Interview) -> list[dict[str, Any]]:
    """Moments best first, each with the words said in it (for a glance)."""
    said = {u.id: u.text for u in interview.utterances}
    rows = []
    for m in sorted(interview.moments, key=lambda m: -m.score):
        text = " ".join(said.get(uid, "") for uid in m.utterances).strip()
        rows.append({**m.to_dict(), "text": text[:280] + ("…" if len(text) > 280 else "")})
    return rows


def interview_json(interview: Interview, *, embargo: str | None, media_url: str | None) -> dict[str, Any]:
    """The interview page's JSON twin: the stored interview, plus what the page adds."""
    return {"interview": interview.to_dict(), "embargo": embargo, "media_url": media_url,
            "flags": flag_rows(interview), "url": f"/interviews/{interview.id}"}


def entry_json(entry: Entry, embargo: str | None) -> dict[str, Any]:
    s = entry.summary
    return {"id": s.id, "title": s.title, "project": entry.project, "recorded": entry.recorded,
            "guests": s.guests, "interviewers": s.interviewers, "speakers": s.speakers,
            "utterances": s.utterances, "duration": s.duration, "added": s.added,
            "layers": s.layers, "themes": entry.themes, "embargo": embargo, "url": f"/interviews/{s.id}"}


def catalog_json(catalog: Catalog, embargoes: dict[str, str], filters: Filters | None = None) -> dict[str, Any]:
    chosen = filters or Filters()
    return {"total": catalog.total, "count": len(catalog.entries), "projects": catalog.projects,
            "guests": catalog.guests, "themes": catalog.themes, "years": catalog.years,
            "filters": {"theme": chosen.theme or None, "since": chosen.since or None, "until": chosen.until or None},
            "interviews": [entry_json(e, embargoes.get(e.summary.id)) for e in catalog.entries]}


def line_url(interview_id: str, utterance_id: str) -> str:
    """The interview page at one line: the part holding it is the part sent."""
    return f"/interviews/{interview_id}?u={quote(utterance_id, safe='')}#u-{utterance_id}"


def hit_url(hit: Hit) -> str:
    return f"/interviews/{hit.interview_id}?t={hit.start}#u-{hit.utterance_id}"


def hit_json(hit: Hit) -> dict[str, Any]:
    snippet = hit.snippet.replace(MARK_OPEN, "[").replace(MARK_CLOSE, "]")
    return {"interview_id": hit.interview_id, "title": hit.title, "utterance_id": hit.utterance_id,
            "speaker": hit.speaker, "role": hit.role, "start": hit.start, "end": hit.end, "snippet": snippet,
            "score": round(hit.score, 4), "url": hit_url(hit), "same_words": hit.same_words,
            "others": [{"interview_id": iid, "utterance_id": uid, "title": title, "url": line_url(iid, uid)}
                       for iid, uid, title in hit.others]}

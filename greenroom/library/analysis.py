"""Analyze an interview stored in the library and store what the analyzers add."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from greenroom.analyze import Context, analyze
from greenroom.errors import LibraryError
from greenroom.library.speakers import preserved
from greenroom.library.store import Changed, Library
from greenroom.model import Interview

log = logging.getLogger(__name__)

ATTEMPTS = 5


def analyze_stored(library: Library, interview_id: str, only: list[str] | None = None,
                   progress: Callable[[str, int, int], None] | None = None,
                   context: Context | None = None) -> Interview:
    """Run analyzers on a stored interview and save the new layers in one write.

    The analysis runs outside any write transaction, so other processes keep writing
    while it computes. When one of them wrote this interview meanwhile, nothing it
    wrote is undone: after a rename (names, title, people) the new layers are laid
    onto what it wrote; after a change to what was said or who said it the analysis
    runs again on the new transcript (up to ATTEMPTS times, then `LibraryError`).

    Raises `NotFound` for an unknown id and `AnalysisError` when an analyzer
    cannot run (no utterances, a prerequisite missing). Names and roles a person
    set (`greenroom speakers`) are kept whatever an analyzer guesses. `context`
    carries options to the analyzers (a judge: `options["judge"]`).
    """
    interview, revision = library.get_revision(interview_id)
    merges = 0
    for _ in range(ATTEMPTS):
        before = interview.to_dict()
        with preserved(interview):
            analyze(interview, only, context, progress=progress)
        while merges < 10 * ATTEMPTS:
            try:
                library.update(interview, expect=revision)
                return interview
            except Changed:
                fresh, revision = library.get_revision(interview.id)
            merges += 1
            merged = _merge(before, interview, fresh)
            if merged is None:
                log.info("%s changed while being analyzed; analyzing it again", interview.id)
                interview = fresh
                break
            interview = merged
    raise LibraryError(f"{library.path}: interview {interview_id} kept changing while being "
                       f"analyzed ({ATTEMPTS} tries); try again")


def _merge(before: dict[str, Any], analyzed: Interview, fresh: Interview) -> Interview | None:
    """`fresh` with the layers the analysis changed, when what the analysis read
    is unchanged in it (only names, people or the title may differ) and nobody
    else changed those layers; else None."""
    now = fresh.to_dict()
    if _inputs(now) != _inputs(before):
        return None
    after = analyzed.to_dict()
    for name in Interview.LAYERS:
        if after[name] != before[name]:
            if now[name] != before[name]:
                return None
            setattr(fresh, name, getattr(analyzed, name))
    return fresh


def _inputs(data: dict[str, Any]) -> Any:
    """What was said, when, by which speaker in which role: what analyzers read
    beyond the names."""
    speakers = [(s["id"], s["label"], s["role"]) for s in data["speakers"]]
    return data["utterances"], speakers, data.get("duration")

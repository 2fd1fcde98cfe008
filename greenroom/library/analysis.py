"""Analyze an interview stored in the library and store what the analyzers add."""

from __future__ import annotations

from collections.abc import Callable

from greenroom.analyze import analyze
from greenroom.library.speakers import preserved
from greenroom.library.store import Library
from greenroom.model import Interview


def analyze_stored(library: Library, interview_id: str, only: list[str] | None = None,
                   progress: Callable[[str, int, int], None] | None = None) -> Interview:
    """Run analyzers on a stored interview and save the new layers in one write.

    Raises `NotFound` for an unknown id and `AnalysisError` when an analyzer
    cannot run (no utterances, a prerequisite missing). Names and roles a person
    set (`greenroom speakers`) are kept whatever an analyzer guesses.
    """
    interview = library.get(interview_id)
    with preserved(interview):
        analyze(interview, only, progress=progress)
    library.update(interview)
    return interview

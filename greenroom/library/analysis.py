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

    The analysis runs outside any write transaction, so other processes keep writing
    while it computes; if one of them changed this interview meanwhile (a speaker
    edit), the analysis is run again on what they wrote rather than undoing it
    (`Library.rewrite`).

    Raises `NotFound` for an unknown id and `AnalysisError` when an analyzer
    cannot run (no utterances, a prerequisite missing). Names and roles a person
    set (`greenroom speakers`) are kept whatever an analyzer guesses.
    """
    def run(interview: Interview) -> bool:
        with preserved(interview):
            analyze(interview, only, progress=progress)
        return True

    return library.rewrite(interview_id, run)[0]

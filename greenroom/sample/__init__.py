"""The project's own sample interview: a short film-junket conversation we wrote.

`interview.txt` is the script as a speaker-labelled transcript with stamps; the
capture stage will speak it with espeak-ng to make test audio."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

GUEST = "Tom Hale"
INTERVIEWER = "Dana Reyes"
PROJECT = "Low Tide"


def transcript_path() -> Path:
    """Path of the shipped sample transcript (labelled text with timestamps)."""
    return Path(str(resources.files(__package__) / "interview.txt"))

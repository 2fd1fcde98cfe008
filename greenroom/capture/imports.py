"""Importing transcripts and captions into the library."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from greenroom import formats
from greenroom.capture.roles import assign_roles
from greenroom.library import AddResult, Library
from greenroom.model import Interview


@dataclass
class ImportOptions:
    """What the user tells us about a file beyond its content.

    format: a format name to skip sniffing (see `greenroom.formats.READERS`).
    title: the interview's title (default: the file's own, else its name).
    guests / interviewers: names; matched to speakers ("Lex" ~ "Lex Fridman"),
      the rest is decided by who asks the questions.
    project: the film, show or album the interview is about.
    replace: overwrite the interview already imported from the same file.
    """

    format: str | None = None
    title: str | None = None
    guests: list[str] = field(default_factory=list)
    interviewers: list[str] = field(default_factory=list)
    project: str | None = None
    replace: bool = False


def read_file(path: str | os.PathLike[str], options: ImportOptions | None = None) -> Interview:
    """Load one file and apply the options; raises `InputError`/`FormatError`."""
    options = options or ImportOptions()
    interview = formats.load(path, options.format)
    if options.title:
        interview.title = options.title
    if options.project:
        interview.project = options.project
    return assign_roles(interview, options.guests, options.interviewers)


def import_file(library: Library, path: str | os.PathLike[str],
                options: ImportOptions | None = None) -> tuple[AddResult, Interview]:
    """Load, apply options, store. A file already in the library is not added twice;
    replacing one keeps what a person set on it (see `keep_what_was_set`)."""
    options = options or ImportOptions()
    interview = read_file(path, options)
    if options.replace and interview.source.sha256:
        earlier = library.find_by_sha256(interview.source.sha256)
        if earlier:
            keep_what_was_set(library.get(earlier), interview, title=bool(options.title),
                              project=bool(options.project))
    return library.add(interview, replace=options.replace), interview


def keep_what_was_set(old: Interview, new: Interview, *, title: bool, project: bool) -> Interview:
    """Reading or transcribing a file again keeps what a person set on the interview
    it replaces: its title and project (unless given again), the flag clearances
    (they lapse by themselves where the new analysis differs) and a hand-edited card."""
    if not title and old.title:
        new.title = old.title
    if not project and old.project:
        new.project = old.project
    new.clearances = list(old.clearances)
    if old.card is not None and old.card.edited:
        new.card = old.card
    return new

"""Prep: from a dossier to a question plan, and a linter for the questions themselves.

`prepare(dossier_path, library)` reads the dossier (`dossier`), studies the guest's past
interviews in the library (`homework`) and builds the run sheet (`plan`), which
`runsheet` writes as Markdown, HTML or PDF. `lint_questions(path, library, guest=...)` checks
a file of questions, one per line (`lint`), against that guest's past interviews, whose
question vectors the library's index keeps (`index`). A text model (`llm`) may draft; the linter decides.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from greenroom.errors import InputError
from greenroom.prep.dossier import Dossier, load
from greenroom.prep.homework import Homework, gather
from greenroom.prep.index import cached_embedder
from greenroom.prep.lint import (
    Linted,
    Linter,
    LintOptions,
    PastQuestion,
    Rewriter,
    checked_phrase,
)
from greenroom.prep.plan import Plan, PlanOptions, build_plan, subject

if TYPE_CHECKING:
    from greenroom.backends.embed import SentenceEmbedder
    from greenroom.library import Library
    from greenroom.prep.llm import ChatDrafter


def prepare(path: str | os.PathLike[str], library: Library | None, options: PlanOptions | None = None,
            drafter: ChatDrafter | None = None, embedder: SentenceEmbedder | None = None) -> Plan:
    """The plan for the dossier at `path`; `InputError` for a bad dossier."""
    dossier = load(path)
    homework = gather(library, dossier.guest)
    return build_plan(dossier, homework, options, drafter,
                      cached_embedder(library, embedder))


def read_questions(path: str | os.PathLike[str]) -> list[str]:
    """One question per line; blank lines and `#` comments are skipped."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as err:
        raise InputError.from_os(path, err) from None
    except UnicodeDecodeError:
        raise InputError(path, "not UTF-8 text") from None
    questions = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if not questions:
        raise InputError(path, "no questions in the file (one per line)")
    return questions


@dataclass
class LintReport:
    """The linted questions, whose past interviews were searched for repeats (`guest`, ""
    for nobody) and how many of their questions, and `note`: why nothing was searched."""

    linted: list[Linted]
    guest: str = ""
    past: int = 0
    note: str = ""


NEEDS_GUEST = ("already-answered was not checked: name the guest (--guest NAME or a dossier) "
               "to search their past interviews")


def lint_questions(path: str | os.PathLike[str], library: Library | None,
                   dossier_path: str | os.PathLike[str] | None = None,
                   embedder: SentenceEmbedder | None = None, guest: str | None = None,
                   rewriter: Rewriter | None = None) -> LintReport:
    """Lint the questions in `path`. Repeats are looked for only in the past interviews of
    the guest (`guest`, else the dossier's): another guest's questions and answers are not
    this guest's. With no guest named there is no already-answered check, and the report
    says so. With a dossier, its topics to avoid count as intrusive too. The library's
    past questions are embedded once and kept in its index (`prep.index`). A `rewriter` (a
    text model, `llm.ChatDrafter`) rewords flagged questions where its wording passes."""
    questions = read_questions(path)
    dossier = load(dossier_path) if dossier_path is not None else None
    name = (guest or (dossier.guest if dossier else "")).strip()
    options = lint_options(dossier, name)
    if not name:
        linter = Linter(options, embedder=cached_embedder(library, embedder), rewriter=rewriter)
        linted = linter.lint(questions)
        return LintReport(linted, note=_notes(NEEDS_GUEST if library is not None else "", linter.rewriter_note))
    homework = gather(library, name)
    past = homework.questions
    linter = Linter(options, past, cached_embedder(library, embedder), rewriter)
    linted = linter.lint(questions)
    return LintReport(linted, name, len(past), _notes("" if past else homework.note, linter.rewriter_note))


def _notes(*notes: str) -> str:
    return "; ".join(n for n in notes if n)


def lint_options(dossier: Dossier | None, guest: str) -> LintOptions:
    """The dossier's topics to avoid and its subject (checked: `lint.checked_phrase`), and
    the names every question shares, masked before comparing with past questions."""
    if dossier is None:
        return LintOptions(guest=guest)
    return LintOptions(avoid=dossier.avoid, subject=checked_phrase(subject(dossier)),
                       common=[dossier.title, dossier.guest], mask=f"the {dossier.kind}", guest=guest)


__all__ = ["Dossier", "Homework", "LintReport", "Linted", "PastQuestion", "Plan", "PlanOptions", "build_plan", "gather",
           "lint_questions", "load", "prepare", "read_questions"]

"""Prep: from a dossier to a question plan, and a linter for the questions themselves.

`prepare(dossier_path, library)` reads the dossier (`dossier`), studies the guest's past
interviews in the library (`homework`) and builds the run sheet (`plan`), which
`runsheet` writes as Markdown, HTML or PDF. `lint_questions(path, library)` checks a file
of questions, one per line (`lint`). A text model (`llm`) may draft; the linter decides.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from greenroom.errors import InputError
from greenroom.prep.dossier import Dossier, load
from greenroom.prep.homework import Homework, gather
from greenroom.prep.lint import (
    Linted,
    Linter,
    LintOptions,
    PastQuestion,
    past_questions,
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
    return build_plan(dossier, gather(library, dossier.guest), options, drafter, embedder)


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


def lint_questions(path: str | os.PathLike[str], library: Library | None,
                   dossier_path: str | os.PathLike[str] | None = None,
                   embedder: SentenceEmbedder | None = None) -> list[Linted]:
    """Lint the questions in `path`. With a dossier, its topics to avoid count as intrusive and
    only the guest's past interviews are searched for repeats; without one, every interview is."""
    questions = read_questions(path)
    options, past = LintOptions(), []
    if dossier_path is not None:
        dossier = load(dossier_path)
        options = LintOptions(avoid=dossier.avoid, subject=subject(dossier),
                              common=[dossier.title, dossier.guest], mask=f"the {dossier.kind}")
        past = gather(library, dossier.guest).questions
    elif library is not None:
        past = [q for s in library.list() for q in past_questions(library.get(s.id))]
    return Linter(options, past, embedder).lint(questions)


__all__ = ["Dossier", "Homework", "Linted", "PastQuestion", "Plan", "PlanOptions", "build_plan", "gather",
           "lint_questions", "load", "prepare", "read_questions"]

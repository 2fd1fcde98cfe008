"""Analyze: what editors look for, with reasons a human can check.

Each analyzer lives in its own module and registers itself with
`greenroom.analyze.registry.analyzer`; importing this package imports them all.
`analyze(interview, only=[...])` runs them in dependency order.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from greenroom.analyze.registry import (
    REGISTRY,
    AnalysisError,
    AnalysisOptions,
    Context,
    run,
)
from greenroom.model import Interview

ANALYZER_MODULES: tuple[str, ...] = (  # each registers its analyzers on import
    "greenroom.analyze.turns",
    "greenroom.analyze.coaching",
    "greenroom.analyze.privacy_rules",
    "greenroom.analyze.chapters",
    "greenroom.analyze.moments",
    "greenroom.analyze.card",
    "greenroom.analyze.privacy",
)


def load_all() -> None:
    for name in ANALYZER_MODULES:
        importlib.import_module(name)


def analyze(interview: Interview, only: list[str] | None = None, context: Context | None = None,
            progress: Callable[[str, int, int], None] | None = None) -> Interview:
    """Run analyzers on an Interview in place and return it (see `registry.run`)."""
    load_all()
    return run(interview, list(only) if only else None, context, progress)


__all__ = ["REGISTRY", "AnalysisError", "AnalysisOptions", "Context", "analyze", "load_all"]

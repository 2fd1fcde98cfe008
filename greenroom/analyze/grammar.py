"""Whether a line is a whole sentence, from spaCy's dependency parse.

Pull quotes and the card's impact line are printed with nothing around them, so
a line that is only a noun phrase with a clause hanging off it ("My great
English teacher, who I put in a book because she was so peculiar.") or a
trailing description ("And the way the light was reflecting on the water.")
reads as a fragment, although every word rule passes it. The parse says so
directly: the sentence's root is a noun, not a verb.

The parser is the small English spaCy model the privacy extra installs
(`privacy.SPACY_MODEL`), loaded once with its parser and without NER. Without
it, every line counts as whole: the check only ever removes candidates.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

from greenroom.analyze.privacy import SPACY_MODEL, _without_torch

log = logging.getLogger(__name__)

CLAUSE_HEADS = {"VERB", "AUX"}


@cache
def load_parser() -> Any | None:
    """The spaCy pipeline with tagger and parser, or None when the privacy extra is missing."""
    try:
        with _without_torch():
            import spacy

            return spacy.load(SPACY_MODEL, exclude=["ner", "lemmatizer"])
    except (ImportError, OSError) as error:
        log.debug("no parser for whole-sentence checks: %s", error)
        return None


def whole_sentences(lines: list[str]) -> list[bool]:
    """For each line, whether every sentence in it has a verb at its root (True for
    all when no parser is installed)."""
    nlp = load_parser()
    if nlp is None:
        return [True] * len(lines)
    return [all(s.root.pos_ in CLAUSE_HEADS for s in doc.sents) for doc in nlp.pipe(lines)]

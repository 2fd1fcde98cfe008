"""Whether a line is a whole sentence, from spaCy's dependency parse.

Pull quotes and the card's impact line are printed with nothing around them, so
a line that is only a noun phrase with a clause hanging off it ("My great
English teacher, who I put in a book because she was so peculiar.") or a
trailing description ("And the way the light was reflecting on the water.")
reads as a fragment, although every word rule passes it. The parse says so
directly: the sentence's root is a noun, not a verb.

The parser is the one in the shared English pipeline (`text.english.load_spacy`, the
privacy extra), run by hand on the few lines checked. Without the extra every
line counts as whole: the check only ever removes candidates.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

from greenroom.text.english import load_spacy

log = logging.getLogger(__name__)

CLAUSE_HEADS = {"VERB", "AUX"}
_STEPS = ("tok2vec", "tagger", "parser", "attribute_ruler")  # the model's own order, NER left out


@cache
def _pipeline() -> Any | None:
    """The shared pipeline, or None when the model is not installed (asked once:
    the card checks a line at a time, and a failed import is not remembered)."""
    try:
        return load_spacy()
    except (ImportError, OSError) as error:
        log.debug("no parser for whole-sentence checks: %s", error)
        return None


def whole_sentences(lines: list[str]) -> list[bool]:
    """For each line, whether every sentence in it has a verb at its root (True
    for all when the English model is not installed)."""
    nlp = _pipeline()
    if nlp is None:
        return [True] * len(lines)
    steps = [nlp.get_pipe(name) for name in _STEPS]  # the parser is off in the shared pipeline: run it here
    out = []
    for line in lines:
        doc = nlp.make_doc(line)
        for step in steps:
            doc = step(doc)
        out.append(all(s.root.pos_ in CLAUSE_HEADS for s in doc.sents))
    return out


NOUNS = {"NOUN", "PROPN"}
_TAGGING = ("tok2vec", "tagger", "attribute_ruler")


def nouns(words: list[str]) -> set[str]:
    """The words spaCy tags as nouns after "the" ("the logbook"; not "the nice",
    "the mentioned", "the comes"): a chapter keyword names a thing. A verb's bare
    form still passes ("the appreciate"): alone, spaCy also calls "logbook" and
    "sauna" verbs, so only the "the" form is asked. Every word when the English
    model is not installed."""
    nlp = _pipeline()
    if nlp is None:
        return set(words)
    docs: Any = [nlp.make_doc(f"the {word}") for word in words]  # in one batch: spaCy is slow per doc
    for name in _TAGGING:
        docs = nlp.get_pipe(name).pipe(docs, batch_size=512)
    return {word for word, doc in zip(words, docs) if doc[-1].pos_ in NOUNS}

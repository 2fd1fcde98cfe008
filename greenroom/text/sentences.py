"""Sentences of transcript text as verbatim character spans, and its words: the one
sentence splitter and word tokenizer of greenroom.

A sentence ends at `.`, `!`, `?` or `…` (with any closing quotation mark or
bracket) followed by a space or the end, except:

- after an initial or a title: "T.S. Eliot", "Dr. Rao", "St. Louis" are one name;
- inside a quotation that closes later in the text, or at its close when the
  sentence goes on in lower case: `he said, “What's that? Is it
  growing?” and laughed` is one sentence, so nothing starts halfway into someone
  else's words. A quotation mark that never closes (transcripts drop them) does
  not hold the sentence open.

A sentence also ends where a transcript glued two together with no space, a
lower-case word, its mark and a capital ("you know.I said"), but not inside
"e.g.Foo" or a name such as "St.Louis".
"""

from __future__ import annotations

import re
from functools import lru_cache

_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)|(?<=[a-z]{2})[.!?](?=(?:[A-Z][a-z]|I\b))")
_LEAD_MARKS = re.compile(r"^(?:\s*[\[(][^\])]{0,40}[\])])+\s*")
BRACKETS = re.compile(r"[\[(][^\])]{0,40}[\])]")  # inline marks: "(laughs)", "[crosstalk]"
TOKEN = re.compile(r"[\w'’]+")  # a word, as counted for lengths
_NOT_AN_END = re.compile(r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|Prof|St|Mt|Jr|Sr|vs|etc|Vol|Fig|Gen|Sen|Rev|Lt|Col|Capt|"
                         r"Sgt|Inc|Ltd|Co|Corp))\.$")
_CLOSING = "\"'”’"
QUOTE_REACH = 400  # characters: a quotation closing further away is taken as never closed


def _open_quotes(text: str) -> list[tuple[int, int]]:
    """(open, close) offsets of the quotations in `text` that do close, within reach:
    curly ones by their marks, straight ones in pairs where they are balanced."""
    found = _curly_quotes(text)
    straight = [n for n, c in enumerate(text) if c == '"']
    if straight and len(straight) % 2 == 0:
        found += [(a, b) for a, b in zip(straight[::2], straight[1::2], strict=True) if b - a <= QUOTE_REACH]
    return found


def _curly_quotes(text: str) -> list[tuple[int, int]]:
    found, pos = [], 0
    while (begin := text.find("“", pos)) >= 0:
        end = text.find("”", begin + 1)
        nested = text.find("“", begin + 1)
        if end < 0 or end - begin > QUOTE_REACH or 0 <= nested < end:
            pos = begin + 1
            continue
        found.append((begin, end))
        pos = end + 1
    return found


def _ends(text: str) -> list[int]:
    quotes = _open_quotes(text)
    out = []
    for m in _SENTENCE_END.finditer(text):
        if m.group(0) == "." and _NOT_AN_END.search(text[max(0, m.start() - 6):m.start() + 1]):
            continue
        if any(begin < m.start() and m.end() <= end for begin, end in quotes):
            continue  # "?" inside a quotation that closes later, not at this mark
        if m.group(0)[-1] in _CLOSING and text[m.end():].lstrip()[:1].islower():
            continue  # “… growing?” and laughed: the sentence goes on after the quotation
        out.append(m.end())
    return out


def split_spans(text: str) -> list[tuple[int, int]]:
    """(begin, end) character spans of the sentences of `text`, verbatim and
    trimmed, with leading inline marks ("(laughs) ") left out of the span."""
    return list(_spans(text))


@lru_cache(maxsize=4096)  # analyzers split the same utterances again and again
def _spans(text: str) -> tuple[tuple[int, int], ...]:
    spans, pos = [], 0
    ends = _ends(text)
    for end in ends + ([len(text)] if not ends or ends[-1] < len(text) else []):
        chunk = text[pos:end]
        lead = len(chunk) - len(chunk.lstrip())
        marks = _LEAD_MARKS.match(chunk[lead:])
        lead += len(marks.group(0)) if marks else 0
        begin, stop = pos + lead, pos + len(chunk.rstrip())
        if TOKEN.search(BRACKETS.sub(" ", text[begin:stop])):
            spans.append((begin, stop))
        pos = end
    return tuple(spans)


def timed_spans(text: str, start: int, end: int) -> list[tuple[int, int, int, int]]:
    """(begin, end, start ms, end ms) of each sentence of text said from `start` to
    `end`, its time its share of the characters: where a transcript gave no word times
    (imported captions, typed text), the best guess at when a sentence is said."""
    spans = split_spans(text) or [(0, len(text))]
    total, length = max(1, len(text)), end - start
    return [(b, e, start + length * b // total, start + length * e // total) for b, e in spans]


def words(text: str) -> list[str]:
    """The words of `text` as counted for lengths ("don't" is one word, "(laughs)" one too)."""
    return TOKEN.findall(text)

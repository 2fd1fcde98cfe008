"""Slurs and strong profanity that nothing greenroom writes may contain.

The words are data (`data/blocklist.txt`, its header says the format and what is left
out on purpose); this module only reads them. Matching is by whole word, after
lower-casing, dropping accents and undoing the common disguises ("sh1t", "f@ck"), so a
word that merely contains an entry ("spicy", "sniggered", "Scunthorpe") passes.

Who calls what: a generated title goes through `clean_title` (it gives the fallback
instead of a blocked title); any other generated line (card copy, a social post) asks
`is_blocked` and writes something else, or, where it must quote the guest, prints
`mask(text)`.
"""

from __future__ import annotations

import importlib.resources
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

SUFFIXES = ("s", "es", "ed", "er", "ers", "ing", "in", "y", "ier", "iest")
DISGUISES = str.maketrans({"@": "a", "$": "s", "0": "o", "1": "i", "3": "e", "4": "a", "!": "i"})
TOKEN = re.compile(r"[a-z0-9*@$!]+")
TITLE_EDGES = " \t\n,.;:-–—\"'“”‘’…"


@dataclass(frozen=True)
class Blocklist:
    words: frozenset[str]  # every blocked single-word form, inflections included
    phrases: tuple[tuple[str, ...], ...]  # blocked word sequences


def _forms(entry: str) -> set[str]:
    """"shit*" -> shit, shits, shitty, shitting, ...; "spic" -> spic, spics."""
    if not entry.endswith("*"):
        return {entry, entry + "s"}
    base = entry[:-1]
    return {base} | {stem + suffix for stem in (base, base + base[-1]) for suffix in SUFFIXES}


def parse(lines: list[str]) -> Blocklist:
    """A `Blocklist` from the data file's lines (comments and blanks skipped)."""
    words: set[str] = set()
    phrases: list[tuple[str, ...]] = []
    for line in lines:
        entry = _normal(line.split("#", 1)[0]).strip() if not line.lstrip().startswith("#") else ""
        if " " in entry:
            phrases.append(tuple(entry.split()))
        elif entry:
            words |= _forms(entry)
    return Blocklist(frozenset(words), tuple(phrases))


@lru_cache(maxsize=1)
def blocklist() -> Blocklist:
    """The packaged list, read once."""
    data = importlib.resources.files("greenroom.text") / "data" / "blocklist.txt"
    return parse(data.read_text(encoding="utf-8").splitlines())


def _normal(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _tokens(text: str) -> list[str]:
    """Lower-case words with disguises undone ("Sh1t" -> "shit"); a '*' inside a word stays."""
    found = []
    for token in TOKEN.findall(_normal(text)):
        token = token.strip("*!")
        if any(c.isalpha() for c in token):
            found.append(token.translate(DISGUISES))
    return found


def blocked_words(text: str, words: Blocklist | None = None) -> list[str]:
    """The blocked words and phrases in `text`, in order (as normalised tokens)."""
    words = words or blocklist()
    tokens = _tokens(text)
    found = [t for t in tokens if t in words.words]
    for phrase in words.phrases:
        n = len(phrase)
        found += [" ".join(phrase) for i in range(len(tokens) - n + 1) if tuple(tokens[i:i + n]) == phrase]
    return found


def is_blocked(text: str) -> bool:
    """Whether `text` holds a slur or strong profanity from the blocklist."""
    return bool(blocked_words(text))


def clean_title(title: str, fallback: str = "") -> str:
    """`title` without stray edges and spaces, or `fallback` when it holds a blocked word.

    A title with a slur is not repaired by cutting the word out (what is left can still
    point at it); the caller's fallback, usually the next candidate title, stands instead."""
    tidy = " ".join(title.split()).strip(TITLE_EDGES)
    return fallback if not tidy or is_blocked(tidy) else tidy


def mask(text: str) -> str:
    """`text` with each blocked word shown as its first letter and stars ("f***"):
    for a quote of the guest's own words that must stay a quote."""
    words = blocklist()

    def hide(match: re.Match[str]) -> str:
        token = match.group(0)
        blocked = _tokens(token)
        return token[0] + "*" * (len(token) - 1) if blocked and blocked[0] in words.words else token

    masked = re.sub(r"[^\W_][\w*@$!']*", hide, text)
    for phrase in words.phrases:
        pattern = r"\b" + r"[\W_]+".join(re.escape(w) for w in phrase) + r"\b"
        masked = re.sub(pattern, lambda m: m.group(0)[0] + re.sub(r"\w", "*", m.group(0)[1:]), masked,
                        flags=re.IGNORECASE)
    return masked

"""The forms a typed word stands for in a search: a light English inflector whose word
lists are data (text/data/inflections.toml).

Search indexes words as they are written (no stemmer folds "fired" into "fire") and
asks for every form the typed word stands for instead, so the rule can depend on
which form was typed: a bare or -s form reaches every inflection ("fire" finds
"fired", "director" finds "directors"), a past or -ing form reaches only past and
-ing forms ("got fired" never finds "on fire", "terrified" never "terrifies"). Only
inflections, never derivations ("director" is not "direct"). Forms are made by
spelling rules from every lemma the word could come from; a made-up form
("firred") costs nothing, it matches no word.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from greenroom.text import lexicon

VOWELS = frozenset("aeiou")
SIBILANT_ENDINGS = ("s", "x", "z", "ch", "sh", "o")
NOT_PLURAL_ENDINGS = ("ss", "us", "is", "ous")
MIN_LEMMA = 3


def _data() -> dict[str, Any]:
    return lexicon.table("inflections")


@lru_cache(maxsize=1)
def _irregular() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Every form of an irregular verb → (bare forms, past and -ing forms)."""
    table = {}
    for line in _data()["irregular"]:
        bare, past = (tuple(side.split()) for side in line.split("|"))
        for form in bare + past:
            table[form] = (bare, past)
    return table


@lru_cache(maxsize=1)
def _fixed() -> frozenset[str]:
    return frozenset(_data()["fixed"])


def examples() -> list[tuple[str, list[str], bool]]:
    """(typed word, forms, whether it must reach them) for every example row in the data."""
    rows = []
    for key, wanted in (("reach", True), ("miss", False)):
        for line in _data()["examples"][key]:
            word, forms = line.split("=")
            rows.append((word.strip(), forms.split(), wanted))
    return rows


@lru_cache(maxsize=4096)
def forms(word: str) -> tuple[str, ...]:
    """The forms `word` (one lower-case word) stands for, itself first."""
    if word in _fixed() or not word.isalpha() or len(word) < MIN_LEMMA:
        return (word,)
    if word in _irregular():
        bare, past = _irregular()[word]
        return _unique([word, *(past if word in past else bare + past)])
    # A lemma counts only when its own forms spell the word back: "scared" is not "scar"
    # (that is "scarred"), "fired" is not "fir".
    lemmas = [lemma for lemma in _lemmas_of_past(word) if word in _past_forms(lemma)]
    if lemmas:
        return _unique([word, *(form for lemma in lemmas for form in _past_forms(lemma))])
    lemmas = [lemma for lemma in _lemmas_of_plural(word) if word in _all_forms(lemma)] or [word]
    return _unique([word, *(form for lemma in lemmas for form in _all_forms(lemma))])


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _is_lemma(stem: str) -> bool:
    return len(stem) >= MIN_LEMMA and any(c in VOWELS or c == "y" for c in stem)


def _lemmas_of_past(word: str) -> list[str]:
    """The bare forms a past (-ed) or -ing form could come from; [] when it is neither."""
    if word.endswith("ied") and len(word) > 4:
        stems = [word[:-3] + "y"]
    elif word.endswith("ed"):
        stems = [word[:-2], word[:-1]]  # jumped → jump, fired → fire
        if len(word) > 4 and word[-3] == word[-4] and word[-3] not in VOWELS | {"l", "s", "z"}:
            stems.append(word[:-3])  # stopped → stop
    elif word.endswith("ying") and len(word) >= 5:
        stems = [word[:-4] + "ie", word[:-3]]  # dying → die, playing → play
    elif word.endswith("ing"):
        stems = [word[:-3], word[:-3] + "e"]  # jumping → jump, firing → fire
        if len(word) > 5 and word[-4] == word[-5] and word[-4] not in VOWELS | {"l", "s", "z"}:
            stems.append(word[:-4])  # stopping → stop
    else:
        return []
    return [s for s in stems if _is_lemma(s)]


def _lemmas_of_plural(word: str) -> list[str]:
    """The bare forms an -s form could come from; [] when it is not one."""
    if not word.endswith("s") or word.endswith(NOT_PLURAL_ENDINGS):
        return []
    if word.endswith("ies") and len(word) > 4:
        stems = [word[:-3] + "y", word[:-1]]  # stories → story, ties → tie
    elif word.endswith("es"):
        stems = [word[:-2], word[:-1]]  # boxes → box, fires → fire
    else:
        stems = [word[:-1]]
    return [s for s in stems if _is_lemma(s)]


def _doubles(lemma: str) -> bool:
    """One syllable ending consonant-vowel-consonant (stop, scar): the consonant doubles
    (stopped). Longer words double only when stressed last (admitted, not visited),
    which spelling cannot tell: they are taken as not doubling."""
    syllables = sum(1 for i, c in enumerate(lemma) if c in VOWELS and (i == 0 or lemma[i - 1] not in VOWELS))
    return (syllables == 1 and len(lemma) >= 3 and lemma[-1] not in VOWELS | {"w", "x", "y"}
            and lemma[-2] in VOWELS and lemma[-3] not in VOWELS)


def _past_forms(lemma: str) -> list[str]:
    """The -ed and -ing forms of a bare form, by spelling rule."""
    if lemma.endswith("ie"):
        return [lemma + "d", lemma[:-2] + "ying"]
    if lemma.endswith("e"):
        return [lemma + "d", (lemma if lemma.endswith(("ee", "ye", "oe")) else lemma[:-1]) + "ing"]
    if lemma.endswith("y") and lemma[-2] not in VOWELS:
        return [lemma[:-1] + "ied", lemma + "ing"]
    if _doubles(lemma):
        return [lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"]
    return [lemma + "ed", lemma + "ing"]


def _all_forms(lemma: str) -> list[str]:
    """The bare form, its -s form and its -ed and -ing forms."""
    if lemma.endswith("y") and lemma[-2] not in VOWELS:
        plural = lemma[:-1] + "ies"
    elif lemma.endswith(SIBILANT_ENDINGS):
        plural = lemma + "es"
    else:
        plural = lemma + "s"
    return [lemma, plural, *_past_forms(lemma)]

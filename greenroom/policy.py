"""What may leave the library: the one privacy policy every publishing path goes through.

Analysis flags passages, and `Flag.action` says what publishing must do with each:

* "cut" (said off the record): never published, in text or in sound. Its sentences
  read "[withheld]", its sound is bleeped, and a reel or clip that holds it is skipped.
* "bleep" (personal data: an address, a phone number, a private person's name): its
  words are masked in every text ("[address]", "[phone]", "[name]") and bleeped in the
  sound over exactly their words' span plus a little air. Where word times are
  estimated (imported text), the whole sentence is bleeped: the words' place is a guess.
* "review" (a sensitive topic): published, but listed, so a person looks first.

`release(interview)` applies them once and returns a `Release`: a copy of the interview
that may be published (utterances, words, card, chapters, moments, cut list, flag texts:
all masked), the spans of media to bleep, and what was withheld, cleared or is left to
review. Reels, clips, captions, caption exports, cards, quotes, guides, the static site,
the social kit and the report's shareable parts all start from a release, never from the
stored interview: a new publishing path gets the policy by starting there too.

A person may clear a flag (`greenroom flags ID --clear FLAG --reason ...`, or `--allow
FLAG` on one publishing command): a stored clearance says who, when and why, and holds
only while the flag's text is unchanged, so a re-analysis that finds something new
is not waved through by an old decision.
"""

from __future__ import annotations

import copy
import getpass
import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from greenroom import timecode
from greenroom.analyze.sentences import split_spans, timed_spans
from greenroom.errors import InputError
from greenroom.model import Card, Clearance, Flag, Interview, Utterance, Word

AIR_MS = 150  # bleeped either side of the words: a word's edges carry it too
WITHHELD = "[withheld]"
MIN_SHARED_WORDS = 4  # free text sharing this many words in a row with an off-the-record passage repeats it


@dataclass(frozen=True)
class Bleep:
    """A span of source time whose sound must not be heard."""

    start: int
    end: int
    flag: str
    mask: str  # what the captions show instead: "[address]"
    exact: bool  # True: the words' own times; False: the whole sentence (word times estimated)


@dataclass
class Release:
    """An interview as it may be published, and what the policy did to it."""

    interview: Interview
    bleeps: list[Bleep] = field(default_factory=list)
    withheld: list[Flag] = field(default_factory=list)  # "cut": never leaves
    review: list[Flag] = field(default_factory=list)  # published, listed for a person to check
    cleared: list[Flag] = field(default_factory=list)  # a person said these may be published
    masks: list[tuple[re.Pattern[str], str]] = field(default_factory=list)
    shingles: set[tuple[str, ...]] = field(default_factory=set)

    def withholds(self, start: int, end: int) -> Flag | None:
        """The off-the-record flag that a span of time touches, if any."""
        return next((f for f in self.withheld if f.start < end and start < f.end), None)

    def scrub(self, text: str) -> str:
        """Free text (a card line, a chapter title, a post) with every flagged finding masked."""
        for pattern, mask in self.masks:
            text = pattern.sub(mask, text)
        return text

    def repeats_withheld(self, text: str) -> bool:
        """Does free text repeat an off-the-record passage (MIN_SHARED_WORDS in a row)?"""
        words = _words(text)
        return any(tuple(words[k:k + MIN_SHARED_WORDS]) in self.shingles
                   for k in range(len(words) - MIN_SHARED_WORDS + 1))

    def public(self, text: str) -> str | None:
        """`text` as it may be published: masked, or None when it repeats what was withheld."""
        return None if self.repeats_withheld(text) else self.scrub(text)

    def bleeps_within(self, start: int, end: int) -> list[Bleep]:
        return [b for b in self.bleeps if b.start < end and start < b.end]

    def notes(self, spans: Iterable[tuple[int, int]] | None = None) -> list[str]:
        """What the policy did, one line each, for a command's output; `spans` limits
        it to what a reel or clip holds (source times)."""
        chosen = list(spans) if spans is not None else None

        def inside(start: int, end: int) -> bool:
            return chosen is None or any(a < end and start < b for a, b in chosen)

        lines = []
        bleeped = {b.flag: b for b in self.bleeps if inside(b.start, b.end) and b.mask != WITHHELD}
        if bleeped:
            lines.append("bleeped " + ", ".join(
                f"{b.mask.strip('[]')} at {timecode.clock(b.start + AIR_MS)} ({fid}{'' if b.exact else ', whole sentence'})"
                for fid, b in bleeped.items()))
        held = [f for f in self.withheld if inside(f.start, f.end)]
        if held:
            lines.append("withheld (off the record): " + ", ".join(f"{f.id} at {timecode.clock(f.start)}" for f in held))
        for flag in (f for f in self.cleared if inside(f.start, f.end)):
            lines.append(f"published by a person's clearance: {flag.id} ({flag.label})")
        review = [f for f in self.review if inside(f.start, f.end)]
        if review:
            lines.append("to review before publishing: " + ", ".join(
                f"{f.id} at {timecode.clock(f.start)} ({f.label.split(':', 1)[0]})" for f in review))
        return lines


def flag_digest(flag: Flag) -> str:
    """What a clearance is tied to: the flag's kind and text."""
    return hashlib.sha256(f"{flag.kind}\n{flag.text}".encode()).hexdigest()[:16]


def clear(interview: Interview, flag_id: str, reason: str, by: str | None = None) -> Clearance:
    """Record that a person cleared `flag_id` for publication (replacing an older clearance of it)."""
    flag = _flag(interview, flag_id)
    if not reason.strip():
        raise InputError(interview.id, f"clearing {flag_id} needs a reason (--reason \"...\")")
    done = Clearance(flag=flag.id, text_sha=flag_digest(flag), reason=reason.strip(), by=by or _who(),
                     at=datetime.now(UTC).isoformat(timespec="seconds"))
    interview.clearances = [c for c in interview.clearances if c.flag != flag.id] + [done]
    return done


def unclear(interview: Interview, flag_id: str) -> None:
    """Take a clearance back: the flag applies again."""
    if not any(c.flag == flag_id for c in interview.clearances):
        raise InputError(interview.id, f"flag {flag_id} has no clearance to take back")
    interview.clearances = [c for c in interview.clearances if c.flag != flag_id]


def cleared_ids(interview: Interview) -> set[str]:
    """Flags a stored clearance still covers (the flag's text unchanged since)."""
    digests = {f.id: flag_digest(f) for f in interview.flags}
    return {c.flag for c in interview.clearances if digests.get(c.flag) == c.text_sha}


def release(interview: Interview, allow: Iterable[str] = ()) -> Release:
    """The interview as it may be published; `allow` clears flags for this one call.
    Raises `InputError` for an `allow` id the interview has no flag for."""
    allowed = set(allow)
    for flag_id in allowed:
        _flag(interview, flag_id)
    allowed |= cleared_ids(interview)
    active = [f for f in interview.flags if f.id not in allowed]
    out = Release(copy.deepcopy(interview),
                  withheld=[f for f in active if f.action == "cut"],
                  review=[f for f in active if f.action == "review"],
                  cleared=[f for f in interview.flags if f.id in allowed])
    hidden = [f for f in active if f.action in ("cut", "bleep")]
    out.masks = _text_masks(hidden)
    out.shingles = {tuple(w[k:k + MIN_SHARED_WORDS]) for f in out.withheld
                    for w in [_words(f.text)] for k in range(len(w) - MIN_SHARED_WORDS + 1)}
    exact = interview.source.timing != "estimated"
    for u in out.interview.utterances:
        touching = [f for f in hidden if f.start < u.end and u.start < f.end]
        if touching:
            out.bleeps += _mask_utterance(u, touching, exact)
    out.bleeps.sort(key=lambda b: (b.start, b.end))
    _scrub_layers(out)
    return out


# -- utterances ---------------------------------------------------------------------

def _mask_utterance(u: Utterance, flags: list[Flag], exact: bool) -> list[Bleep]:
    """Mask what `flags` found in `u` (text and words, in place); the sound to bleep."""
    found: list[tuple[int, int, str, Flag]] = []  # (begin, end) in u.text, what shows instead, why
    for flag in flags:
        found += _finds(u.text, flag)
    if not found:
        return []
    found = _merge(found)
    timed = exact and bool(u.words)
    runs = _word_runs(u, [(b, e) for b, e, _, _ in found]) if timed else None
    bleeps = []
    for k, (begin, end, shown, flag) in enumerate(found):
        run = runs[k] if runs else None
        if run is not None:
            first, last = u.words[run[0]], u.words[run[1]]
            bleeps.append(Bleep(max(0, first.start - AIR_MS), last.end + AIR_MS, flag.id, shown, True))
        else:
            start, stop = _sentence_time(u, begin, end)
            bleeps.append(Bleep(max(0, start - AIR_MS), stop + AIR_MS, flag.id, shown, False))
    if runs and all(r is not None for r in runs):
        u.words = _masked_words(u.words, [r for r in runs if r is not None], [f[2] for f in found])
    elif u.words:
        u.words = []  # words we cannot place safely are dropped: captions fall back to sentences
    for begin, end, shown, _ in reversed(found):
        u.text = u.text[:begin] + shown + u.text[end:]
    return bleeps


def _finds(text: str, flag: Flag) -> list[tuple[int, int, str, Flag]]:
    """Where in `text` the flag's findings are: its spans (bleep), or its sentences
    (an off-the-record passage, or a bleep flag from before spans were kept)."""
    if flag.action == "bleep" and flag.spans:
        shown = f"[{flag.mask or 'withheld'}]"
        hits = [(m.start(), m.end(), shown, flag) for span in flag.spans for m in _span_pattern(span).finditer(text)]
        if hits:
            return hits
    shown = WITHHELD if flag.action == "cut" else f"[{flag.mask or 'withheld'}]"
    out = []
    for begin, end in split_spans(flag.text):
        sentence = flag.text[begin:end]
        at = text.find(sentence)
        if at >= 0:
            out.append((at, at + len(sentence), shown, flag))
    return out


def _merge(found: list[tuple[int, int, str, Flag]]) -> list[tuple[int, int, str, Flag]]:
    """Overlapping finds become one (the withheld sentence wins over a mask inside it)."""
    merged: list[tuple[int, int, str, Flag]] = []
    for item in sorted(found, key=lambda f: (f[0], -f[1])):
        if merged and item[0] < merged[-1][1]:
            b, e, shown, _ = merged[-1]
            keep = item if item[2] == WITHHELD and shown != WITHHELD else merged[-1]
            merged[-1] = (b, max(e, item[1]), keep[2], keep[3])
        else:
            merged.append(item)
    return merged


def _span_pattern(span: str) -> re.Pattern[str]:
    """A finding as said, matched whatever the case and punctuation between its parts."""
    parts = [re.escape(p) for p in re.findall(r"[^\W_]+", span)]
    return re.compile(r"(?<![^\W_])" + r"[\W_]*".join(parts) + r"(?![^\W_])", re.IGNORECASE)


def _norm_chars(text: str) -> tuple[str, list[int]]:
    """Letters and digits of `text`, lower-cased, with each one's offset in `text`."""
    kept = [(c.lower(), k) for k, c in enumerate(text) if c.isalnum()]
    return "".join(c for c, _ in kept), [k for _, k in kept]


def _word_runs(u: Utterance, ranges: list[tuple[int, int]]) -> list[tuple[int, int] | None]:
    """For each character range of `u.text`, the first and last word that say it;
    None where the words and the text disagree (then times are not trusted)."""
    text_chars, text_at = _norm_chars(u.text)
    word_chars = [_norm_chars(w.text)[0] for w in u.words]
    if "".join(word_chars) != text_chars:
        return [None] * len(ranges)
    owner = [k for k, chars in enumerate(word_chars) for _ in chars]
    runs: list[tuple[int, int] | None] = []
    for begin, end in ranges:
        inside = [n for n, at in enumerate(text_at) if begin <= at < end]
        runs.append((owner[inside[0]], owner[inside[-1]]) if inside else None)
    return runs


def _masked_words(words: list[Word], runs: list[tuple[int, int]], shown: list[str]) -> list[Word]:
    """Each run of words becomes one word showing the mask, over the run's time."""
    out, k = [], 0
    starts = {a: (b, s) for (a, b), s in zip(runs, shown)}
    while k < len(words):
        if k in starts:
            last, mask = starts[k]
            tail = re.search(r"[^\w\]]*$", words[last].text)
            out.append(Word(words[k].start, words[last].end, mask + (tail.group() if tail else "")))
            k = last + 1
        else:
            out.append(words[k])
            k += 1
    return out


def _sentence_time(u: Utterance, begin: int, end: int) -> tuple[int, int]:
    """The time of the sentences holding characters begin..end (estimated by their
    share of the characters, as imported text's times are)."""
    held = [(s, e) for b, stop, s, e in timed_spans(u.text, u.start, u.end) if stop > begin and b < end]
    return (min(s for s, _ in held), max(e for _, e in held)) if held else (u.start, u.end)


# -- everything else ----------------------------------------------------------------

def _text_masks(flags: list[Flag]) -> list[tuple[re.Pattern[str], str]]:
    masks = []
    for flag in flags:
        if flag.action == "bleep" and flag.spans:
            masks += [(_span_pattern(span), f"[{flag.mask or 'withheld'}]") for span in flag.spans]
        else:
            shown = WITHHELD if flag.action == "cut" else f"[{flag.mask or 'withheld'}]"
            masks += [(re.compile(re.escape(flag.text[b:e])), shown) for b, e in split_spans(flag.text)]
    masks.sort(key=lambda m: -len(m[0].pattern))
    return masks


def _scrub_layers(out: Release) -> None:
    """Card, chapters, moments, cut list, flags and figures of the copy, masked."""
    iv = out.interview
    if iv.card is not None:
        iv.card = _scrub_card(out, iv.card)
    for chapter in iv.chapters:
        chapter.title = out.public(chapter.title) or WITHHELD
        chapter.keywords = [k for k in (out.public(k) for k in chapter.keywords) if k]
        chapter.summary = out.public(chapter.summary) or ""
    for moment in iv.moments:
        moment.reason = out.public(moment.reason) or ""
        moment.evidence = _scrub_tree(out, moment.evidence)
    if iv.highlights is not None:
        held = [(c, out.withholds(c.start, c.end)) for c in iv.highlights.cuts]
        iv.highlights.cuts = [c for c, flag in held if flag is None]  # edit lists and clip captions never carry them
        for cut in iv.highlights.cuts:
            cut.reason, cut.text = out.public(cut.reason) or "", out.public(cut.text) or WITHHELD
        iv.highlights.notes = [n for n in (out.public(n) for n in iv.highlights.notes) if n]
        iv.highlights.notes += [f"cut {c.id} left out: it holds {flag.id}, said off the record"
                                for c, flag in held if flag is not None]
    for flag in iv.flags:
        flag.text, flag.spans = out.public(flag.text) or WITHHELD, []
    if iv.metrics is not None:
        iv.metrics.longest_monologues = _scrub_tree(out, iv.metrics.longest_monologues)
        iv.metrics.extra = _scrub_tree(out, iv.metrics.extra)


def _scrub_card(out: Release, card: Card) -> Card:
    """Bullets and lines that repeat a withheld passage go; quotes that touch one go;
    findings are masked in the rest."""
    card.learn = [x for x in (out.public(item) for item in card.learn) if x]
    card.impact = out.public(card.impact) or ""
    card.angle = out.public(card.angle) or ""
    kept = []
    for quote in card.quotes:
        text = out.public(quote.text)
        if text is not None and out.withholds(quote.start, quote.end) is None:
            quote.text = text
            kept.append(quote)
    card.quotes = kept
    return card


def _scrub_tree(out: Release, value: Any) -> Any:
    if isinstance(value, str):
        return out.public(value) or WITHHELD
    if isinstance(value, list):
        return [_scrub_tree(out, v) for v in value]
    if isinstance(value, dict):
        return {k: _scrub_tree(out, v) for k, v in value.items()}
    return value


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.casefold())


def _flag(interview: Interview, flag_id: str) -> Flag:
    flag = next((f for f in interview.flags if f.id == flag_id), None)
    if flag is None:
        known = ", ".join(f.id for f in interview.flags[:12]) or "none: run `greenroom analyze` first"
        raise InputError(interview.id, f"no flag {flag_id!r} in this interview (its flags: {known})")
    return flag


def _who() -> str:
    try:
        return os.environ.get("GREENROOM_USER") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"

"""Card: the editor's first draft of what an interview offers.

Everything on the card points back at the transcript: "what you'll learn"
gives the most telling whole sentence of the best moments, spread over the chapters, the impact
line quotes the guest's most candid or emotional sentence, the angle names the
moment kinds that dominate, and the pull quotes are verbatim whole sentences
with their times (`verify_quote` checks this), never from a passage flagged
"cut" and never two from one utterance. Every line is about the guest's work or
life (`about_the_guest`): small talk about the conversation ("I've been looking
forward to this all week"), the host's introduction and sponsor reads are left
out, and so are lines that quote or report someone else's words. Templates, not
generation: a draft a person can check in seconds beats a fluent one they must fact-check.
"""

from __future__ import annotations

import re

from greenroom.analyze.moments import (
    NAME_LIKE,
    NUMBERS,
    PLACES_TIMES,
    Sentence,
    guest_sentences,
    split_spans,
)
from greenroom.analyze.registry import Context, analyzer
from greenroom.analyze.turns import guest_ids, interviewer_ids
from greenroom.model import Card, Interview, Moment, Quote
from greenroom.text import lexicon
from greenroom.text.blocklist import is_blocked
from greenroom.text.grammar import whole_sentences
from greenroom.text.leadins import opening
from greenroom.text.promotion import is_promotional
from greenroom.text.standalone import (
    context_reasons,
    subordinate_only,
    unnamed_reference,
)

LEARN_MIN, LEARN_MAX = 3, 5
QUOTES = 3
QUOTE_MIN_WORDS, QUOTE_MAX_WORDS = 8, 35
CLAUSE_WORDS = 6
SHORT_SENTENCE = 16  # words: a sentence this short is a bullet as it is
BULLET_WORDS = (6, 24)  # a whole sentence this long reads as a bullet
STANDALONE_WORDS = 5  # fewer words ("I liked them a lot" aside) rarely say what the passage is
LABELS = {  # what a link to a whole moment is (guides); card bullets quote a line instead
    "anecdote": "The story", "craft": "How it was made", "candid": "Candidly", "humor": "The funny bit",
    "emotion": "What it felt like", "quotable": "In a line"}
MAX_NAMED = 4  # guests named in the angle; more are "the guests"
SECOND_KIND = 1 / 3  # a kind named after the lead one carries this share of its weight, or it is a stock phrase
ADJECTIVES = {"anecdote": "story", "craft": "craft", "candid": "candid", "humor": "funny",
              "emotion": "emotional", "quotable": "quotable"}
ANGLES = {
    "craft": "A craft story: how {guest} made {work}, told through {topics}",
    "anecdote": "A story-led profile: {guest} on {work} in anecdotes, about {topics}",
    "candid": "A candid portrait: {guest} on the doubt behind {work}, and {topics}",
    "humor": "A light, funny profile: {guest} on {work}, about {topics}",
    "emotion": "An emotional portrait: what {work} meant to {guest}, through {topics}",
    "quotable": "An ideas piece: {guest} on what {work} is about, through {topics}",
}
# What a card line must not be, as data with examples (text/data/card.toml).
_SMALL_TALK = lexicon.pattern("card", "small_talk")  # about the conversation itself
_HOST_INTRO = lexicon.pattern("card", "host_intro")  # the host introducing the guest or the show
_REPORTED = lexicon.pattern("card", "reported")  # someone else's words
_HEDGED_END = lexicon.pattern("card", "hedged_end")  # trails off into "or whatever", "I guess"
CHATTY_SHARE = 0.5  # a moment this much small talk, intro or sponsor read is not about the guest
ANGLES_WITHOUT_WORK = {  # no --project given: a guessed title would be a guess printed as fact
    "craft": "A craft story: how {guest} works, told through {topics}",
    "anecdote": "A story-led profile: {guest} in anecdotes, about {topics}",
    "candid": "A candid portrait: {guest} on doubt and {topics}",
    "humor": "A light, funny profile: {guest} on {topics}",
    "emotion": "An emotional portrait: what matters to {guest}, through {topics}",
    "quotable": "An ideas piece: {guest} on {topics}",
}


def verify_quote(interview: Interview, quote: Quote) -> bool:
    """True when the quote is an exact substring of its utterance (any utterance
    when none is named) and its times lie inside that utterance."""
    if not quote.text.strip():
        return False
    return any(quote.text in u.text and u.start <= quote.start <= quote.end <= u.end
               for u in interview.utterances if quote.utterance in (None, u.id))


# -- helpers ------------------------------------------------------------------

def _words(text: str) -> int:
    return len(re.findall(r"[\w'’]+", text))


def first_clause(text: str) -> str:
    """The first sentence when it is short; else its opening up to a comma once
    it has enough words to stand alone ("By the third eye" does not):
    "I started keeping his logbook, writing the weather every morning." stays
    whole, a 40-word sentence is cut at its first comma after six words."""
    spans = split_spans(text)
    sentence = text[spans[0][0]:spans[0][1]] if spans else text
    if _words(sentence) <= SHORT_SENTENCE:
        return sentence.rstrip(" ,;:.!?…")
    clause = ""
    for part in re.split(r"(?<=[,;:])\s+|\s[-–—]\s", sentence):
        clause = f"{clause} {part}".strip()
        if _words(clause) >= CLAUSE_WORDS:
            break
    if _words(clause) > SHORT_SENTENCE:
        clause = " ".join(clause.split()[:SHORT_SENTENCE]) + "…"
    return clause.rstrip(" ,;:.!?")


_DISFLUENT = lexicon.pattern("card", "disfluent")  # a word said twice, a filler, a dash
_LONG_WORD = re.compile(r"[A-Za-z]{6,}")


def chit_chat(line: str) -> bool:
    """Small talk about the conversation ("I've been looking forward to this all
    week", "Thanks for having me"), the host's introduction ("My guest today is"),
    or a sponsor read or plug (`promotion.is_promotional`)."""
    return bool(_SMALL_TALK.search(line) or _HOST_INTRO.search(line)) or is_promotional(line)


def about_the_guest(line: str) -> bool:
    """A card line about the guest's work or life, in the guest's own words: no
    `chit_chat`, no one else's words quoted or reported ("My brother told me,
    “You will lose every penny.”", "my agent was like, ..."), and not trailing off
    into a hedge ("If a computer makes it, I don't know.", "..., or whatever.")."""
    return not chit_chat(line) and not _REPORTED.search(line) and not _HEDGED_END.search(line)


def _chatty(m: Moment) -> bool:
    """A moment that is mostly small talk, introduction or sponsor read."""
    text = str(m.evidence.get("text", ""))
    parts = [text[a:b] for a, b in split_spans(text)]
    chat = sum(len(p) for p in parts if chit_chat(p))
    return bool(parts) and chat >= CHATTY_SHARE * sum(len(p) for p in parts)


def _about(moments: list[Moment]) -> list[Moment]:
    return [m for m in moments if not _chatty(m)]


def best_sentence(text: str) -> str:
    """The moment's most telling whole sentence that stands alone (6-24 words,
    quotation marks balanced, no question), "" when none does. Telling: names,
    numbers, places and long words, less any stumble ("I just we", "like,", a dash)."""
    best: tuple[float, int, str] | None = None
    for order, (begin, end) in enumerate(split_spans(text)):
        line = without_fillers(text[begin:end].strip())
        words = _words(line)
        if (not BULLET_WORDS[0] <= words <= BULLET_WORDS[1] or line.rstrip("\"'”’)").endswith("?")
                or line.count("“") != line.count("”") or line.count('"') % 2 or not stands_alone(line.rstrip(".!"))
                or not about_the_guest(line)):
            continue
        telling = (len(NAME_LIKE.findall(line)) + len(NUMBERS.findall(line)) + len(PLACES_TIMES.findall(line))
                   + 0.5 * len(_LONG_WORD.findall(line)) - len(_DISFLUENT.findall(line)))
        if best is None or (telling, -order) > best[:2]:
            best = (telling, -order, line.rstrip(" ,;:"))
    return best[2] if best else ""


def bullet_line(text: str) -> str:
    """The moment's line for a bullet: `best_sentence`, else its opening clause.
    A whole sentence such as "I was doing a tai chi exercise on the beach and
    there was an incredible sunset." says more than an opening cut at a comma
    ("In the past they would say")."""
    return best_sentence(text) or without_fillers(first_clause(text))


def _inside(s: Sentence, m: Moment) -> bool:
    return s.utterance.id in m.utterances and m.start <= s.start and s.stop <= m.end


def _names(interview: Interview, role: str) -> list[str]:
    """Names of the people in `role`; where nobody assigned roles, of the speakers
    the analyzers take for it (roles are guessed, not written back)."""
    names = interview.people_named(role)
    if not names:
        asks = interviewer_ids(interview)
        ids = asks if role == "interviewer" else guest_ids(interview, asks)
        names = [s.name for s in interview.speakers if s.id in ids and s.name]
    return names


def guest_name(interview: Interview) -> str:
    """The named guest, else the name of the speaker taken for the guest."""
    names = _names(interview, "guest")
    return names[0] if names else "the guest"


def guest_names(interview: Interview) -> str:
    """All the guests, for a line about the whole interview ("Michael, Aman,
    Sualeh and Arvid"); "the guests" past MAX_NAMED."""
    names = _names(interview, "guest")
    if len(names) < 2:
        return guest_name(interview)
    return f"{', '.join(names[:-1])} and {names[-1]}" if len(names) <= MAX_NAMED else "the guests"


# -- learn, impact, angle -----------------------------------------------------

def learn(interview: Interview) -> list[str]:
    """3-5 bullets, each a moment's line in quotation marks: the best moments'
    whole sentences that print alone (`best_sentence`, `prints_alone`) before
    any moment's opening clause (`bullet_line`). Stories and craft first, then
    candid, then the rest, one per chapter before a second from any chapter (a
    card should cover the interview, not one answer), then the chapters'
    keywords when moments run short. No kind label: a blind reading of seven
    drafted cards found "The story:" on lines that tell no story and "What it
    felt like:" on lines about no feeling; one sentence rarely bears the label
    its whole moment earned."""
    tier = {"craft": 0, "anecdote": 0, "candid": 1}
    ranked = [m for m in sorted(_about(interview.moments), key=lambda m: (tier.get(m.kind, 2), -m.score))
              if m.evidence.get("text")]
    chapter_of = {m.id: next((n for n, c in enumerate(interview.chapters) if c.start <= m.start < c.end), -1)
                  for m in ranked}
    firsts: list[Moment] = []
    for m in ranked:
        if all(chapter_of[m.id] != chapter_of[f.id] for f in firsts):
            firsts.append(m)
    ordered = firsts + [m for m in ranked if m not in firsts]
    whole = [(m, best_sentence(m.evidence["text"])) for m in ordered]
    lines = [(m, line) for m, line in whole if line and prints_alone(line)]
    if len(lines) < LEARN_MIN:  # too few whole sentences: opening clauses too, as they come
        taken = {m.id for m, _ in lines}
        lines += [(m, bullet_line(m.evidence["text"])) for m in ordered if m.id not in taken]
    bullets = [f"“{line}”" for _, line in lines if stands_alone(line) and about_the_guest(line)]
    if len(bullets) < LEARN_MIN:
        chatter = _sponsors(interview)
        terms = [k for c in interview.chapters for k in c.keywords if k.lower() not in chatter]
        bullets += [f"Also discussed: {k}" for k in terms[:LEARN_MIN - len(bullets)]]
    return list(dict.fromkeys(b for b in bullets if b.strip()))[:LEARN_MAX]


_POINTS_BACK = lexicon.pattern("card", "points_back")  # opens on a dash, a pronoun or a connective
_I_VERB = lexicon.pattern("card", "i_verb")  # "I liked ", "I've seen "
_DANGLING_END = lexicon.pattern("card", "dangling_end")  # "... the soccer moms who all tweeted at…"
_FILLER = opening("filler", "agreement")  # "So, yeah, ...": spoken lead-ins (text/data/leadins.toml)


def without_fillers(clause: str) -> str:
    """Without spoken fillers up front ("So I wrote..." -> "I wrote...")."""
    rest = _FILLER.sub("", clause)
    return rest[:1].upper() + rest[1:] if rest else clause


def stands_alone(clause: str) -> bool:
    """A bullet or line a reader understands without what came before: a whole
    opening (capital first, no dash or ellipsis carried over), of five words or
    more, not pointing back ("I liked them a lot", "— with a graphic artist"), and
    nothing the clip and pull-quote rules (`standalone.context_reasons`) object to.
    The bullet check stays the stricter of the two: a bullet is read with no
    passage around it at all, so any opening "it", "he" or "that" points back."""
    clause = clause.strip()
    opening = _I_VERB.sub("", clause)  # "I liked them" -> "them"
    return (_words(clause) >= STANDALONE_WORDS and clause[:1].isupper() and not _POINTS_BACK.match(clause)
            and not _POINTS_BACK.match(opening) and not _DANGLING_END.search(clause) and not context_reasons(clause)
            and not subordinate_only(clause))  # "Even if you're not going to be fine" (a bullet, once)


_RESTART = re.compile(r"\b((?:[\w'’]+\W+){1,3}[\w'’]+)\W+(?:or\W+|and\W+)?\1\b|\b([\w'’]+) \2\b", re.IGNORECASE)


def prints_alone(text: str) -> bool:
    """A line a reader meets with nothing around it (the impact line, a pull
    quote, a card bullet): names whoever and whatever it is about ("I find him
    to be the most friendly" does not; see `standalone.unnamed_reference`), is
    more than a "when" or "if" part ("So when you're talking about an actor,
    like Andy Samberg."), does not say a word or phrase twice over ("the gu ID,
    or the gu ID", "sub pub pub": a speaker restarting, or a transcript
    stuttering), asks nothing (a question is the host's job) and is a whole
    sentence, not a noun with a clause hanging off it (`grammar.whole_sentences`)."""
    return (not unnamed_reference(text) and not subordinate_only(text) and not _RESTART.search(text)
            and not text.rstrip("\"'”’) ").endswith(("?", "？")) and whole_sentences([text])[0])


def impact(interview: Interview, sentences: list[Sentence], learned: list[str] | None = None) -> str:
    """The guest's most candid or emotional sentence that stands alone and is about
    their work or life, quoted in one line (a "Junior." or a line quoting someone
    else is no impact), credited to whoever said it: with four guests it is not
    always the first one. A line already a bullet of `learned` is said twice only
    when no other line fits."""
    said = " ".join(learned or [])
    about = _about(interview.moments)
    personal = [m for m in about if m.kind in ("candid", "emotion")]
    ordered = sorted(personal, key=lambda m: -m.score) + sorted((m for m in about if m not in personal),
                                                                 key=lambda m: -m.score)
    fits: dict[int, bool] = {}  # the checks parse a sentence: only those inside a moment, once

    def fit(s: Sentence) -> bool:
        if id(s) not in fits:
            fits[id(s)] = (_words(s.text) <= QUOTE_MAX_WORDS and about_the_guest(s.text) and stands_alone(s.text)
                           and prints_alone(s.text))
        return fits[id(s)]

    for again in (False, True):
        for best in ordered:
            inside = [s for s in sentences if _inside(s, best) and fit(s)
                      and (again or without_fillers(s.text.strip()).rstrip(" ,;:") not in said)]
            if inside:
                line = max(inside, key=lambda s: (s.feats["candid"] + s.feats["intense"], -s.start))
                how = "admits" if best.kind == "candid" else "says"
                who = interview.speaker_name(line.utterance.speaker) or guest_name(interview)
                return f"{who} {how}: “{line.text}”"
    return ""


def _topics(interview: Interview, skip: set[str], count: int = 2) -> list[str]:
    """What the interview is remembered for: keywords of the chapters that hold
    the best moments (not the host's opening bio), names first ("Infinite
    Jest", "Red Cross"), then plain phrases ("speculative fiction"); a keyword
    capitalised only because a sentence began with it ("Bad cheater") or a lone
    capitalised word ("Week") says too little to pitch; lone words come last."""
    best: dict[int, float] = {}
    skip = skip | _sponsors(interview)
    for m in _about(interview.moments):
        n = next((n for n, c in enumerate(interview.chapters) if c.start <= m.start < c.end), None)
        if n is not None:
            best[n] = max(best.get(n, 0.0), m.score)
    order = sorted(best, key=lambda n: -best[n]) + [n for n in range(len(interview.chapters)) if n not in best]
    terms = [k for n in order for k in interview.chapters[n].keywords if k.lower() not in skip]
    phrases = [k for k in terms if " " in k]
    names = [k for k in phrases if all(w[:1].isupper() or w == "&" for w in k.split())]
    words = [k for k in terms if " " not in k and k.islower()]  # when no chapter has a phrase
    return list(dict.fromkeys(names + [k for k in phrases if k.islower()] + words))[:count]


def _sponsors(interview: Interview) -> set[str]:
    """The chapter keywords said only in small talk and sponsor reads, lower-cased:
    a sponsor's name is no topic (the host's introduction is not chatter here: it
    names the guest's work as well as anyone)."""
    chatter: list[str] = []
    talk: list[str] = []
    for u in interview.utterances:
        for a, b in split_spans(u.text):
            line = u.text[a:b]
            (chatter if _SMALL_TALK.search(line) or is_promotional(line) else talk).append(line)
    said, rest = " ".join(chatter).lower(), " ".join(talk).lower()
    return {k.lower() for c in interview.chapters for k in c.keywords if k.lower() in said and k.lower() not in rest}


def angle(interview: Interview) -> str:
    """The story angle from the kinds of moments that dominate, score-weighted
    (a second or third kind is named only with a third of the lead kind's weight:
    named always, "with quotable and emotional moments" closed nearly every angle);
    it names the work only when the user gave it (`--project`): a title guessed
    from keywords was as often a character or the host's name as the work."""
    about = _about(interview.moments)
    if not about:
        return ""
    weight: dict[str, float] = {}
    for m in about:
        weight[m.kind] = weight.get(m.kind, 0.0) + m.score
    kinds = sorted(weight, key=lambda k: -weight[k])
    guest = guest_names(interview)
    work = interview.project
    people = [*_names(interview, "guest"), guest_name(interview), *_names(interview, "interviewer")]
    skip = {work.lower()} | {part.lower() for n in people for part in (n, *n.split())}  # "Tom" of "Tom Hale" too
    terms = _topics(interview, skip)
    topics = " and ".join(f"the {t}" if t.islower() else t for t in terms) or "the work itself"
    text = (ANGLES if work else ANGLES_WITHOUT_WORK)[kinds[0]].format(guest=guest, work=work, topics=topics)
    extra = [ADJECTIVES[k] for k in kinds[1:3] if weight[k] >= SECOND_KIND * weight[kinds[0]]]
    return text + (f", with {' and '.join(extra)} moments." if extra else ".")


# -- pull quotes --------------------------------------------------------------

def _quote(run: list[Sentence], interview: Interview) -> Quote:
    first, last = run[0], run[-1]
    return Quote(text=first.utterance.text[first.begin:last.end], start=first.start, end=last.stop,
                 speaker=first.utterance.speaker,
                 utterance=first.utterance.id)


def _extend(s: Sentence, sentences: list[Sentence]) -> list[Sentence]:
    """A short line ("Silence is not emptiness.") takes the next sentence of its
    utterance along, when the two stay short enough to pull."""
    if _words(s.plain) >= QUOTE_MIN_WORDS:
        return [s]
    index = sentences.index(s)
    after = sentences[index + 1] if index + 1 < len(sentences) else None
    if after and after.utterance is s.utterance and _words(s.plain + " " + after.plain) <= QUOTE_MAX_WORDS:
        return [s, after]
    return [s]


def _candidates(interview: Interview, sentences: list[Sentence]) -> list[Sentence]:
    """Quotable, candid and craft moments' best lines first, then the most
    quotable sentences of the whole interview."""
    out: list[Sentence] = []
    for m in sorted(interview.moments, key=lambda m: -m.score):
        if m.kind not in ("quotable", "candid", "craft"):
            continue
        inside = [s for s in sentences if _inside(s, m) and s.feats["quotable"] > 0]
        bonus = {"candid": "candid", "craft": "craft_cues"}.get(m.kind, "strong")
        out += sorted(inside, key=lambda s: -(s.feats["quotable"] + 0.3 * min(1.0, s.feats[bonus])))[:1]
    out += sorted((s for s in sentences if s.feats["quotable"] > 0), key=lambda s: (-s.feats["quotable"], s.start))
    return out


def pull_quotes(interview: Interview, sentences: list[Sentence]) -> list[Quote]:
    """Three verbatim quotes that pass the context check (`greenroom.publish.quotes`:
    never flagged, never a half contrast or a line pointing back), print alone
    (`prints_alone`) and are about the guest in their own words (`about_the_guest`),
    one per utterance."""
    from greenroom.publish.quotes import QuoteIndex

    index = QuoteIndex(interview)
    quotes: list[Quote] = []
    for s in _candidates(interview, sentences):
        run = _extend(s, sentences)
        quote = _quote(run, interview)
        if len(quotes) >= QUOTES:
            break
        if (any(q.utterance == quote.utterance for q in quotes) or not prints_alone(quote.text)
                or not about_the_guest(quote.text) or is_blocked(quote.text)):
            continue
        if index.check(quote).ok:  # verbatim by construction; the check adds the context rules
            quotes.append(quote)
    return quotes


def _unblocked(line: str, fallback: str = "") -> str:
    """A drafted line, or `fallback` when it holds a slur or strong profanity
    (`text.blocklist`): nothing greenroom writes carries one, though a guest's
    quote may (pull quotes holding one are passed over)."""
    return fallback if is_blocked(line) else line


@analyzer("card", requires=("moments", "chapters"), assigns=("card",))
def analyze_card(interview: Interview, context: Context) -> None:
    """Draft the card: what you'll learn, impact, angle and three verbatim pull quotes.
    The fields a person set (`Card.by_hand`) are kept as they are; the others are drafted again."""
    old = interview.card
    mine = old.by_hand() if old is not None else ()
    if old is None or len(mine) < len(Card.FIELDS):
        sentences = guest_sentences(interview)
        bullets = [b for b in learn(interview) if not is_blocked(b)]
        draft = Card(learn=bullets, impact=_unblocked(impact(interview, sentences, bullets)),
                     angle=_unblocked(angle(interview), f"A conversation with {guest_names(interview)}."),
                     quotes=pull_quotes(interview, sentences))
        if old is not None and mine:
            for name in mine:
                setattr(draft, name, getattr(old, name))
            draft.edited, draft.edited_fields = True, list(old.edited_fields)
        interview.card = draft

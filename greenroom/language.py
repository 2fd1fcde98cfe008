"""Which language a transcript is in, guessed from its commonest words.

Transcription knows the language (the speech model says it); an imported text
file does not, and every analyzer reads English: question rules, moment cues,
privacy lexicons, off-the-record remarks. A Spanish transcript analysed as
English gets a keyword soup for chapters and, worse, no flag on "Esto es
extraoficial" (this is off the record). So an import guesses the language, and
analysis says plainly when it is not English.

The guess counts function words, the commonest words of each language, which
make up a third or more of any conversation in it. It needs `MIN_WORDS` words
and a clear winner, else it says nothing (None): a wrong guess would warn on a
good English transcript.
"""

from __future__ import annotations

import re

MIN_WORDS = 40
MIN_SHARE = 0.12  # a language's function words must be at least this share of all words
FUNCTION_WORDS: dict[str, frozenset[str]] = {name: frozenset(words.split()) for name, words in {
    "en": "the and to of a in is it you that i was for on with he we they but my so what this be have not are "
          "me do just like there if about all your his her she them at or had were an our",
    "es": "el la de que y en los se del las un por con no una su para es al lo como más pero sus le ya o fue "
          "este ha sí porque esta son entre cuando muy sin sobre también me hasta hay donde quien desde todo "
          "nos durante todos uno les ni otros ese eso yo tu mi te estoy está",
    "fr": "le la les de des et est un une que qui dans pas pour sur au avec ce il elle je vous nous on ne se "
          "en du mais ou était c'est j'ai moi",
    "de": "der die das und ist nicht ich du er sie es wir ein eine zu mit den dem von auf für auch sich aber "
          "wie so war hat haben",
    "it": "il la che di e è un una per non con mi ma sono lo gli le del della si ho questo io anche",
    "pt": "o a os as de que e do da em um uma para com não se na no por mais mas foi eu você é",
    "nl": "de het een en van ik je niet dat is op te zijn met voor maar ook als er",
}.items()}
NAMES = {"en": "English", "es": "Spanish", "fr": "French", "de": "German", "it": "Italian", "pt": "Portuguese",
         "nl": "Dutch"}
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def guess_language(text: str) -> str | None:
    """"en", "es", ... for a text long enough to tell, else None."""
    words = [w.replace("’", "'") for w in _WORD.findall(text.lower())]
    if len(words) < MIN_WORDS:
        return None
    shares = {name: sum(w in common for w in words) / len(words) for name, common in FUNCTION_WORDS.items()}
    best = max(shares, key=lambda name: shares[name])
    if shares["en"] >= MIN_SHARE and shares["en"] >= 0.8 * shares[best]:
        return "en"  # English first: a French loan word must not unsettle an English interview
    return best if shares[best] >= MIN_SHARE else None


def is_english(language: str | None) -> bool:
    """True for English and for an unknown language (nothing says otherwise)."""
    return not language or language.lower().startswith("en")


def language_name(language: str) -> str:
    return NAMES.get(language.lower()[:2], language)

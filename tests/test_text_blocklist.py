"""The blocklist: slurs and strong profanity never reach a generated text, and ordinary
words that only contain one pass."""

from __future__ import annotations

import pytest

from greenroom.text import blocklist as bl

BLOCKED = [  # (text, the blocked word found)
    ("What the fuck happened", "fuck"),
    ("A fucking disaster", "fucking"),
    ("The shitty first draft", "shitty"),
    ("Bullshit jobs", "bullshit"),
    ("SH1T HAPPENS", "shit"),
    ("F*ck the rules", "f*ck"),
    ("Life's a bitch", "bitch"),
    ("Whores and saints", "whores"),
    ("Motherfucker", "motherfucker"),
    ("Fuck-ups on set", "fuck"),
    ("Half-breed", "half breed"),
    ("Nìgger", "nigger"),  # accents do not hide a word
    ("Retarded ideas", "retarded"),
]
PASSES = [
    "Wake, fish, forget",
    "Spicy food in Sichuan",  # contains "spic"
    "He sniggered",  # contains "nigger"
    "Scunthorpe United",
    "Dick Van Dyke",  # names left out of the list on purpose
    "Japan and Pakistan",  # contain "jap", "paki"
    "Flame retardant",
    "Cockpit of a Boeing",
    "Shiitake mushrooms",
    "The raccoon",
    "Mortality",
    "",
]


@pytest.mark.parametrize("text, word", BLOCKED)
def test_blocked_words_are_found(text: str, word: str) -> None:
    assert bl.is_blocked(text)
    assert word in bl.blocked_words(text)


@pytest.mark.parametrize("text", PASSES)
def test_words_that_only_contain_an_entry_pass(text: str) -> None:
    assert not bl.is_blocked(text), bl.blocked_words(text)


@pytest.mark.parametrize("title, fallback, result", [
    ("  The rowing boats, ", "Conversation", "The rowing boats"),
    ("Which boat is faster?", "", "Which boat is faster?"),
    ("The fuck-up on set", "Conversation", "Conversation"),
    ("Bullshit jobs", "", ""),
    (" ... ", "Conversation", "Conversation"),
])
def test_clean_title_gives_the_fallback_for_a_blocked_title(title: str, fallback: str, result: str) -> None:
    assert bl.clean_title(title, fallback) == result


@pytest.mark.parametrize("text, masked", [
    ("It was fucking cold.", "It was f****** cold."),
    ("Shit, the boat sank. Spicy!", "S***, the boat sank. Spicy!"),
    ("A half-breed, he said", "A h***-*****, he said"),
])
def test_mask_keeps_a_quote_readable(text: str, masked: str) -> None:
    assert bl.mask(text) == masked


@pytest.mark.parametrize("entry, forms, not_forms", [
    ("shit*", {"shit", "shits", "shitty", "shitting", "shitter"}, {"shiitake", "shift"}),
    ("spic", {"spic", "spics"}, {"spicy", "spices"}),
])
def test_entry_forms(entry: str, forms: set[str], not_forms: set[str]) -> None:
    parsed = bl.parse([entry])
    assert forms <= parsed.words and not (not_forms & parsed.words)


def test_data_file_comments_and_phrases() -> None:
    parsed = bl.parse(["# a comment", "", "fuck*   # inline note", "porch monkey"])
    assert "fucking" in parsed.words and ("porch", "monkey") in parsed.phrases
    assert "#" not in "".join(parsed.words)


def test_packaged_list_is_read() -> None:
    words = bl.blocklist()
    assert len(words.words) > 50 and words.phrases

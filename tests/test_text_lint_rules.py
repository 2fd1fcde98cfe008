"""The question linter's English rules as data (text/data/lint.toml): every entry's example
rows, the intrusive topics' one vocabulary with the privacy analyzer, and the rewrite
templates' fields."""

from __future__ import annotations

import re
import string

import pytest

from greenroom.text import lint_rules, privacy

ROWS = lint_rules.examples()


def test_every_entry_has_example_rows() -> None:
    """A rule without a match and a miss row cannot be checked: each pattern entry has both."""
    named = {name for name, _, _ in ROWS}
    for name, entry in lint_rules._entries():
        assert entry.get("match") and entry.get("miss"), f"{name} lacks match or miss rows"
    assert {"generic", "vague", "professional", "frames.hardest", "intrusive.health", "open_forms.0"} <= named


@pytest.mark.parametrize(("entry", "text", "should_match"), ROWS, ids=[f"{e}:{t[:30]}" for e, t, _ in ROWS])
def test_example_rows(entry: str, text: str, should_match: bool) -> None:
    found = lint_rules.entry_pattern(entry).search(text)
    assert bool(found) is should_match, f"[{entry}] {'should' if should_match else 'should not'} match {text!r}"


def test_open_forms_fill_their_templates() -> None:
    """Each open form's template names only the groups its pattern captures."""
    for pattern, template in lint_rules.open_forms():
        used = {int(field) for _, field, _, _ in string.Formatter().parse(template) if field}
        assert used <= set(range(pattern.groups)), template
        match = next(pattern.match(row[0].lower()) for row in [_rows_of(pattern)])
        assert match is not None
        assert "{" not in template.format(*match.groups())


def _rows_of(pattern: re.Pattern[str]) -> list[str]:
    for entry in lint_rules._data()["open_forms"]:
        if entry["pattern"] == pattern.pattern:
            return list(entry["match"])
    raise AssertionError(pattern.pattern)


@pytest.mark.parametrize("topic", sorted(lint_rules.shared_with_privacy()))
def test_intrusive_topics_share_privacys_words(topic: str) -> None:
    """One vocabulary: the alternatives a topic takes from privacy.toml are still there word
    for word, so the linter and the privacy analyzer never disagree on what a word means."""
    privacy_topic, shared = lint_rules.shared_with_privacy()[topic]
    if not privacy_topic:
        assert not shared, f"{topic} names no privacy topic, so it can share nothing"
        return
    missing = [w for w in shared if w not in privacy.topic_words(privacy_topic)]
    assert not missing, f"intrusive.{topic}: not (or no longer) in privacy.toml's {privacy_topic}: {missing}"


def test_intrusive_topic_names_the_matter() -> None:
    assert lint_rules.intrusive_topic("Who are you seeing these days?") == "relationships"
    assert lint_rules.intrusive_topic("What medication were you on during the tour?") == "health"
    assert lint_rules.intrusive_topic("How did the band record the storm?") is None


def test_templates_and_messages_take_the_fields_the_linter_gives() -> None:
    fields = {"generic": {"subject"}, "intrusive": {"subject"}, "open_fallback": {"bare"}, "presumed_to": {"rest"},
              "presumed_when": {"rest"}, "neutral": {"statement"}, "answered": {"quote"}}
    for name, wanted in fields.items():
        used = {f for _, f, _, _ in string.Formatter().parse(lint_rules.template(name)) if f}
        assert used == wanted, name
    assert "{" not in lint_rules.template("generic_subject") + lint_rules.template("answered_unquoted")
    assert lint_rules.message("double").format(second="Who wrote it?").endswith("for the follow-up.")


@pytest.mark.parametrize(("question", "topic"), [
    ("What did the divorce scene in the second act ask of you as an actor?", None),
    ("What did your character's illness force you to learn about stillness?", None),
    ("How did the money from the first season change the scale of the second?", None),
    ("How did the wedding song come together after the marriage storyline was cut?", None),
    ("How did your divorce change the album?", "relationships"),
    ("What did your money from the first season buy?", "money"),
    ("How did your illness change the way you approach a scene?", "health"),
    ("How much were you paid for the sequel?", "money"),
    ("How much did you earn from the first season?", "money"),
])
def test_a_private_word_that_belongs_to_the_work_pries_into_nothing(question: str, topic: str | None) -> None:
    """A scene, a character, a season: words of private life used for the work are not private life."""
    assert lint_rules.intrusive_topic(question) == topic

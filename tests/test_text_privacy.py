"""Privacy's rules as data (text/data/privacy.toml): every example row holds, every entry has
examples both ways, and the loader gives what the analyzer needs."""

from __future__ import annotations

import pytest

from greenroom.text import privacy
from greenroom.text.privacy import compiled, examples


@pytest.mark.parametrize(("entry", "text", "matches"), examples())
def test_each_example_row_holds(entry: str, text: str, matches: bool) -> None:
    assert bool(compiled(entry).search(text)) is matches, (entry, text)


def test_every_topic_and_pattern_has_examples_both_ways() -> None:
    entries = {entry for entry, _, _ in examples()}
    assert {f"topics.{name}" for name in privacy.topics()} <= entries
    for entry in entries:
        assert {m for e, _, m in examples() if e == entry} == {True, False}, entry


def test_topics_come_gravest_first() -> None:
    assert list(privacy.topics())[:3] == ["health", "family", "relationships"]


def test_amounts_stand_outside_word_boundaries() -> None:
    assert privacy.topics()["finances"].search("it cost me $836")
    assert privacy.topics()["finances"].search("$5,000").group() == "$5,000"


def test_kin_roles_and_names() -> None:
    roles = privacy.kin_roles()
    assert set(roles) == {"child", "partner", "relative", "private role"}
    assert "daughters?" in roles["child"]
    assert {"So", "Monday", "God"} <= privacy.not_names()


def test_an_unknown_entry_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        privacy.pattern("nonsense")

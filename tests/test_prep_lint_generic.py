"""The linter's generic check by meaning: a question close to a stock question of the bank
(text/data/stock_questions.toml) that names nothing the stock one lacks. Every topic's match
and miss rows are checked with the real paraphrase embedder (all-mpnet-base-v2 where the
`paraphrase` extra is installed, else MiniLM)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from greenroom.prep.index import CachedEmbedder, VectorIndex
from greenroom.prep.lint import (
    STOCK,
    Linter,
    LintOptions,
    extra_words,
    names_beyond,
    stock_texts,
)
from greenroom.text import lint_rules

# Rows the method gets wrong with all-mpnet-base-v2, kept visible (strict: fixing one fails the test until it is
# taken off): two closing stock questions sit just under the threshold, and the older pattern for "what do you
# want the audience to feel" fires whatever follows it.
KNOWN_WRONG = {"Any last words for our listeners?", "Is there anything we didn't cover?",
               "What do you want the audience to feel when the lighthouse goes dark?"}
ROWS = [pytest.param(topic, text, generic, id=f"{topic}:{text[:30]}",
                     marks=pytest.mark.xfail(strict=True, reason="known miss") if text in KNOWN_WRONG else ())
        for topic, text, generic in lint_rules.stock_examples()]


@pytest.fixture(scope="module")
def linter() -> Linter:
    pytest.importorskip("onnxruntime")
    from greenroom.backends.embed import paraphrase_embedder

    return Linter(LintOptions(), [], paraphrase_embedder())


def test_every_stock_topic_has_questions_and_example_rows() -> None:
    topics = {topic for topic, _ in lint_rules.stock_questions()}
    assert len(lint_rules.stock_questions()) >= 80 and len(topics) >= 15
    rows = lint_rules.stock_examples()
    for topic in topics:
        assert topic in {t for t, _, should in rows if should}, f"{topic} has no match row"
        assert topic in {t for t, _, should in rows if not should}, f"{topic} has no miss row"
    bank = {q for _, q in lint_rules.stock_questions()}
    assert not bank & {text for _, text, _ in rows}, "an example row copies a bank question: it would prove nothing"


@pytest.mark.parametrize(("topic", "text", "generic"), ROWS)
def test_stock_rows(linter: Linter, topic: str, text: str, generic: bool) -> None:
    (item,) = linter.lint([text])
    assert ("generic" in item.kinds) is generic, (
        f"[{topic}] {text!r} should{'' if generic else ' not'} be generic; {linter.stock_match([text])[0]}")


def test_the_flag_names_the_stock_question(linter: Linter) -> None:
    (item,) = linter.lint(["How has being famous changed you as a person?"])
    flag = next(f for f in item.flags if f.kind == "generic")
    assert "stock question" in flag.message and "similarity" in flag.message


def test_the_project_title_and_the_guests_name_are_not_specific(linter: Linter) -> None:
    """A dossier's title and guest are in every question: "Low Tide" does not make a stock question specific."""
    plain = Linter(LintOptions(common=["Low Tide"], mask="the film", guest="Ada Brenner"), [], linter._embedder)
    (item,) = plain.lint(["What do you hope audiences take away from Low Tide?"])
    assert "generic" in item.kinds


def test_names_beyond_the_stock_question_veto_it() -> None:
    assert names_beyond("How do you handle criticism from the BBC?", "How do you deal with criticism?") == ["BBC"]
    assert names_beyond("What did you learn from Agnes about grief?", "What have you learned?") == ["agnes"]
    assert names_beyond("How do you deal with criticism?", "How do you handle criticism?") == []


def test_extra_words_are_what_the_stock_question_lacks() -> None:
    assert extra_words("How do you deal with criticism?", "How do you handle criticism?") == ["deal"]  # other words, one idea
    assert extra_words("How did you learn to juggle for the circus scenes?", "How do you juggle everything?") == ["circu", "learn", "scene"]
    assert extra_words("What inspires you these days?", "What inspires you?") == []  # vague words add nothing


def test_stock_texts_are_the_asks_without_lead_ins() -> None:
    assert stock_texts("So, what's next for you?") == ["what's next for you?"]
    assert stock_texts("I loved the film. So, what's next for you?") == ["what's next for you?"]


def test_thresholds_are_tuned_per_embedder() -> None:
    assert set(STOCK) == {"all-mpnet-base-v2", "all-MiniLM-L6-v2-int8"}
    assert all(0.5 <= rule.similarity < 0.9 and 0 < rule.per_word < 0.2 for rule in STOCK.values())


class HashEmbedder:
    """A deterministic stand-in that counts what it embeds (the index's behaviour, not quality)."""

    name = "all-mpnet-base-v2"
    dim = 8

    def __init__(self) -> None:
        self.seen = 0

    def embed(self, texts: list[str]) -> np.ndarray:
        self.seen += len(texts)
        rows = [np.frombuffer(hashlib.sha256(t.encode()).digest()[:8], dtype=np.uint8).astype(np.float32) + 1 for t in texts]
        out = np.array(rows, dtype=np.float32).reshape(len(texts), self.dim)
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def test_the_bank_is_embedded_once_into_the_librarys_index(tmp_path: Path) -> None:
    """Warm runs stay fast: the bank's vectors live in the same index as the past questions'."""
    index = VectorIndex(tmp_path / "lib-lint-index.sqlite")
    first = CachedEmbedder.around(index, HashEmbedder())
    Linter(LintOptions(stock_similarity=0.99), [], first).lint(["What inspires you?"])
    assert first.embedded >= len(lint_rules.stock_questions())
    second = CachedEmbedder(index, lambda: (_ for _ in ()).throw(AssertionError("loaded")), "all-mpnet-base-v2")  # type: ignore[arg-type,return-value]
    Linter(LintOptions(stock_similarity=0.99), [], second).lint(["What inspires you?"])
    assert second.embedded == 0

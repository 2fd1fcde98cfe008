"""A line is found by one of its sentences (`library.parts`): a reader remembers one
sentence of a long answer, and the whole line's vector dilutes it. Real MiniLM vectors of
lines written here; parts are stored once per distinct text, follow edits and deletions,
and a library of schema v9 gains them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

from greenroom.library import Library, migrations, parts, semantic
from greenroom.model import Interview, Person, Speaker, Utterance

pytest.importorskip("onnxruntime")

PROP = "My grandmother's plum dumpling recipe, in her own shaky handwriting, is pinned to the fridge in the kitchen scene."
LONG = ("We spent most of the spring in a farmhouse outside Lyon. The crew slept in the barn and the catering was "
        f"mostly bread and cheese. {PROP} Nobody on set knew it was real. We wrapped two days early.")
# Lines near the query as a whole: each shares a topic with it, none says it.
OTHERS = [
    "My grandmother taught me to cook when I was small.",
    "We always baked bread together on Sunday mornings.",
    "Handwriting is a lost art these days, nobody writes letters.",
    "The kitchen in that house was tiny and always full of people.",
    "Food on set is the thing every crew complains about.",
    "I keep old family photos on my fridge.",
    "Recipes passed down through generations are precious.",
    "The farmhouse scenes were shot in the spring.",
]
QUERY = "grandmother's handwritten recipe on screen"  # PROP, in other words


class Counting:
    """The real embedder, counting the texts it is given."""

    def __init__(self) -> None:
        from greenroom.backends.embed import default_embedder

        self.inner = default_embedder()
        self.name, self.dim = self.inner.name, self.inner.dim
        self.texts: list[str] = []

    def embed(self, texts: list[str]) -> np.ndarray:
        self.texts += texts
        return self.inner.embed(texts)


@pytest.fixture(scope="module")
def embedder() -> Counting:
    return Counting()


def _interview(title: str, lines: list[str]) -> Interview:
    people = [Person("Ana Lind", "guest"), Person("Bo Crane", "interviewer")]
    speakers = [Speaker("S1", "Bo Crane", role="interviewer"), Speaker("S2", "Ana Lind", role="guest")]
    said = [Utterance(f"u{n}", n * 5000, n * 5000 + 4000, "S2", text) for n, text in enumerate(lines, 1)]
    return Interview(title=title, people=people, speakers=speakers, utterances=said)


def _rank(library: Library, embedder: Counting, query: str, text: str) -> int | None:
    """1-based place of `text` among the texts found by meaning, None when absent."""
    shas = [sha for sha, _, _ in semantic.nearest_texts(library, query, embedder, 20)]
    sha = parts.text_sha(text)
    return shas.index(sha) + 1 if sha in shas else None


def _stored(library: Library, text: str) -> list[bytes]:
    return [r[0] for r in library._read("SELECT vectors FROM part_vectors WHERE text_sha = ?", (parts.text_sha(text),))]


def test_a_sentence_in_other_words_finds_its_long_line(tmp_path: Path, embedder: Counting) -> None:
    with Library(tmp_path / "library.db") as library:
        library.add(_interview("Farmhouse", [LONG, *OTHERS]))
        semantic.index(library, embedder)
        assert _rank(library, embedder, QUERY, LONG) == 1
        parts.ENABLED = False
        try:
            whole = _rank(library, embedder, QUERY, LONG)
        finally:
            parts.ENABLED = True
        assert whole is not None and whole >= 3  # its other sentences pull the whole line down


def test_a_line_of_one_sentence_has_no_parts_and_keeps_its_cosine(tmp_path: Path, embedder: Counting) -> None:
    assert parts.parts_of(OTHERS[0]) == [] and len(parts.parts_of(LONG)) >= 5
    with Library(tmp_path / "library.db") as library:
        library.add(_interview("Farmhouse", [LONG, *OTHERS]))
        semantic.index(library, embedder)
        assert _stored(library, OTHERS[0]) == [b""]
        found = {sha: cosine for sha, _, cosine in semantic.nearest_texts(library, "cooking lessons from grandma",
                                                                           embedder, 20)}
        whole = float(embedder.embed(["cooking lessons from grandma"])[0] @ embedder.embed([OTHERS[0]])[0])
        assert found[parts.text_sha(OTHERS[0])] == pytest.approx(whole, abs=0.01)


def test_a_text_in_many_interviews_is_cut_and_stored_once(tmp_path: Path, embedder: Counting) -> None:
    with Library(tmp_path / "library.db") as library:
        for n in range(30):
            library.add(_interview(f"Junket {n}", [LONG]))
        embedder.texts = []
        marks: list[tuple[int, int]] = []
        semantic.index(library, embedder, lambda done, total: marks.append((done, total)))
        cut = parts.parts_of(LONG)
        assert sorted(embedder.texts) == sorted([LONG] * 30 + cut)  # each line, its parts once
        assert marks[-1] == (31, 31)  # progress counts the 30 lines, then the one text cut into parts
        assert [len(blob) for blob in _stored(library, LONG)] == [len(cut) * embedder.dim * 2]
        assert library._read("SELECT count(*) FROM part_vectors")[0][0] == 1


def test_an_edited_line_gets_new_parts_and_a_deleted_one_loses_them(tmp_path: Path, embedder: Counting) -> None:
    with Library(tmp_path / "library.db") as library:
        iid = library.add(_interview("Farmhouse", [LONG, *OTHERS])).id
        semantic.index(library, embedder)
        interview = library.get(iid)
        edited = LONG.replace(PROP, "The horse in the final scene belonged to my uncle, who charged us nothing.")
        interview.utterances[0].text = edited
        library.update(interview)
        semantic.index(library, embedder)
        assert _stored(library, LONG) == [] and len(_stored(library, edited)) == 1
        assert _rank(library, embedder, "a relative lent the animal for free", edited) == 1
        library.delete(iid)
        semantic.index(library, embedder)
        assert library._read("SELECT count(*) FROM part_vectors")[0][0] == 0


def test_a_v9_library_gains_parts(tmp_path: Path, embedder: Counting) -> None:
    path = tmp_path / "old.db"
    with Library(path) as fresh:
        fresh.add(_interview("Farmhouse", [LONG, *OTHERS]))
        semantic.index(fresh, embedder)
    with sqlite3.connect(path) as conn:  # back to schema v9: line vectors, no parts
        conn.execute("DROP TABLE part_vectors")
        conn.execute("DROP INDEX utterance_vectors_sha")
        conn.execute("PRAGMA user_version = 9")
    with Library(path) as upgraded:
        assert migrations.user_version(upgraded._conn) == migrations.latest() >= 10
        assert upgraded._read("SELECT count(*) FROM part_vectors")[0][0] == 0
        embedder.texts = []
        assert semantic.index(upgraded, embedder) == 0  # no line to embed again
        assert sorted(embedder.texts) == sorted(parts.parts_of(LONG))  # only the parts
        assert _rank(upgraded, embedder, QUERY, LONG) == 1


def test_the_newest_vector_of_a_model_is_found_without_reading_an_index(tmp_path: Path) -> None:
    """Every search by meaning asks for it; an index led by the model made SQLite read all of
    that index for it (55 ms at a million vectors)."""
    with Library(tmp_path / "library.db") as library:
        plan = library._read("EXPLAIN QUERY PLAN SELECT coalesce(max(rowid), 0) FROM utterance_vectors "
                             "WHERE model = ?", ("m",))
        assert "INDEX" not in " ".join(str(step[-1]) for step in plan)

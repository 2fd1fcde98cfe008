"""The vector scan (`library.vector_scan`): the same hits as comparing with every row, in
exact order, on real MiniLM vectors of lines written for this test."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from numpy import ndarray

np = pytest.importorskip("numpy")
pytest.importorskip("onnxruntime")
pytest.importorskip("tokenizers")

from greenroom.library.vector_scan import Scan

LINES = [
    "I was so nervous the night before we started shooting that I could not sleep.",
    "The first day on set my hands were shaking during the rehearsal.",
    "Stage fright never really goes away, you just learn to work with it.",
    "My advice to young filmmakers is to finish something, anything, and show it.",
    "We shot the storm scene under rain machines for four cold nights.",
    "The wind machine was the size of a truck and twice as loud.",
    "I kept a diary in the character's voice for the whole production.",
    "The props team copied my handwriting into the notebook you see on screen.",
    "My daughter visited the set and said everything looked fake.",
    "We asked the journalists not to print the ending before the premiere.",
    "Silence on screen is not the same as nothing happening.",
    "I hope people leave the cinema and call someone they love.",
    "The hardest sequence to film was the boat capsizing in the lake.",
    "I fell into the water in front of the whole crew on my first day.",
    "I read the screenplay on the train and missed my stop.",
    "Our budget was cut in half two weeks before principal photography.",
    "The director let us improvise most of the dinner scene.",
    "I learned to row for the part and I still row every weekend.",
    "The studio wanted a happy ending and we fought them for months.",
    "Editing took longer than the shoot itself.",
    "We recorded the score with a small orchestra in a church.",
    "I grew up watching westerns with my grandfather.",
    "The costume was so heavy I had to sit between takes.",
    "Our cinematographer lit every night scene with a single lamp.",
    "I auditioned six times before they offered me the role.",
    "The festival audience laughed at all the wrong moments.",
    "My agent told me to turn the part down.",
    "The location was a real lighthouse on an island with no road.",
    "We lost two days of footage when a drive failed.",
    "Critics hated it at first and now it is taught in film schools.",
    "I still get letters from people who saw it as teenagers.",
    "The dog in the film belonged to the sound engineer.",
]
QUERIES = ["afraid before the first day of filming", "tips for people starting out in movies",
           "filming in fake rain", "a child thought the set looked unreal", "lost footage",
           "the part where the boat tips over"]


@pytest.fixture(scope="module")
def vectors() -> tuple[ndarray, ndarray]:
    from greenroom.backends.embed import default_embedder

    embedder = default_embedder()
    return embedder.embed(LINES).astype(np.float16), embedder.embed(QUERIES)


def brute_force(matrix: ndarray, query: ndarray, k: int) -> tuple[ndarray, ndarray]:
    scores = matrix.astype(np.float32) @ query
    order = np.lexsort((np.arange(len(scores)), -scores))[:k]
    return order, scores[order]


def test_small_matrix_gives_the_brute_force_hits_in_exact_order(vectors):
    lines, queries = vectors
    scan = Scan(lines)
    assert scan.exact
    for query in queries:
        rows, cosines = scan.top(query, 5)
        expected_rows, expected = brute_force(lines, query, 5)
        assert rows.tolist() == expected_rows.tolist()
        assert np.allclose(cosines, expected, atol=1e-6)
        assert (np.diff(cosines) <= 0).all()


def test_paraphrase_finds_the_line_it_means(vectors):
    lines, queries = vectors
    rows, _ = Scan(lines).top(queries[2], 3)  # "filming in fake rain"
    assert 4 in rows.tolist()  # "...storm scene under rain machines..."


def test_more_hits_wanted_than_rows_gives_every_row(vectors):
    lines, queries = vectors
    rows, cosines = Scan(lines).top(queries[0], 100)
    assert sorted(rows.tolist()) == list(range(len(LINES)))
    assert (np.diff(cosines) <= 0).all()


def test_an_empty_matrix_or_no_hits_wanted_gives_nothing(vectors):
    _, queries = vectors
    rows, cosines = Scan(np.zeros((0, 384), dtype=np.float16)).top(queries[0], 10)
    assert rows.shape == (0,) and cosines.shape == (0,)
    rows, _ = Scan(vectors[0]).top(queries[0], 0)
    assert rows.shape == (0,)


def test_a_matrix_that_is_not_rows_of_vectors_is_refused():
    with pytest.raises(ValueError, match="2-d matrix"):
        Scan(np.zeros(384, dtype=np.float16))


def many_lines(lines: ndarray, copies: int, seed: int = 0) -> ndarray:
    """Each real line's vector `copies` times, each copy moved by noise (cosine ~0.85 to
    its line) and made unit length again: clusters of near neighbours around real
    sentences, more rows than the candidates a query re-scores."""
    rng = np.random.default_rng(seed)
    base = np.repeat(lines.astype(np.float32), copies, axis=0)
    moved = base + rng.normal(0, 0.03, base.shape).astype(np.float32)
    return (moved / np.linalg.norm(moved, axis=1, keepdims=True)).astype(np.float16)


def test_two_stages_on_a_large_matrix_give_the_brute_force_top_10(vectors):
    lines, queries = vectors
    matrix = many_lines(lines, 200)  # 6,400 rows
    scan = Scan(matrix, dims=48, exact_below=1_000, least=800)
    assert not scan.exact and scan.candidates(10) < len(matrix) // 4
    for query in queries:
        rows, cosines = scan.top(query, 10)
        expected_rows, expected = brute_force(matrix, query, 10)
        assert rows.tolist() == expected_rows.tolist()
        assert np.allclose(cosines, expected, atol=1e-6)


def test_two_stages_read_float32_rows_too(vectors):
    lines, queries = vectors
    matrix = many_lines(lines, 100).astype(np.float32)
    scan = Scan(matrix, dims=48, exact_below=1_000, least=800)
    rows, _ = scan.top(queries[1], 10)
    assert rows.tolist() == brute_force(matrix, queries[1], 10)[0].tolist()
    rows, _ = scan.top(queries[1], 10_000)  # more than the rows: every row, in order
    assert rows.tolist() == brute_force(matrix, queries[1], len(matrix))[0].tolist()

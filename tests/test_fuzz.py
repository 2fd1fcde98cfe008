"""Fuzzing in CI: a few hundred hostile inputs per import format (tests/fuzz_inputs.py),
seeded so every run sees the same ones. Each must give an Interview that survives
a dict round trip and a library insert, or a typed InputError, within seconds.
`bench/fuzz_bench.py` runs ten thousand per format."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fuzz_inputs import FORMATS, mutate, outcome, seeds
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from greenroom.library import Library

SEEDS = seeds()
EVERY_SEED = [data for found in SEEDS.values() for data in found]
EXAMPLES = 300
SECONDS = 5.0


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_importer_is_total_on_mutated_input(fmt: str, tmp_path: Path) -> None:
    library = Library(tmp_path / "library.db")

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.randoms(use_true_random=False), st.sampled_from(SEEDS[fmt]))
    def one(rng, seed: bytes) -> None:  # type: ignore[no-untyped-def]
        data = mutate(rng, seed, EVERY_SEED)
        began = time.perf_counter()
        assert outcome(fmt, data, library) in ("accepted", "error")
        assert time.perf_counter() - began < SECONDS, f"{len(data)} bytes took too long"

    try:
        one()
    finally:
        library.close()


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_unmutated_seeds_are_accepted(fmt: str) -> None:
    """The fuzzer starts from files each reader takes; a seed that is refused fuzzes nothing."""
    assert all(outcome(fmt, data) == "accepted" for data in SEEDS[fmt])

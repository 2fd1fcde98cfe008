"""Golden-file comparison for writers: `GREENROOM_UPDATE_GOLDEN=1` rewrites the files."""

from __future__ import annotations

import os
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"


def check_golden(name: str, text: str) -> None:
    """`text` must equal tests/golden/NAME byte for byte; a missing golden file fails."""
    path = GOLDEN / name
    if os.environ.get("GREENROOM_UPDATE_GOLDEN") == "1":
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"no golden file {path}: run with GREENROOM_UPDATE_GOLDEN=1 and review it"
    assert text == path.read_bytes().decode("utf-8")

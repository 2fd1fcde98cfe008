"""Where greenroom keeps things on this machine (caches, models)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """$GREENROOM_CACHE, else $XDG_CACHE_HOME/greenroom, else ~/.cache/greenroom."""
    explicit = os.environ.get("GREENROOM_CACHE")
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base).expanduser() if base else Path.home() / ".cache") / "greenroom"

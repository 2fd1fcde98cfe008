"""Where greenroom keeps things on this machine (caches, models)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path


def cache_dir() -> Path:
    """$GREENROOM_CACHE, else $XDG_CACHE_HOME/greenroom, else ~/.cache/greenroom."""
    explicit = os.environ.get("GREENROOM_CACHE")
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base).expanduser() if base else Path.home() / ".cache") / "greenroom"


def built_model_folder(name: str, build: Callable[[Path], None]) -> Path:
    """cache_dir()/models/NAME, made by `build(staging)` in a staging folder beside it
    and moved into place in one rename: a crash or a failed check leaves no half-made
    model behind, only a staging folder that is removed on the way out (or, after a
    SIGKILL, by the next build)."""
    from greenroom import atomic

    folder = cache_dir() / "models" / name
    folder.parent.mkdir(parents=True, exist_ok=True)
    atomic.sweep_scratch(folder.parent)
    staging = Path(tempfile.mkdtemp(prefix=atomic.scratch_prefix("joining", hidden=True), dir=folder.parent))
    try:
        build(staging)
        os.replace(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder

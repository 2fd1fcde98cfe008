"""Progress bars for long stages, drawn on stderr with rich."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeRemainingColumn

from greenroom import timecode

STAGES = {"transcribing": "transcribing", "diarizing": "finding speakers", "cached": "from cache"}


@contextmanager
def capture_progress(name: str) -> Iterator[Callable[[str, int, int], None]]:
    """A callback `(stage, done_ms, total_ms)` that draws one bar for one file."""
    console = Console(stderr=True)
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
               TextColumn("{task.fields[position]}"), TimeRemainingColumn())
    label = Path(name).name
    with Progress(*columns, console=console, transient=False, disable=not console.is_terminal) as bar:
        task = bar.add_task(f"{label}: starting", total=1, position="")

        def update(stage: str, done: int, total: int) -> None:
            bar.update(task, description=f"{label}: {STAGES.get(stage, stage)}", completed=done,
                       total=max(total, 1), position=f"{timecode.clock(done)} / {timecode.clock(total)}")

        yield update

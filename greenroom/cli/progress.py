"""Progress for long stages on stderr: bars drawn with rich on a terminal, plain
lines at intervals anywhere else (a log file, CI), so a 3-hour job is never silent."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeRemainingColumn

from greenroom import timecode

STAGES = {"transcribing": "transcribing", "diarizing": "finding speakers", "cached": "from cache"}


LOG_EVERY_S = 30.0


@contextmanager
def capture_progress(name: str, *, every: float = LOG_EVERY_S,
                     clock: Callable[[], float] = time.monotonic) -> Iterator[Callable[[str, int, int], None]]:
    """A callback `(stage, done_ms, total_ms)` that draws one bar for one file on a
    terminal; elsewhere (logs, CI) it prints a plain line when a stage starts, every
    `every` seconds while it runs, and when it is done."""
    console = Console(stderr=True)
    if not console.is_terminal:
        yield _progress_lines(Path(name).name, every, clock)
        return
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
               TextColumn("{task.fields[position]}"), TimeRemainingColumn())
    label = Path(name).name
    with Progress(*columns, console=console, transient=False, disable=not console.is_terminal) as bar:
        task = bar.add_task(f"{label}: starting", total=1, position="")

        def update(stage: str, done: int, total: int) -> None:
            bar.update(task, description=f"{label}: {STAGES.get(stage, stage)}", completed=done,
                       total=max(total, 1), position=f"{timecode.clock(done)} / {timecode.clock(total)}")

        yield update


def _progress_lines(label: str, every: float, clock: Callable[[], float]) -> Callable[[str, int, int], None]:
    """`greenroom: talk.mp4: transcribing 0:05:00 / 3:00:00 (2%)` lines, at most one per
    `every` seconds within a stage."""
    last: dict[str, Any] = {"stage": None, "at": 0.0}

    def update(stage: str, done: int, total: int) -> None:
        now = clock()
        finished = total > 0 and done >= total
        if stage == last["stage"] and now - last["at"] < every and not finished:
            return
        if stage == last["stage"] and finished and last.get("finished"):
            return
        last.update(stage=stage, at=now, finished=finished)
        share = f" ({100 * done // total}%)" if total > 0 else ""
        print(f"greenroom: {label}: {STAGES.get(stage, stage)} {timecode.clock(max(done, 0))} / "
              f"{timecode.clock(max(total, 0))}{share}", file=sys.stderr, flush=True)

    return update

"""The `render` command: clips, reels, vertical cuts and audiograms from a cut list.

Importing this module registers it on `greenroom.cli.main.cli`; heavy modules are
imported inside the command so `greenroom --help` stays light.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

from greenroom.cli.flags import allow_options, store_clearances
from greenroom.cli.main import CONTEXT, cli, extra_needed, open_library, out

if TYPE_CHECKING:
    from greenroom.edit.render import Output

STYLES = ("clean", "bold", "boxed")  # greenroom.edit.captions.STYLES (not imported: --help stays light)


@cli.command("render", context_settings=CONTEXT)
@click.argument("interview_id", metavar="ID")
@click.option("--reel/--no-reel", default=True, show_default=True, help="One reel of every cut.")
@click.option("--clips", is_flag=True, help="One file per cut: clip-01-<kind>.mp4, ...")
@click.option("--vertical", is_flag=True, help="9:16 at 1080x1920, the crop following the face.")
@click.option("--captions", type=click.Choice(["burn", "sidecar", "none"]), default="burn", show_default=True,
              help="Burn captions in, write .ass + .srt beside the video, or none.")
@click.option("--style", type=click.Choice(STYLES), default="clean", show_default=True, help="Caption look.")
@click.option("--crossfade", "crossfade_ms", type=click.IntRange(0, 2000), default=150, show_default=True,
              metavar="MS", help="Audio crossfade at each reel join.")
@click.option("--bleep", type=click.Choice(["tone", "silence"]), default="tone", show_default=True,
              help="What flagged personal data sounds like in the render.")
@allow_options
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False),
              help="Folder for the files (default: the library's media folder for the interview).")
@click.pass_context
def render_cmd(ctx: click.Context, interview_id: str, reel: bool, clips: bool, vertical: bool, captions: str,
               style: str, crossfade_ms: int, bleep: str, allow: tuple[str, ...], reason: str | None,
               out_dir: str | None) -> None:
    """Render the stored cut list as video: a reel, clips, vertical or audiogram.

    Prints one line per file, its path last; the reel's line comes last. Notes (such
    as a centre crop where no face was found, and what was bleeped) go to stderr.
    Audio-only interviews become audiograms: title card, waveform and captions.
    Flagged personal data is bleeped and masked in captions; cuts holding an
    off-the-record passage are skipped (see `greenroom flags`).

    \b
    Example:
      greenroom highlights 3fa2c1d0 --budget 60s
      greenroom render 3fa2c1d0 --clips --vertical --style bold
    """
    if not (reel or clips):
        raise click.UsageError("nothing to render: drop --no-reel or add --clips")
    with extra_needed("rendering", "edit"):
        import cv2  # noqa: F401  (vertical crops need it: say so before any work)

        from greenroom.edit.render import RenderOptions, render
    library = open_library(ctx, create=False)
    interview = library.get(interview_id)
    store_clearances(library, interview, allow, reason)
    folder = out_dir or library.media_folder(interview.id)
    options = RenderOptions(reel=reel, clips=clips, vertical=vertical, captions=captions, style=style,
                            crossfade_ms=crossfade_ms, bleep=bleep)
    with render_progress() as progress:
        result = render(interview, None, folder, options, progress)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    for output in result.outputs:
        out(output_line(output))


def output_line(output: Output) -> str:
    """`clip 0:05 1080x1920 stream copy, -16 LUFS <path>` (the path last)."""
    from greenroom import timecode

    facts = [timecode.clock(output.duration_ms), "x".join(map(str, output.size))]
    if output.copied:
        facts.append("picture copied")
    if output.sidecars:
        facts.append("captions " + " ".join(p.suffix.lstrip(".") for p in output.sidecars))
    return f"{output.kind} {', '.join(facts)} {output.path}"


@contextmanager
def render_progress() -> Iterator[Callable[[str, int, int], None]]:
    """A callback `(file name, done_ms, total_ms)` drawing one rich bar per output, on stderr."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        SpinnerColumn,
        TaskID,
        TextColumn,
        TimeRemainingColumn,
    )

    console = Console(stderr=True)
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
               TextColumn("{task.percentage:>3.0f}%"), TimeRemainingColumn())
    with Progress(*columns, console=console, disable=not console.is_terminal) as bar:
        tasks: dict[str, TaskID] = {}

        def update(name: str, done: int, total: int) -> None:
            if name not in tasks:
                tasks[name] = bar.add_task(name, total=max(total, 1))
            bar.update(tasks[name], completed=done, total=max(total, 1))

        yield update

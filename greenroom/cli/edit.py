"""Commands of the edit stage: highlights, render, relink (edit lists live in `export`).

Importing this module registers its commands on `greenroom.cli.main.cli`; heavy
modules are imported inside the commands so `greenroom --help` stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from greenroom.cli.main import CONTEXT, cli, emit_json, open_library, out
from greenroom.model import MOMENT_KINDS

if TYPE_CHECKING:
    from greenroom.model import Highlights


def _budget(ctx: click.Context, param: click.Parameter, value: str) -> int:
    from greenroom import timecode

    try:
        ms = timecode.parse_duration(value)
    except ValueError:
        raise click.BadParameter(f"{value!r}: expected a length such as 90s, 1:30, 2m or 90") from None
    if ms <= 0:
        raise click.BadParameter(f"{value!r}: the budget must be longer than 0 s")
    return ms


def _kinds(ctx: click.Context, param: click.Parameter, value: str | None) -> list[str] | None:
    if value is None:
        return None
    kinds = [k.strip().lower() for k in value.split(",") if k.strip()]
    unknown = [k for k in kinds if k not in MOMENT_KINDS]
    if unknown or not kinds:
        raise click.BadParameter(f"unknown kind {', '.join(unknown) or repr(value)} "
                                 f"(choose from {', '.join(MOMENT_KINDS)})")
    return kinds


@cli.command("highlights", context_settings=CONTEXT)
@click.argument("interview_id")
@click.option("--budget", required=True, callback=_budget, metavar="LENGTH",
              help="Length of the reel: 90s, 1:30, 2m or 90 (seconds); held within 1 s.")
@click.option("--kinds", callback=_kinds, metavar="KIND,...",
              help=f"Only moments of these kinds: {', '.join(MOMENT_KINDS)}.")
@click.option("--with-question/--no-question", default=True, show_default=True,
              help="Open each answer with the interviewer's question where it fits.")
@click.option("--order", type=click.Choice(["story", "time"]), default="story", show_default=True,
              help="story: strong opener, stories in the middle, strong close; time: as recorded.")
@click.option("--json", "as_json", is_flag=True, help="Print the cut list as JSON.")
@click.pass_context
def highlights_cmd(ctx: click.Context, interview_id: str, budget: int, kinds: list[str] | None,
                   with_question: bool, order: str, as_json: bool) -> None:
    """Choose a highlight reel that fills a time budget, store it, and show it.

    Cuts fall between words and sentences, never inside a passage flagged to
    cut (off the record); each says why it was chosen. Export it with
    `greenroom export ID --to edl`.

    \b
    Example:
      greenroom highlights 3fa2c1d0 --budget 90s
      greenroom highlights 3fa2c1d0 --budget 1:00 --kinds anecdote,humor --no-question
    """
    from greenroom.edit.select import choose

    library = open_library(ctx, create=False)
    interview = library.get(interview_id)
    interview.highlights = choose(interview, budget, kinds=kinds, with_question=with_question, order=order)
    library.update(interview)
    if as_json:
        total = sum(c.end - c.start for c in interview.highlights.cuts)
        emit_json({"id": interview.id, "total_ms": total, **interview.highlights.to_dict()})
    else:
        _cut_table(interview.title or interview.id, interview.highlights)


def _cut_table(title: str, highlights: Highlights) -> None:
    from rich.markup import escape
    from rich.table import Table

    from greenroom import timecode
    from greenroom.cli.render import console, shorten

    table = Table(title=f"Highlights of {escape(title)}", title_justify="left")
    for column in ("#", "in–out", "length", "kind", "score", "text", "why"):
        table.add_column(column, overflow="fold")
    for n, cut in enumerate(highlights.cuts, 1):
        text = shorten(cut.text, 90)  # at a word: "sitting on a be…" read as a typo
        table.add_row(str(n), f"{timecode.vtt(cut.start)}–{timecode.vtt(cut.end)}",
                      f"{(cut.end - cut.start) / 1000:.1f} s", cut.kind, f"{cut.score:.2f}",
                      escape(text), escape(cut.reason))
    screen = console()
    screen.print(table)
    for note in highlights.notes:
        screen.print(f"note: {escape(note)}")
    total = sum(c.end - c.start for c in highlights.cuts)
    screen.print(f"total {total / 1000:.1f} s of a {highlights.budget / 1000:.1f} s budget "
                 f"({len(highlights.cuts)} cuts, {highlights.order} order)")


@cli.command("relink", context_settings=CONTEXT)
@click.argument("interview_id")
@click.argument("new_path", type=click.Path())
@click.pass_context
def relink_cmd(ctx: click.Context, interview_id: str, new_path: str) -> None:
    """Point an interview at its media file after the file moved.

    The file must be the same media: its sha256 is checked against the one
    recorded when it was transcribed (or, when none was, its length).

    \b
    Example:
      greenroom relink 3fa2c1d0 /Volumes/archive/junket.mp4
    """
    from greenroom.edit.relink import relink

    library = open_library(ctx, create=False)
    interview = library.get(interview_id)
    done = relink(interview, new_path)
    library.update(interview)
    if done.note:
        out(f"note: {done.note}")
    out(f"relinked {interview.id} ({done.checked} matches) {done.path}")

"""The `flags` command and the `--allow` option every publishing command takes.

What may leave the library is decided by `greenroom.policy`; a person overrides it
only deliberately: by flag id, with a reason, recorded in the library with who and
when (the report lists every clearance). Importing this module registers `flags`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from greenroom.cli.main import CONTEXT, cli, emit_json, open_library, out

if TYPE_CHECKING:
    from greenroom.library import Library
    from greenroom.model import Interview
    from greenroom.policy import Release

F = TypeVar("F", bound=Callable[..., Any])


def allow_options(command: F) -> F:
    """`--allow FLAG --reason TEXT`: publish a flagged passage, recorded as a clearance."""
    command = click.option("--reason", metavar="TEXT",
                           help="Why the --allow'ed flags may be published (stored with who and when).")(command)
    return click.option("--allow", "allow", multiple=True, metavar="FLAG_ID",
                        help="Publish this flagged passage anyway (needs --reason; see `greenroom flags ID`).")(command)


def store_clearances(library: Library, interview: Interview, allow: tuple[str, ...], reason: str | None) -> None:
    """Record `--allow`ed flags as clearances in the library before publishing."""
    from greenroom import policy
    from greenroom.errors import InputError

    if not allow:
        return
    if not reason:
        raise InputError(interview.id, "--allow needs --reason \"...\": a cleared flag is recorded with why")
    for flag_id in allow:
        policy.clear(interview, flag_id, reason)
    library.update(interview)


def released(library: Library, interview: Interview, allow: tuple[str, ...] = (),
             reason: str | None = None) -> Release:
    """The interview as it may be published, after recording any `--allow`."""
    from greenroom import policy

    store_clearances(library, interview, allow, reason)
    return policy.release(interview)


def say_notes(release: Release, spans: list[tuple[int, int]] | None = None) -> None:
    """What the policy did, on stderr (stdout keeps one line per file written)."""
    for note in release.notes(spans):
        click.echo(f"note: {note}", err=True)


@cli.command("flags", context_settings=CONTEXT)
@click.argument("interview_id", metavar="ID")
@click.option("--clear", "clear_id", metavar="FLAG_ID", help="Clear a flag for publication (needs --reason).")
@click.option("--reason", metavar="TEXT", help="Why the flag may be published.")
@click.option("--restore", "restore_id", metavar="FLAG_ID", help="Take a clearance back: the flag applies again.")
@click.option("--json", "as_json", is_flag=True, help="Print flags and clearances as JSON.")
@click.pass_context
def flags_cmd(ctx: click.Context, interview_id: str, clear_id: str | None, reason: str | None,
              restore_id: str | None, as_json: bool) -> None:
    """List an interview's privacy flags and what publishing does with each; clear one.

    cut: never published. bleep: masked in text, bleeped in sound. review: published,
    listed. A clearance is stored with who (GREENROOM_USER or the login name), when
    and why, and lapses if a re-analysis changes the flag.

    \b
    Example:
      greenroom flags 3fa2c1d0
      greenroom flags 3fa2c1d0 --clear f-pii-2 --reason "the venue's public box office number"
    """
    from greenroom import policy, timecode

    library = open_library(ctx, create=False)
    interview = library.get(interview_id)
    if clear_id:
        done = policy.clear(interview, clear_id, reason or "")
        library.update(interview)
        out(f"cleared {done.flag} by {done.by} at {done.at}: {done.reason}")
    if restore_id:
        policy.unclear(interview, restore_id)
        library.update(interview)
        out(f"restored {restore_id}: it applies again")
    if clear_id or restore_id:
        return
    cleared = policy.cleared_ids(interview)
    if as_json:
        emit_json({"flags": [dict(f.to_dict(), cleared=f.id in cleared) for f in interview.flags],
                   "clearances": [c.to_dict() for c in interview.clearances]})
        return
    if not interview.flags:
        out("no flags (run `greenroom analyze` first)")
    for flag in sorted(interview.flags, key=lambda f: (f.start, f.id)):
        action = "cleared" if flag.id in cleared else flag.action
        out(f"{flag.id}\t{timecode.clock(flag.start)}\t{action}\t{flag.label}")
    for c in interview.clearances:
        state = "" if c.flag in cleared else " (lapsed: the flag changed)"
        out(f"clearance {c.flag} by {c.by} at {c.at}: {c.reason}{state}")

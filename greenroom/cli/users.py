"""The `users` and `embargo` commands: who may use the studio, and what viewers
may not see yet. Importing this module registers them. Each change is written to
the library's audit log as the system user (GREENROOM_USER or the login name)."""

from __future__ import annotations

import sys

import click

from greenroom.cli.main import CONTEXT, cli, emit_json, open_library, out


def _me() -> str:
    import getpass
    import os

    return os.environ.get("GREENROOM_USER") or getpass.getuser()


def _password(password_file: str | None) -> str:
    """From a file's first line ('-' is stdin), else asked twice without echo."""
    from greenroom.errors import InputError

    if password_file is None:
        return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))
    try:
        if password_file == "-":
            text = sys.stdin.read()
        else:
            with open(password_file, encoding="utf-8") as handle:
                text = handle.read()
    except OSError as err:
        raise InputError.from_os(password_file, err) from None
    lines = text.splitlines()
    return lines[0] if lines else ""


@cli.group("users", context_settings=CONTEXT)
def users_group() -> None:
    """Accounts for the web studio: admin (everything), editor (correct, clear
    flags, embargo), viewer (read only).

    \b
    Example:
      greenroom users add ana --role admin
      greenroom users add sam --role viewer --password-file sam.txt
    """


@users_group.command("add", context_settings=CONTEXT)
@click.argument("name")
@click.option("--role", type=click.Choice(["admin", "editor", "viewer"]), required=True, help="What the account may do.")
@click.option("--password-file", type=click.Path(dir_okay=False, allow_dash=True),
              help="Read the password from this file's first line ('-': stdin) instead of asking.")
@click.option("--replace", is_flag=True, help="Change an existing account's role and password.")
@click.pass_context
def users_add_cmd(ctx: click.Context, name: str, role: str, password_file: str | None, replace: bool) -> None:
    """Add an account (the password is stored as a salted scrypt hash only)."""
    from greenroom.library import access

    library = open_library(ctx)
    password = _password(password_file)
    done = access.add_user(library, name, role, password, replace=replace)
    access.record(library, _me(), "add-user", None, f"{done.name} as {done.role}")
    out(f"{'set' if replace else 'added'} {done.name} ({done.role})")


@users_group.command("list", context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="Print the accounts as JSON.")
@click.pass_context
def users_list_cmd(ctx: click.Context, as_json: bool) -> None:
    """List the accounts and their roles."""
    from greenroom.library import access

    found = access.users(open_library(ctx, create=False))
    if as_json:
        emit_json([u.__dict__ for u in found])
        return
    if not found:
        out("no accounts: the studio runs open on 127.0.0.1 only")
    for u in found:
        out(f"{u.name}\t{u.role}\t{u.added}")


@users_group.command("remove", context_settings=CONTEXT)
@click.argument("name")
@click.pass_context
def users_remove_cmd(ctx: click.Context, name: str) -> None:
    """Remove an account (its sessions end at their next request)."""
    from greenroom.library import access

    library = open_library(ctx, create=False)
    access.remove_user(library, name)
    access.record(library, _me(), "remove-user", None, name)
    out(f"removed {name}")


@cli.command("embargo", context_settings=CONTEXT)
@click.argument("interview_id", metavar="ID")
@click.option("--until", metavar="YYYY-MM-DD", help="Hide it from viewers until this day (UTC).")
@click.option("--lift", is_flag=True, help="Lift the embargo now.")
@click.pass_context
def embargo_cmd(ctx: click.Context, interview_id: str, until: str | None, lift: bool) -> None:
    """Show, set or lift an interview's embargo: until then only editors and admins
    see it in the studio (viewers get no page, JSON, search hit or media).

    \b
    Example:
      greenroom embargo 3fa2c1d0 --until 2027-03-14
    """
    from greenroom.errors import InputError
    from greenroom.library import access

    library = open_library(ctx, create=False)
    if until and lift:
        raise InputError("embargo", "give --until or --lift, not both")
    if not until and not lift:
        iid = library._resolve(interview_id)
        running = access.embargo_of(library, iid)
        out(f"{iid}\tembargoed until {running}" if running else f"{iid}\tno embargo")
        return
    day = access.parse_day(until) if until else None
    iid = access.set_embargo(library, interview_id, day)
    access.record(library, _me(), "embargo", iid, f"until {day}" if day else "lifted")
    out(f"{iid}\tembargoed until {day}" if day else f"{iid}\tembargo lifted")

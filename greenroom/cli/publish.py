"""Commands of the publish stage: card, quote, guide, site and social.

Importing this module registers its commands on `greenroom.cli.main.cli`; heavy
modules are imported inside the commands so `greenroom --help` stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from greenroom.cli.flags import allow_options, released, say_notes
from greenroom.cli.main import CONTEXT, cli, emit_json, extra_needed, open_library, out

if TYPE_CHECKING:
    from greenroom.library import Library
    from greenroom.publish.guide import Listed


def _pairs(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[tuple[str, str]]:
    pairs = []
    for value in values:
        key, sep, rest = value.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{value!r}: expected FIELD=TEXT, e.g. impact=\"...\"")
        pairs.append((key.strip(), rest))
    return pairs


def _shelf(library: Library) -> list[Listed]:
    """Every interview as it may be published (the privacy policy's release), with the
    time it was added, newest first: guides and the site never see a flagged word."""
    from greenroom.policy import release
    from greenroom.publish.guide import Listed

    return [Listed(release(library.get(s.id)).interview, s.added) for s in library.list()]


ASKED_CHARS = 160


def asked_line(question: str) -> str:
    """The question sentences only, cut at a word: the host's 150-word preamble was
    printed whole after each pull quote."""
    from greenroom.analyze.turns import asking_part
    from greenroom.cli.render import shorten

    return shorten(" ".join(asking_part(question)) or question, ASKED_CHARS)


def _show_card(data: dict[str, Any]) -> None:
    hand = f" ({', '.join(data['edited_fields'])})" if 0 < len(data["edited_fields"]) < 4 else ""
    state = f"edited by hand{hand}" if data["edited"] else "draft" if data["drafted"] else "no card yet"
    out(f"{data['title'] or data['id']} ({data['id']}): {state}")
    out("What you'll learn:")
    for item in data["learn"] or ["(nothing yet)"]:
        out(f"  - {item}")
    out(f"Impact: {data['impact']}")
    out(f"Angle: {data['angle']}")
    out("Pull quotes:")
    for number, q in enumerate(data["quotes"], start=1):
        asked = f" (asked: {asked_line(q['question'])})" if q["question"] else ""
        out(f"  {number}. “{q['text']}” — {q['speaker_name'] or q['speaker'] or '?'}, {q['clock']}{asked}")
        if not q["ok"]:
            out(f"     refused now: {'; '.join(q['reasons'])}")


@cli.command("card", context_settings=CONTEXT)
@click.argument("interview_id")
@click.option("--set", "pairs", multiple=True, callback=_pairs, metavar="FIELD=TEXT",
              help="Change a field: learn, impact, angle, quote (learn and quote repeat to make a list).")
@click.option("--from-file", "from_file", type=click.Path(dir_okay=False), metavar="FILE",
              help="Take the card from a YAML (or .json) file with learn, impact, angle, quotes.")
@click.option("--edit", "in_editor", is_flag=True, help="Edit the card as YAML in $EDITOR.")
@click.option("--json", "as_json", is_flag=True, help="Print the card as JSON.")
@click.pass_context
def card_cmd(ctx: click.Context, interview_id: str, pairs: list[tuple[str, str]], from_file: str | None,
             in_editor: bool, as_json: bool) -> None:
    """Show an interview's card, or edit it; a field you edit survives re-analysis,
    and the fields you leave alone are drafted again by it.

    Quotes typed by hand must be verbatim and keep their meaning (see
    `greenroom quote`); a refused quote leaves the card unchanged.

    \b
    Example:
      greenroom card 3fa2c1d0
      greenroom card 3fa2c1d0 --set angle="A craft story" --set quote="The secret of that scene is that the fear is real."
      greenroom card 3fa2c1d0 --from-file card.yaml
    """
    from greenroom.publish import cards

    if sum(map(bool, (pairs, from_file, in_editor))) > 1:
        raise click.UsageError("use one of --set, --from-file and --edit")
    library = open_library(ctx, create=False)
    interview = library.get(interview_id)
    edit = None
    if pairs:
        edit = cards.edit_from_pairs(pairs)
    elif from_file:
        with extra_needed("reading a card file", "publish"):
            edit = cards.read_edit(from_file)
    elif in_editor:
        with extra_needed("editing the card", "publish"):
            text = click.edit(cards.card_text(interview.card), extension=".yaml")
            edit = cards.parse_card_text(text, "edited card") if text is not None else None
        if edit is None:
            out("card unchanged")
    if edit is not None:
        cards.apply_edit(interview, edit)
        library.update(interview)
    data = cards.card_data(released(library, interview).interview)
    if as_json:
        emit_json(data)
    else:
        _show_card(data)


@cli.command("quote", context_settings=CONTEXT)
@click.argument("interview_id")
@click.argument("text", required=False)
@click.option("-n", "count", default=3, show_default=True, type=click.IntRange(1, 20),
              help="Without TEXT: how many pull quotes to pick.")
@click.option("--json", "as_json", is_flag=True, help="Print the verdicts as JSON.")
@click.pass_context
def quote_cmd(ctx: click.Context, interview_id: str, text: str | None, count: int, as_json: bool) -> None:
    """Check a quote against the transcript, or pick the best pull quotes.

    A quote passes when it is verbatim (case, punctuation and quote marks aside)
    within one speaker's consecutive utterances, and cutting it out keeps its
    meaning: not half of a "not ... but", not taken back by what follows, not
    opening on "That's why" or "He", not someone else's words or a joke met with
    laughter, not inside a flagged passage. A refused quote exits 1 with the reasons.

    \b
    Example:
      greenroom quote 3fa2c1d0 "the fear is real"
      greenroom quote 3fa2c1d0 -n 5 --json
    """
    from greenroom import timecode
    from greenroom.errors import InputError
    from greenroom.publish.quotes import check_quote, pull_quotes

    library = open_library(ctx, create=False)
    stored = library.get(interview_id)
    shown = released(library, stored)
    interview = shown.interview  # pull quotes are picked from what may be published
    checks = [check_quote(stored, text)] if text is not None else pull_quotes(interview, count)
    if text is not None and checks[0].ok and shown.scrub(text) != text:
        raise InputError(interview.id, "quote refused: it holds words flagged as private (see `greenroom flags`)")
    if as_json:
        emit_json([c.to_dict() for c in checks])
    for check in [] if as_json else checks:
        q = check.quote
        where = f"{timecode.clock(q.start)}–{timecode.clock(q.end)} {interview.speaker_name(q.speaker)}" if q else ""
        out(f"{'ok' if check.ok else 'refused'}\t{where}\t“{q.text if q else text}”")
        if check.question:
            out(f"\tanswering: {check.question}")
    if text is not None and not checks[0].ok:
        raise InputError(interview.id, f"quote refused: {'; '.join(checks[0].reasons)}")


@cli.command("guide", context_settings=CONTEXT)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="guide.md or guide.html (written atomically).")
@click.option("--theme", metavar="THEME", help="Only one theme: personal, process (creative process) or career.")
@click.option("--year", type=click.IntRange(1800, 2999), help="Only interviews recorded (else published, else "
              "added) that year.")
@click.option("--guest", metavar="NAME", help="Only interviews with this guest (part of the name).")
@click.option("--title", default="Behind the scenes: a guide", show_default=True, help="The guide's title.")
@click.option("--base", default="interviews/", show_default=True, metavar="PREFIX",
              help="Where the interview pages are, as `greenroom site` lays them out.")
@click.pass_context
def guide_cmd(ctx: click.Context, output: str, theme: str | None, year: int | None, guest: str | None,
              title: str, base: str) -> None:
    """Write a curated guide across the library: themes, cards, timestamps, an FAQ.

    Timestamp links point at `<base><id>.html#t-<ms>`, the transcript lines of
    the pages `greenroom site` writes: put the guide in the site's folder, or
    pass --base with where the site lives.

    \b
    Example:
      greenroom guide -o guide.md
      greenroom guide --theme "creative process" --year 2025 -o process.html
    """
    from greenroom import atomic
    from greenroom.publish.guide import GuideOptions, build_guide, format_of, render

    fmt = format_of(output)
    library = open_library(ctx, create=False)
    guide = build_guide(_shelf(library), GuideOptions(theme, year, guest, title), str(library.path))
    out(f"wrote {atomic.write_text(output, render(guide, fmt, base))}")


@cli.command("site", context_settings=CONTEXT)
@click.option("-o", "--output", "folder", required=True, type=click.Path(file_okay=False),
              help="Folder for the site: new, empty, or a site greenroom made (replaced as a whole).")
@click.option("--url", default="", metavar="URL", help="Where the site will live, for absolute links in the feeds.")
@click.option("--title", default="Behind the scenes", show_default=True, help="The site's title.")
@click.pass_context
def site_cmd(ctx: click.Context, folder: str, url: str, title: str) -> None:
    """Write a static HTML site of the whole library, with guide and feeds.

    An index, a page per interview (card, chapters, moments, transcript with a
    `#t-<ms>` anchor per line), the guide, feed.xml (RSS 2.0) and feed.json
    (JSON Feed 1.1). No network, no JavaScript. Passages flagged cut or bleep are
    withheld. The site is built beside the folder and swapped in whole.

    \b
    Example:
      greenroom site -o public --url https://example.org/interviews/
    """
    from greenroom.publish.site import SiteOptions, build_site

    library = open_library(ctx, create=False)
    written = build_site(_shelf(library), folder, SiteOptions(url=url, title=title), str(library.path))
    out(f"{len(written)} files, index {written[0].parent / 'index.html'}")


@cli.command("social", context_settings=CONTEXT)
@click.argument("interview_id")
@click.option("-o", "--output", "folder", type=click.Path(file_okay=False),
              help="Folder for the kit (default: the interview's media folder, social/).")
@allow_options
@click.pass_context
def social_cmd(ctx: click.Context, interview_id: str, folder: str | None, allow: tuple[str, ...],
               reason: str | None) -> None:
    """Draft social posts and quote cards (1080×1080, 1080×1920) for each moment.

    Each post quotes a line that passes the quote check, with the guest, the
    project, the time and hashtags. Prints one line per file written, the path
    as its last word; skipped moments and why go to stderr.

    \b
    Example:
      greenroom social 3fa2c1d0 -o kit
    """
    from pathlib import Path

    library = open_library(ctx, create=False)
    shown = released(library, library.get(interview_id), allow, reason)
    interview = shown.interview
    with extra_needed("quote cards", "publish"):
        from greenroom.publish.social import make_kit

        kit = make_kit(interview, Path(folder) if folder else library.media_folder(interview.id) / "social")
    say_notes(shown)
    for skipped in kit.skipped:
        click.echo(f"skipped {skipped.moment} ({skipped.kind}): {skipped.reason}", err=True)
    for path in kit.files:
        out(f"wrote {path}")

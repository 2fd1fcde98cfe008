"""`greenroom correct` (a line's words, timing kept; `--undo`) and `greenroom clip` (one
clip of a span), the same library operations the web studio runs. Importing this
module registers them; heavy modules load only when a command runs."""

from __future__ import annotations

import click

from greenroom.cli.main import (
    CONTEXT,
    _milliseconds,
    cli,
    emit_json,
    extra_needed,
    open_library,
    out,
)


def _who() -> str:
    """Who is correcting: GREENROOM_USER or the login name (as clearances record)."""
    import getpass
    import os

    return os.environ.get("GREENROOM_USER") or getpass.getuser()


@cli.command("correct", context_settings=CONTEXT)
@click.argument("interview_id", metavar="ID")
@click.argument("utterance_id", metavar="LINE", required=False)
@click.argument("text", required=False)
@click.option("--undo", is_flag=True, help="Put back the interview's last correction instead.")
@click.option("--history", "show_history", is_flag=True, help="List the interview's corrections, newest first.")
@click.option("--from-audio", is_flag=True,
              help="Then time the line from what the speech model hears in the media (the capture extra).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_context
def correct_cmd(ctx: click.Context, interview_id: str, utterance_id: str | None, text: str | None, undo: bool,
                show_history: bool, from_audio: bool, as_json: bool) -> None:
    """Correct what line LINE says; words kept keep their times, new ones are timed
    within the words they replace (with --from-audio, from what is heard in the
    media). Undo it with --undo (the studio's Undo too).

    \b
    Example:
      greenroom correct 3fa2c1d0 u8 "Honestly, I was petrified for the first two weeks."
      greenroom correct 3fa2c1d0 u8 "..." --from-audio
      greenroom correct 3fa2c1d0 --undo
    """
    from greenroom.library import access, corrections

    if sum([undo, show_history, text is not None]) != 1 or (text is not None and not utterance_id):
        raise click.UsageError("give LINE and TEXT, or --undo, or --history")
    library = open_library(ctx, create=False)
    if show_history:
        found = corrections.history(library, interview_id)
        if as_json:
            emit_json([c.__dict__ for c in found])
        for c in [] if as_json else found:
            out(f"{c.at} {c.user} {c.utterance_id}{' (undone)' if c.undone else ''}: "
                f"{corrections.summary(c.old_text, c.new_text)}")
        return
    if undo:
        done = corrections.undo(library, interview_id, _who())
        undone = corrections.summary(done.new_text, done.old_text)
        access.record(library, done.user, "undo-correction", done.interview_id, f"{done.utterance_id}: {undone}")
        line = f"undid the correction of {done.utterance_id}: {undone}"
    else:
        assert utterance_id is not None and text is not None
        made = corrections.correct(library, interview_id, utterance_id, text, _who())
        if made is None:
            line = f"{utterance_id} already says that: nothing changed"
        else:
            changed = corrections.summary(made.old_text, made.new_text)
            access.record(library, made.user, "correct", made.interview_id, f"{utterance_id}: {changed}")
            line = f"corrected {utterance_id}: {changed}"
        if from_audio and corrections.retime_from_audio(library, interview_id, utterance_id):
            line += "; timed from the audio"
    if as_json:
        emit_json({"message": line})
    else:
        out(line)


@cli.command("clip", context_settings=CONTEXT)
@click.argument("interview_id", metavar="ID")
@click.option("--from", "start", required=True, callback=_milliseconds, metavar="TIME",
              help="Where the clip starts (1:02, 1:02.5, 62.5): at the first word said after it.")
@click.option("--to", "end", required=True, callback=_milliseconds, metavar="TIME",
              help="Where it ends: after the last word begun before it.")
@click.option("--vertical", is_flag=True, help="9:16 at 1080x1920, the crop following the face.")
@click.option("--with-question", is_flag=True, help="Open with the question the first line answers.")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False),
              help="Folder for the clip (default: the library's media folder for the interview).")
@click.pass_context
def clip_cmd(ctx: click.Context, interview_id: str, start: int, end: int, vertical: bool, with_question: bool,
             out_dir: str | None) -> None:
    """Render one clip of the words said between --from and --to, as the studio's
    Make clip does: captions burned in, flagged data bleeped, and refused when it
    holds an off-the-record passage. Prints the clip's path; notes go to stderr.

    \b
    Example:
      greenroom clip 3fa2c1d0 --from 1:02 --to 1:24 --with-question --vertical
    """
    from greenroom.cli.reel import render_progress

    with extra_needed("rendering", "edit"):
        import cv2  # noqa: F401  (vertical crops need it: say so before any work)

        from greenroom.library import clips
    library = open_library(ctx, create=False)
    iid = library.get(interview_id).id
    folder = out_dir or library.media_folder(iid) / "clips" / f"{start}-{end}ms"
    params = {"start": start, "end": end, "vertical": vertical, "question": with_question}
    with render_progress() as progress:
        path, notes = clips.make_clip(library, iid, params, folder,
                                      lambda fraction: progress("clip", round(fraction * 1000), 1000))
    for note in notes:
        click.echo(f"note: {note}", err=True)
    out(path)

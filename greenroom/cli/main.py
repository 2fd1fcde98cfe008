"""The `greenroom` command: parse, call one library function, render.

Errors the library raises on purpose become one line on stderr,
`greenroom: error: <file>[:<line>]: <what is wrong>`, and exit code 1; usage
errors exit 2; `--debug` (or GREENROOM_DEBUG=1) shows the traceback instead.
Heavy modules are imported inside commands so `greenroom --help` stays light.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NoReturn

import click

from greenroom import __version__
from greenroom.cli.judge import judge_options
from greenroom.errors import GreenroomError, MissingExtra

if TYPE_CHECKING:
    from greenroom.library import Library

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Failed(Exception):
    """Raised by a command that already printed its errors and must exit 1."""


def _debug_wanted(ctx: click.Context | None = None) -> bool:
    ctx = ctx or click.get_current_context(silent=True)
    root = ctx.find_root() if ctx else None
    flagged = bool(root and root.params.get("debug"))
    return flagged or "--debug" in sys.argv or os.environ.get("GREENROOM_DEBUG") == "1"


def fail(message: str) -> NoReturn:
    click.echo(f"greenroom: error: {message}", err=True)
    raise SystemExit(1)


class Group(click.Group):
    """Turns typed greenroom errors into one line and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GreenroomError as err:
            if _debug_wanted(ctx):
                raise
            fail(str(err))
        except Failed:
            raise SystemExit(1) from None
        except KeyboardInterrupt:
            click.echo("greenroom: interrupted", err=True)
            raise SystemExit(130) from None
        except BrokenPipeError:
            sys.stderr.close()
            raise SystemExit(0) from None


@click.group(cls=Group, context_settings=CONTEXT)
@click.option("--library", "library_path", type=click.Path(dir_okay=False), envvar="GREENROOM_LIBRARY",
              help="Library file (default: $GREENROOM_LIBRARY or ~/.local/share/greenroom/library.db).")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.version_option(__version__, prog_name="greenroom")
@click.pass_context
def cli(ctx: click.Context, library_path: str | None, debug: bool) -> None:
    """greenroom: an offline studio for behind-the-scenes interviews.

    \b
    Example:
      greenroom import interview.srt --guest "Tom Hale" --interviewer "Dana Reyes"
      greenroom search "first time you read the script"
    """
    ctx.obj = {"library": library_path}


def open_library(ctx: click.Context, *, create: bool = True) -> Library:
    from greenroom.library import Library, default_path

    path = ctx.obj.get("library") or default_path()
    library = Library(path, create=create)
    ctx.call_on_close(library.close)
    return library


def out(text: str = "") -> None:
    """A line on stdout, never wrapped (scripts read the last word of it)."""
    click.echo(text)


@contextmanager
def extra_needed(feature: str, extra: str) -> Iterator[None]:
    """Turn a missing optional package into the one-line "pip install greenroom[extra]" error."""
    try:
        yield
    except ImportError as err:
        if _debug_wanted():
            raise
        raise MissingExtra(f"{feature} ({err.name or 'a package'} is missing)", extra) from None


def each_file(names: tuple[str, ...], handle: Callable[[str], str]) -> None:
    """Run `handle` per file, printing its line; a failing file prints one error
    line and the others still run; exit 1 at the end if any failed. An unexpected
    exception (a bug) fails its file the same way, naming the file, rather than
    stopping the files after it; `--debug` shows its traceback."""
    failed = 0
    for name in names:
        try:
            line = handle(name)
        except Exception as err:
            if _debug_wanted():
                raise
            problem = str(err) if isinstance(err, GreenroomError) else (
                f"{name}: unexpected {type(err).__name__} reading it (a greenroom bug; --debug shows where)")
            click.echo(f"greenroom: error: {problem}", err=True)
            failed += 1
            continue
        out(line)
    if failed:
        raise Failed()


def write_output(output: str, data: str | bytes) -> None:
    """Write a command's result to `-o output` atomically and say so; `-o -` is stdout.

    Only regular files (or links to them) are written: see `greenroom.atomic`."""
    from greenroom import atomic

    if output == "-":
        if isinstance(data, str):
            click.echo(data, nl=False)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        return
    written = atomic.write_bytes(output, data.encode("utf-8") if isinstance(data, str) else data)
    out(f"wrote {written}")


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@cli.command("import", context_settings=CONTEXT)
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--title", help="Title of the interview (default: from the file).")
@click.option("--guest", "guests", multiple=True, metavar="NAME", help="The guest; repeat for several.")
@click.option("--interviewer", "interviewers", multiple=True, metavar="NAME", help="The interviewer.")
@click.option("--project", help="The film, show or album the interview is about.")
@click.option("--format", "fmt", metavar="F", help="Skip sniffing: srt, vtt, youtube, json3, whisper, "
              "podcast-json, podcast-html, md, text, json.")
@click.option("--replace", is_flag=True, help="Overwrite an interview already imported from the same file.")
@click.pass_context
def import_cmd(ctx: click.Context, files: tuple[str, ...], title: str | None, guests: tuple[str, ...],
               interviewers: tuple[str, ...], project: str | None, fmt: str | None, replace: bool) -> None:
    """Import transcripts and captions; print one line per file ending in its id.

    \b
    Example:
      greenroom import talk.srt notes.vtt --guest "Tom Hale"
      greenroom import episode.json --format whisper --title "Low Tide junket"
    """
    from greenroom.capture import ImportOptions, import_file
    from greenroom.cli.render import import_line

    if fmt:
        from greenroom import formats
        formats.module(fmt)
    library = open_library(ctx)
    options = ImportOptions(fmt, title, list(guests), list(interviewers), project, replace)
    each_file(files, lambda name: import_line(name, *import_file(library, name, options)))


@cli.command("list", context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_context
def list_cmd(ctx: click.Context, as_json: bool) -> None:
    """List the interviews in the library, newest first.

    \b
    Example:
      greenroom list --json | jq '.[].id'
    """
    from dataclasses import asdict

    from greenroom.cli.render import summaries_table

    summaries = open_library(ctx).list()
    if as_json:
        emit_json([asdict(s) for s in summaries])
    else:
        summaries_table(summaries)


@cli.command("show", context_settings=CONTEXT)
@click.argument("interview_id")
@click.option("--json", "as_json", is_flag=True, help="Print the native JSON instead.")
@click.pass_context
def show_cmd(ctx: click.Context, interview_id: str, as_json: bool) -> None:
    """Show an interview's transcript with speakers and times.

    \b
    Example:
      greenroom show 3fa2c1d0
    """
    from greenroom.cli.render import transcript

    interview = open_library(ctx, create=False).get(interview_id)
    if as_json:
        emit_json(interview.to_dict())
    else:
        transcript(interview)


@cli.command("delete", context_settings=CONTEXT)
@click.argument("interview_id")
@click.pass_context
def delete_cmd(ctx: click.Context, interview_id: str) -> None:
    """Delete an interview (and everything analysis added to it).

    \b
    Example:
      greenroom delete 3fa2c1d0
    """
    deleted = open_library(ctx, create=False).delete(interview_id)
    out(f"deleted {deleted}")


@cli.command("export", context_settings=CONTEXT)
@click.argument("interview_id")
@click.option("--to", "fmt", required=True,
              type=click.Choice(["json", "srt", "vtt", "md", "txt", "rttm", "edl", "fcpxml", "otio", "clips-srt",
                                 "clips-vtt"]),
              help="Output format; json is the native form with every layer, unmasked (a backup, not for an "
                   "audience). rttm is who spoke when (the captured speaker timeline). edl, fcpxml and otio are the stored cut list as an edit list; clips-srt and "
                   "clips-vtt are captions per cut. All but json obey the privacy flags (see `greenroom flags`).")
@click.option("-o", "--output", type=click.Path(),
              help="Write here (atomically; a regular file, '-' for stdout) instead of stdout; for clips-* a folder "
                   "(default: the interview's media folder beside the library).")
@click.option("--marks", is_flag=True,
              help="Captions (srt, vtt, clips-*) keep every mark for editors: pauses, music and other "
                   "marks as cues of their own, at their exact times. Without it captions are publishable.")
@click.pass_context
def export_cmd(ctx: click.Context, interview_id: str, fmt: str, output: str | None, marks: bool) -> None:
    """Export an interview as JSON, SRT, WebVTT, Markdown or plain text, or its
    highlights (see `greenroom highlights`) as an edit list or captions per clip.

    Edit lists reference the original media at its frame rate (25 fps for audio).

    \b
    Example:
      greenroom export 3fa2c1d0 --to vtt -o interview.vtt
      greenroom export 3fa2c1d0 --to fcpxml -o reel.fcpxml
      greenroom export 3fa2c1d0 --to clips-srt -o captions/
    """
    from pathlib import Path

    from greenroom import atomic, formats

    if marks and fmt not in ("srt", "vtt", "clips-srt", "clips-vtt"):
        raise click.UsageError(f"--marks is for captions (srt, vtt, clips-srt, clips-vtt), not {fmt}")
    library = open_library(ctx, create=False)
    interview = library.get(interview_id)
    if fmt != "json":  # json is the library's own full form (a backup, a move): everything else may be seen
        from greenroom import policy

        interview = policy.release(interview).interview
    if fmt.startswith("clips-"):
        from greenroom.edit.editlists import CLIP_CAPTIONS, clip_captions

        folder = Path(output) if output else library.media_folder(interview.id)
        for name, text in clip_captions(interview, CLIP_CAPTIONS[fmt], marks=marks):
            out(f"wrote {atomic.write_text(atomic.inside(folder, name), text)}")
        return
    if fmt in ("edl", "fcpxml", "otio"):
        from greenroom.edit.editlists import edit_list

        text = edit_list(interview, fmt)
    else:
        text = formats.dump(interview, fmt, marks=marks)
    write_output(output or "-", text)


@cli.command("search", context_settings=CONTEXT)
@click.argument("query")
@click.option("--guest", metavar="NAME", help="Only interviews with this guest.")
@click.option("--guests-only", is_flag=True, help="Only what guests said.")
@click.option("--kind", metavar="KIND", help="Only lines inside a moment of this kind (anecdote, humor, ...).")
@click.option("--semantic", is_flag=True,
              help="Find meanings too (\"stage fright\" finds \"I was terrified\"): words and sentence vectors "
                   "fused by rank; embeds what is not embedded yet first. Needs the analyze extra.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_context
def search_cmd(ctx: click.Context, query: str, guest: str | None, guests_only: bool, kind: str | None,
               semantic: bool, limit: int, as_json: bool) -> None:
    """Search across every interview: who said it, when; a guest's own words first.

    \b
    Example:
      greenroom search "missed my stop" --guest "Tom Hale"
      greenroom search "nervous before the first day of shooting" --semantic --guests-only --json
    """
    from dataclasses import asdict

    from greenroom.cli.render import hits_table
    from greenroom.library.semantic import hybrid, index

    library = open_library(ctx)
    embedder = None
    if semantic:
        with extra_needed("search by meaning", "analyze"):
            from greenroom.backends.embed import default_embedder

            embedder = default_embedder()
        index(library, embedder)
    hits = hybrid(library, query, embedder, limit=limit, guest=guest, guests_only=guests_only, kind=kind)
    if as_json:
        emit_json([asdict(h) for h in hits])
    else:
        hits_table(query, hits)


def _milliseconds(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    from greenroom import timecode

    if value is None:
        return None
    try:
        return timecode.parse(value)
    except ValueError as err:
        raise click.BadParameter(str(err)) from None


@cli.command("transcribe", context_settings=CONTEXT)
@click.argument("media", nargs=-1, required=True, type=click.Path())
@click.option("--speakers", type=click.IntRange(1, 8), help="Number of speakers (default: estimated).")
@click.option("--interviewer", "interviewers", multiple=True, metavar="NAME", help="Name the interviewer.")
@click.option("--guest", "guests", multiple=True, metavar="NAME", help="Name the guest; repeat for several.")
@click.option("--model", metavar="PATH_OR_NAME", help="A local CTranslate2 Whisper folder, or a model name "
              "(needs a network once). Default: Whisper base, shipped offline.")
@click.option("--language", metavar="xx", help="Language code, e.g. en (default: detected).")
@click.option("--beam", "beam_size", default=5, show_default=True, type=click.IntRange(1, 10),
              help="Beam search width.")
@click.option("--title", help="Title of the interview (default: the file name).")
@click.option("--project", default="", help="The film, show or album the interview is about.")
@click.option("--replace", is_flag=True, help="Transcribe again media already in the library.")
@click.option("--no-cache", is_flag=True, help="Do not reuse or keep per-chunk results.")
@click.pass_context
def transcribe_cmd(ctx: click.Context, media: tuple[str, ...], speakers: int | None,
                   interviewers: tuple[str, ...], guests: tuple[str, ...], model: str | None,
                   language: str | None, beam_size: int, title: str | None, project: str,
                   replace: bool, no_cache: bool) -> None:
    """Transcribe audio or video offline: words, times, speakers, roles.

    Prints one line per file on stdout, the interview id as its last word;
    progress goes to stderr.

    \b
    Example:
      greenroom transcribe junket.mp4 --interviewer "Dana Reyes" --guest "Tom Hale"
      greenroom transcribe call.m4a --speakers 3 --language en
    """
    with extra_needed("transcription", "capture,diarize"):
        from greenroom.backends.asr import AsrOptions
        from greenroom.capture.transcribe import CaptureOptions, transcribe_into
    from greenroom.cli.progress import capture_progress
    from greenroom.cli.render import transcribe_line

    library = open_library(ctx)
    options = CaptureOptions(AsrOptions(model, language, beam_size), speakers, list(guests),
                             list(interviewers), title, cache=not no_cache, project=project)
    def one(name: str) -> str:
        with capture_progress(name) as progress:
            return transcribe_line(name, *transcribe_into(library, name, options, replace=replace,
                                                          progress=progress))

    each_file(media, one)


@cli.command("sample", context_settings=CONTEXT)
@click.option("-o", "--output", "folder", default="greenroom-sample", show_default=True,
              type=click.Path(file_okay=False), help="Folder for the sample files.")
def sample_cmd(folder: str) -> None:
    """Make the built-in sample interview: spoken audio, reference transcript, RTTM.

    An interviewer and an actor talk about a film role for about three minutes,
    spoken by espeak-ng in two voices. The last line ends with the audio's path.

    \b
    Example:
      greenroom transcribe "$(greenroom sample | tail -n1 | awk '{print $NF}')"
    """
    from pathlib import Path

    from greenroom.sample import make_sample

    with extra_needed("the spoken sample", "capture"):
        files = make_sample(Path(folder))
    out(f"reference transcript {files.reference}")
    out(f"speaker turns (RTTM) {files.rttm}")
    out(f"labelled text {files.transcript}")
    out(f"audio {files.audio}")


@cli.group("voices", cls=Group, context_settings=CONTEXT)
def voices_group() -> None:
    """Enrolled voiceprints: transcriptions name the speakers they recognise.

    \b
    Example:
      greenroom voices enroll "Tom Hale" junket.wav --from 0:17 --to 0:33
      greenroom voices list
    """


@voices_group.command("enroll", context_settings=CONTEXT)
@click.argument("name")
@click.argument("media", type=click.Path())
@click.option("--from", "start", required=True, callback=_milliseconds, metavar="TIME",
              help="Start of a stretch where only NAME speaks (e.g. 00:10).")
@click.option("--to", "end", required=True, callback=_milliseconds, metavar="TIME", help="End of it (e.g. 00:25).")
@click.pass_context
def voices_enroll_cmd(ctx: click.Context, name: str, media: str, start: int, end: int) -> None:
    """Store NAME's voice from a stretch of MEDIA where only they speak.

    \b
    Example:
      greenroom voices enroll "Dana Reyes" sample.wav --from 0:13 --to 0:17
    """
    with extra_needed("voiceprints", "capture,diarize"):
        from greenroom.capture.transcribe import to_list, voiceprint

    library = open_library(ctx)
    library.add_voice(name, to_list(voiceprint(media, start, end)), "resemblyzer", media)
    out(f"enrolled {name}")


@voices_group.command("list", context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_context
def voices_list_cmd(ctx: click.Context, as_json: bool) -> None:
    """List enrolled voices.

    \b
    Example:
      greenroom voices list --json
    """
    voices = open_library(ctx).voices()
    if as_json:
        emit_json([{"name": v.name, "source": v.source, "added": v.added} for v in voices])
    for voice in [] if as_json else voices:
        out(f"{voice.name}\t{voice.source or ''}\t{voice.added}")


@voices_group.command("remove", context_settings=CONTEXT)
@click.argument("name")
@click.pass_context
def voices_remove_cmd(ctx: click.Context, name: str) -> None:
    """Forget an enrolled voice.

    \b
    Example:
      greenroom voices remove "Tom Hale"
    """
    open_library(ctx).remove_voice(name)
    out(f"removed {name}")


def _assignments(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    pairs = {}
    for value in values:
        key, sep, rest = value.partition("=")
        if not sep or not key.strip() or not rest.strip():
            raise click.BadParameter(f"{value!r}: expected SPEAKER=VALUE, e.g. S1=interviewer")
        pairs[key.strip()] = rest.strip()
    return pairs


def _splits(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[tuple[str, int, str]]:
    found = []
    for value in values:
        where, sep, speaker = value.partition("=")
        uid, at, word = where.strip().rpartition("@")
        if not sep or not at or not uid or not word.strip().isdigit() or not speaker.strip():
            raise click.BadParameter(f"{value!r}: expected UTTERANCE@WORD=SPEAKER, e.g. u12@7=S2")
        found.append((uid, int(word), speaker.strip()))
    return found


@cli.command("speakers", context_settings=CONTEXT)
@click.argument("interview_id")
@click.option("--name", "names", multiple=True, callback=_assignments, metavar="S1=NAME",
              help="Name a speaker.")
@click.option("--role", "roles", multiple=True, callback=_assignments, metavar="S1=ROLE",
              help="Set a role: interviewer, guest, other, unknown.")
@click.option("--add", "added", multiple=True, metavar="NAME",
              help="Add a speaker the transcription missed (gets the next id, e.g. S3).")
@click.option("--merge", "merges", multiple=True, callback=_assignments, metavar="S3=S1",
              help="Give everything S3 said to S1; S3 disappears.")
@click.option("--split", "splits", multiple=True, callback=_splits, metavar="U@N=S2",
              help="Split utterance U before its word N (from 1); words N on go to S2.")
@click.option("--split-before", "splits_before", multiple=True, callback=_splits, metavar="U@N=S2",
              help="Split utterance U before its word N; the words before it go to S2.")
@click.option("--reassign", "reassigns", multiple=True, callback=_assignments, metavar="U=S2",
              help="Give a whole utterance to S2.")
@click.option("--utterances", "list_utterances", is_flag=True,
              help="List utterances with their ids, times and speakers.")
@click.option("--words", "words_of", metavar="U", help="Show utterance U with its words numbered.")
@click.pass_context
def speakers_cmd(ctx: click.Context, interview_id: str, names: dict[str, str], roles: dict[str, str],
                 added: tuple[str, ...], merges: dict[str, str], splits: list[tuple[str, int, str]],
                 splits_before: list[tuple[str, int, str]], reassigns: dict[str, str],
                 list_utterances: bool, words_of: str | None) -> None:
    """Show an interview's speakers, or correct who said what.

    Edits run in this order: --add, --merge, --split/--split-before, --reassign,
    then --name/--role. Names and roles set here survive `analyze`. Utterance ids
    and word numbers are those `--utterances` and `--words U` print.

    \b
    Example:
      greenroom speakers 3fa2c1d0
      greenroom speakers 3fa2c1d0 --words u12
      greenroom speakers 3fa2c1d0 --role S1=guest --role S2=interviewer --name S2="Dana Reyes"
      greenroom speakers 3fa2c1d0 --merge S3=S1 --split u12@7=S2 --reassign u14=S1
    """
    from greenroom.library import speakers as editing

    split = [(u, n, s, "after") for u, n, s in splits] + [(u, n, s, "before") for u, n, s in splits_before]
    edits = editing.SpeakerEdits(list(added), merges, split, reassigns, names, roles)
    interview, done = editing.edit_stored(open_library(ctx, create=False), interview_id, edits)
    for line in done:
        out(line)
    if done and interview.turns and (merges or split or reassigns):
        out(f"turns, coaching and moments are from before this edit: greenroom analyze {interview.id}")
    for speaker in interview.speakers:
        talk = sum(u.end - u.start for u in interview.utterances if u.speaker == speaker.id)
        out(f"{speaker.id}\t{speaker.display}\t{speaker.role}\t{talk / 1000:.0f}s")
    for line in editing.utterance_lines(interview) if list_utterances else []:
        out(line)
    if words_of:
        out(editing.numbered_words(interview, words_of))


@cli.command("analyze", context_settings=CONTEXT)
@click.argument("interview_id")
@click.option("--only", metavar="NAME,...", help="Run only these analyzers (and say which are missing).")
@click.option("--json", "as_json", is_flag=True, help="Print the analysis layers as JSON.")
@judge_options
@click.option("--judge-also", type=click.Choice(["privacy", "kinds"]), multiple=True,
              help="Let the judge also drop weak privacy flags it calls not private (privacy) or confirm "
                   "doubtful question kinds (kinds). Off by default: the packaged 1.5B made both worse.")
@click.pass_context
def analyze_cmd(ctx: click.Context, interview_id: str, only: str | None, as_json: bool,
                judge_also: tuple[str, ...], **judging: Any) -> None:
    """Find turns, chapters, flags and coaching figures; store them; print a report.

    A judge (off by default) is a language model that answers yes/no questions
    about candidate moments (and, with --judge-also, weak privacy flags or doubtful
    question kinds); its answers are cached per model and passage.

    \b
    Example:
      greenroom analyze 3fa2c1d0
      greenroom analyze 3fa2c1d0 --only turns,coaching --json
      greenroom analyze 3fa2c1d0 --judge-model ~/models/qwen2.5-7b-instruct-q4_k_m.gguf
      greenroom analyze 3fa2c1d0 --judge-url http://127.0.0.1:11434 --judge-name qwen2.5:7b
      greenroom analyze 3fa2c1d0 --judge-url http://127.0.0.1:11434 --judge-also privacy
    """
    from greenroom.analyze.registry import AnalysisOptions, Context
    from greenroom.cli.judge import judge_from
    from greenroom.cli.render import analysis_report
    from greenroom.library.analysis import analyze_stored

    names = [n.strip() for n in only.split(",") if n.strip()] if only else None
    judge = judge_from(judging)
    if judge_also and judge is None:
        raise click.UsageError("--judge-also needs a judge: --judge-model, --judge-url or --judge")
    options = AnalysisOptions(judge=judge, judge_privacy="privacy" in judge_also, judge_kinds="kinds" in judge_also)
    context = Context(options=options) if judge is not None else None
    interview = analyze_stored(open_library(ctx, create=False), interview_id, names, context=context)
    if as_json:
        data = interview.to_dict()
        emit_json({k: data[k] for k in ("id", "turns", "chapters", "moments", "flags", "metrics", "card")})
    else:
        analysis_report(interview)


@cli.command("report", context_settings=CONTEXT)
@click.argument("interview_id")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write here (atomically; '-' for stdout); default: <id>-report.html in the current folder.")
@click.pass_context
def report_cmd(ctx: click.Context, interview_id: str, output: str | None) -> None:
    """Write a one-file HTML report: coaching, timeline, chapters, flags, transcript.

    The page needs no network and no JavaScript; it prints well. The last word
    printed is the file's path.

    \b
    Example:
      greenroom analyze 3fa2c1d0
      greenroom report 3fa2c1d0 -o low-tide-report.html
    """
    from greenroom import atomic
    from greenroom.publish.report import render_report

    interview = open_library(ctx, create=False).get(interview_id)
    write_output(output or str(atomic.inside(".", f"{interview.id}-report.html")), render_report(interview))


@cli.command("sample-transcript", context_settings=CONTEXT)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Copy it here instead of printing the path.")
def sample_transcript_cmd(output: str | None) -> None:
    """Print the path of the built-in sample transcript (a short film-junket interview).

    \b
    Example:
      greenroom import "$(greenroom sample-transcript)" --title "Low Tide"
    """
    from greenroom.sample import transcript_path

    source = transcript_path()
    if output:
        write_output(output, source.read_bytes())
    else:
        out(str(source))


# The later stages keep their commands in their own modules; importing them registers them.
from greenroom.cli import cutting as _cutting_commands  # noqa: E402,F401
from greenroom.cli import edit as _edit_commands  # noqa: E402,F401
from greenroom.cli import flags as _flag_commands  # noqa: E402,F401
from greenroom.cli import prep as _prep_commands  # noqa: E402,F401
from greenroom.cli import publish as _publish_commands  # noqa: E402,F401
from greenroom.cli import reel as _reel_commands  # noqa: E402,F401
from greenroom.cli import serve as _serve_commands  # noqa: E402,F401
from greenroom.cli import users as _user_commands  # noqa: E402,F401


def _warnings_to_stderr() -> None:
    """Library warnings (what a reader left out, a mixed encoding, a replaced id) as
    `greenroom: warning: ...` lines on stderr; library code never configures logging."""
    import logging

    logger = logging.getLogger("greenroom")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("greenroom: warning: %(message)s"))
        handler.setLevel(logging.WARNING)
        logger.addHandler(handler)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    _warnings_to_stderr()
    try:
        cli.main(args=argv, prog_name="greenroom", standalone_mode=True)
    except SystemExit:
        raise
    except GreenroomError as err:  # raised outside a command (e.g. while closing)
        if _debug_wanted():
            raise
        fail(str(err))


if __name__ == "__main__":  # pragma: no cover
    main()

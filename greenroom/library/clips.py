"""A clip cut from a span of a stored interview, as a background job or at once.

`cut_for(interview, start, end, with_question=)` turns a selected span (ms) into one
`Cut` on word boundaries: it starts at the first word that ends after `start` and
stops at the end of the last word that starts before `end`; with the question, it
opens at the question asked before the first selected answer (from the turns), when
there is one. `make_clip` renders that cut with `greenroom.edit.render.render`, the
render `greenroom render` uses, so every clip goes through the one privacy policy
(`greenroom.policy.release`): flagged words bleeped and masked, a span holding an
off-the-record passage refused.

Clips are written into `<library>-media/<id>/clips/<job id>/`.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

from greenroom import timecode
from greenroom.errors import InputError, MissingExtra
from greenroom.library import jobs
from greenroom.library.store import Library
from greenroom.model import Cut, Highlights, Interview, Word

MIN_CLIP_MS = 500
MAX_CLIP_MS = 10 * 60_000
KIND = "clip"


def _words(interview: Interview) -> list[tuple[str, Word]]:
    """(utterance id, word) in time order, word times estimated where none were given."""
    from greenroom.edit.captions import estimated_words

    return [(u.id, w) for u in interview.utterances for w in (u.words or estimated_words(u))]


def cut_for(interview: Interview, start: int, end: int, *, with_question: bool = False) -> Cut:
    """One cut covering the words said between `start` and `end` (ms). `InputError`
    when no word lies there, or the span is shorter than MIN_CLIP_MS or longer than MAX_CLIP_MS."""
    chosen = [(uid, w) for uid, w in _words(interview) if w.end > start and w.start < end]
    if not chosen:
        raise InputError(interview.id, f"nothing is said between {timecode.clock(start)} and {timecode.clock(end)}")
    first, last = chosen[0][1].start, chosen[-1][1].end
    said = list(dict.fromkeys(uid for uid, _ in chosen))
    question = _question_start(interview, said[0]) if with_question else None
    if question is not None and question < first:
        first = question
    if last - first < MIN_CLIP_MS:
        raise InputError(interview.id, f"a clip needs at least {MIN_CLIP_MS / 1000:.1f} s: select more words")
    if last - first > MAX_CLIP_MS:
        raise InputError(interview.id, f"a clip may last at most {MAX_CLIP_MS // 60_000} minutes: select less")
    text = " ".join(w.text for _, w in chosen)
    return Cut(f"sel-{first}", first, last, kind="selection", text=text, question=question is not None,
               utterances=said)


def _question_start(interview: Interview, answer: str) -> int | None:
    """Where the question answered by line `answer` starts, or None when no turn asks it."""
    turn = next((t for t in interview.turns if answer in t.answer and t.question), None)
    if turn is None:
        return None
    starts = [u.start for u in interview.utterances if u.id in turn.question]
    return min(starts) if starts else None


def make_clip(library: Library, interview_id: str, params: dict[str, Any], out_dir: str | Path,
              progress: jobs.Progress | None = None) -> tuple[str, list[str]]:
    """Render one clip of a stored interview: `params` holds `start`, `end` (ms), and
    optionally `vertical` and `question` (booleans). Returns (the file's path, notes).
    Raises what the render raises (`InputError` for no media or an off-the-record span)."""
    render_module = _render_module()
    interview = library.get(interview_id)
    cut = cut_for(interview, int(params["start"]), int(params["end"]), with_question=bool(params.get("question")))
    options = render_module.RenderOptions(reel=False, clips=True, vertical=bool(params.get("vertical")))
    total = cut.end - cut.start

    def report(name: str, done: int, _total: int) -> None:
        if progress is not None:
            progress(done / max(total, 1))

    result = render_module.render(interview, Highlights(total, [cut]), out_dir, options, report)
    return str(result.outputs[0].path), result.notes


def _render_module() -> ModuleType:
    """`greenroom.edit.render`, or `MissingExtra` naming the `edit` extra."""
    try:
        from greenroom.edit import render
    except ImportError as err:
        raise MissingExtra(f"clips ({err.name or 'a package'} is missing)", "edit") from None
    return render


def check(library: Library, interview_id: str, params: dict[str, Any]) -> Cut:
    """The cut a clip job would make, checked before it is queued: `InputError` (no
    media, no words there), `MissingExtra` (the `edit` extra is not installed)."""
    from greenroom.edit.relink import media_of

    _render_module()
    interview = library.get(interview_id)
    media_of(interview)
    return cut_for(interview, int(params["start"]), int(params["end"]), with_question=bool(params.get("question")))


def folder_of(library: Library, job: jobs.Job) -> Path:
    """Where a clip job writes: `<library>-media/<id>/clips/<job id>/`."""
    return library.media_folder(job.interview_id) / "clips" / job.id


def delete(library: Library, job_id: str) -> jobs.Job:
    """Take back a clip: a pending one is cancelled, a finished one's folder removed;
    its job is forgotten (`jobs.remove`'s errors: not while it runs)."""
    import shutil

    job = jobs.get(library, job_id)
    if job.finished:
        shutil.rmtree(folder_of(library, job), ignore_errors=True)
    return jobs.remove(library, job_id)


def _run(library: Library, job: jobs.Job, progress: jobs.Progress) -> tuple[str, list[str]]:
    return make_clip(library, job.interview_id, job.params, folder_of(library, job), progress)


jobs.RUNNERS[KIND] = _run

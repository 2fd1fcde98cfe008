"""Nothing flagged leaves: every publishing command over an interview whose guest says
her street address and a phone number inside her best story.

The interview is spoken by espeak-ng from a script the test writes, transcribed by
greenroom's own transcriber, analyzed for real; then every command that writes
something an audience could see runs, and every file it writes is read back. The
rendered reel's sound is transcribed again to show the address is not heard.
The same holds for the producers' usual path: the transcript imported from an SRT,
relinked to the recording (estimated word times, so whole sentences are bleeped and
captions follow lines).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from greenroom.model import Cut, Highlights, Interview, Person, Speaker, Utterance

GUEST, HOST = "Mara Quinn", "Dana Reyes"
SCRIPT = [
    ("S1", "Welcome to the show. Where did you grow up, and how did that shape the film?"),
    ("S2", ("I grew up in a small blue house at 42 Maple Street in Dayton. My mother painted the kitchen "
           "yellow every spring, and that kitchen is the whole look of the film.")),
    ("S2", "If you want the paint recipe, call my studio at 555 201 3344 and ask for it."),
    ("S1", "What was the hardest scene to shoot?"),
    ("S2", ("The storm scene. We flooded the set twice, and I learned that a crew will follow you "
           "anywhere if you get wet with them.")),
]
SECRETS = re.compile(r"maple|3344", re.IGNORECASE)  # whisper writes the number "555213344" or "555-201-3344"


def script() -> Interview:
    return Interview(
        title=f"{GUEST} on Yellow Kitchen", project="Yellow Kitchen",
        people=[Person(GUEST, "guest"), Person(HOST, "interviewer")],
        speakers=[Speaker("S1", HOST, HOST, "interviewer"), Speaker("S2", GUEST, GUEST, "guest")],
        utterances=[Utterance(f"u{k}", 0, 0, who, text) for k, (who, text) in enumerate(SCRIPT, 1)])


@pytest.fixture(scope="module")
def spoken(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from greenroom.sample.make import speak_script

    return speak_script(script(), tmp_path_factory.mktemp("spoken"), "address")


def whole_answers(interview: Interview) -> Highlights:
    """A cut list of the guest's answers, the address and the phone number inside it."""
    guest = [u for u in interview.utterances if interview.speaker(u.speaker) and
             interview.speaker(u.speaker).role == "guest"]  # type: ignore[union-attr]
    cuts = [Cut(f"c{k}", u.start, u.end, kind="anecdote", text=u.text) for k, u in enumerate(guest, 1)]
    return Highlights(budget=sum(c.end - c.start for c in cuts), cuts=cuts)


def set_cuts(library_path: Path, iid: str) -> None:
    from greenroom.library import Library

    with Library(library_path) as library:
        interview = library.get(iid)
        interview.highlights = whole_answers(interview)
        library.update(interview)


def texts_under(folder: Path) -> dict[Path, str]:
    """Every text file written (images and video are checked by what made them)."""
    found = {}
    for path in folder.rglob("*"):
        if path.is_file() and path.suffix not in (".mp4", ".png", ".jpg", ".wav", ".pdf"):
            found[path] = path.read_text(encoding="utf-8", errors="replace")
    return found


def heard(path: Path) -> str:
    from greenroom.capture.transcribe import CaptureOptions, transcribe

    return transcribe(path, CaptureOptions(speakers=1)).text


def publish_everything(greenroom, iid: str, out: Path) -> list[str]:  # type: ignore[no-untyped-def]
    """Run every publishing command into `out`; their printed output."""
    said = []
    commands = [
        ("render", iid, "--clips", "--captions", "sidecar", "-o", str(out / "render-sidecar")),
        ("render", iid, "--vertical", "--no-reel", "--clips", "-o", str(out / "render-vertical")),
        ("export", iid, "--to", "srt", "-o", str(out / "all.srt")),
        ("export", iid, "--to", "vtt", "-o", str(out / "all.vtt")),
        ("export", iid, "--to", "md", "-o", str(out / "all.md")),
        ("export", iid, "--to", "txt", "-o", str(out / "all.txt")),
        ("export", iid, "--to", "clips-srt", "-o", str(out / "clips-srt")),
        ("export", iid, "--to", "clips-vtt", "-o", str(out / "clips-vtt")),
        ("card", iid, "--json"),
        ("card", iid),
        ("quote", iid, "-n", "5"),
        ("quote", iid, "-n", "5", "--json"),
        ("guide", "-o", str(out / "guide.html")),
        ("guide", "-o", str(out / "guide.md")),
        ("guide", "--guest", "Mara", "-o", str(out / "guest.html")),
        ("site", "-o", str(out / "site")),
        ("social", iid, "-o", str(out / "social")),
        ("report", iid, "-o", str(out / "report.html")),
    ]
    for args in commands:
        done = greenroom(*args)
        assert done.exit_code == 0, (args, done.output)
        said.append(done.output)
    return said


def assert_nothing_leaks(out: Path, said: list[str]) -> None:
    written = texts_under(out)
    assert len(written) > 15
    leaks = {str(p.relative_to(out)): SECRETS.findall(t) for p, t in written.items() if SECRETS.search(t)}
    assert not leaks
    assert not [s for s in said if SECRETS.search(s)]


def test_transcribed_interview_publishes_no_flagged_words(spoken, greenroom, library_path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    done = greenroom("transcribe", str(spoken.audio), "--interviewer", HOST, "--guest", GUEST,
                     "--title", f"{GUEST} on Yellow Kitchen", "--project", "Yellow Kitchen")
    assert done.exit_code == 0, done.output
    iid = done.output.strip().split()[-1]
    assert greenroom("analyze", iid).exit_code == 0
    flags = json.loads(greenroom("flags", iid, "--json").output)["flags"]
    masks = {f["mask"] for f in flags if f["action"] == "bleep"}
    assert {"address", "phone"} <= masks, flags
    set_cuts(library_path, iid)
    said = publish_everything(greenroom, iid, tmp_path / "out")
    assert_nothing_leaks(tmp_path / "out", said)
    render_said = said[0]
    assert re.search(r"note: bleeped address at \S+ \(f-pii-\d\), phone at", render_said), render_said
    sidecars = texts_under(tmp_path / "out" / "render-sidecar")
    srt = next(t for p, t in sidecars.items() if p.name == "reel.srt")
    assert "[address]" in srt and "[phone]" in srt and "kitchen" in srt.lower()
    reel = heard(tmp_path / "out" / "render-sidecar" / "reel.mp4").lower()
    assert "kitchen" in reel and "flooded" in reel  # the rest is heard
    assert not SECRETS.search(reel), reel


def srt_of(reference: Interview) -> str:
    """The human-corrected transcript a producer would bring: cue per utterance, no word times."""
    from greenroom import timecode

    blocks = []
    for k, u in enumerate(reference.utterances, 1):
        who = reference.speaker_name(u.speaker)
        blocks.append(f"{k}\n{timecode.srt(u.start)} --> {timecode.srt(u.end)}\n{who}: {u.text}\n")
    return "\n".join(blocks)


def test_imported_srt_relinked_to_media_has_captions_and_bleeps(spoken, greenroom, library_path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from greenroom.formats import load

    reference = load(spoken.reference)
    path = tmp_path / "address.srt"
    path.write_text(srt_of(reference), encoding="utf-8")
    done = greenroom("import", str(path), "--guest", GUEST, "--interviewer", HOST)
    assert done.exit_code == 0, done.output
    iid = done.output.strip().split()[-1]
    assert greenroom("relink", iid, str(spoken.audio)).exit_code == 0
    assert greenroom("analyze", iid).exit_code == 0
    set_cuts(library_path, iid)
    out = tmp_path / "out"
    done = greenroom("render", iid, "--clips", "--captions", "sidecar", "--bleep", "silence", "-o", str(out))
    assert done.exit_code == 0, done.output
    assert "captions follow lines" in done.output and "whole sentence" in done.output
    sidecars = texts_under(out)
    assert sidecars and all(t.strip() for t in sidecars.values())  # every clip and the reel has captions
    assert not [p for p, t in sidecars.items() if SECRETS.search(t)]
    assert any("[address]" in t for t in sidecars.values())
    reel = heard(out / "reel.mp4").lower()
    assert "flooded" in reel and not SECRETS.search(reel), reel


def test_allow_unknown_flag_is_one_line_error(analyzed_library, greenroom_at) -> None:  # type: ignore[no-untyped-def]
    library, iid = analyzed_library
    done = greenroom_at(library)("render", iid, "--allow", "f-pii-99", "--reason", "public number")
    assert done.exit_code == 1
    assert done.output.count("\n") == 1 and "no flag 'f-pii-99'" in done.output

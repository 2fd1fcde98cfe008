"""Every transcript and caption file in ../shared/corpus imports through the CLI, into one library."""

from __future__ import annotations

import json
from pathlib import Path

TRANSCRIPT_SUFFIXES = {".srt", ".vtt", ".txt", ".json", ".html", ".md"}
NOT_TRANSCRIPTS = {"SOURCE.md", "README.md"}


def transcript_files(corpus: Path) -> list[Path]:
    files = []
    for path in sorted(corpus.rglob("*")):
        if path.suffix not in TRANSCRIPT_SUFFIXES or path.name in NOT_TRANSCRIPTS:
            continue
        if path.name.endswith(".reference.json") or "/text/" in path.as_posix():
            continue  # labels for evaluation, not transcripts
        files.append(path)
    return files


def test_every_corpus_transcript_imports(greenroom, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    files = transcript_files(corpus)
    assert len(files) >= 25
    result = greenroom("import", *map(str, files))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == len(files)
    listed = json.loads(greenroom("list", "--json").stdout)
    assert len(listed) == len({line.split()[-1] for line in lines})
    assert all(item["utterances"] > 0 or item["format"] == "vtt" for item in listed)
    again = greenroom("import", *map(str, files))
    assert again.stdout.count("already in library") == len(files)


def test_search_across_the_corpus(greenroom, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    files = transcript_files(corpus)
    assert greenroom("import", *map(str, files)).exit_code == 0
    hits = json.loads(greenroom("search", "podcast", "--json", "--limit", "50").stdout)
    assert len(hits) == 50
    assert len({h["interview_id"] for h in hits}) > 3
    assert all(h["snippet"] and h["end"] >= h["start"] for h in hits)

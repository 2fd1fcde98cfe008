"""Every analyzer runs on the corpus files and the report renders them.

The short files run here; the long interviews (Tim Ferriss, Lex Fridman: half a
minute each on 2 cores) run in `bench/analyze_bench.py --only corpus`.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import escape  # what the report's Jinja templates escape with
from test_corpus_import import transcript_files

from greenroom import formats
from greenroom.analyze import Context, analyze
from greenroom.analyze.registry import AnalysisError
from greenroom.publish.report import render_report

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
SHORT = 200  # utterances: longer files are left to the bench
FILES = transcript_files(CORPUS) if CORPUS.is_dir() else []
CONTEXT = Context()  # one engine cache for the module: the models load once


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_analyzer_and_the_report(path: Path) -> None:
    interview = formats.load(path)
    if len(interview.utterances) > SHORT:
        pytest.skip(f"{len(interview.utterances)} utterances: run in bench/analyze_bench.py --only corpus")
    if not interview.utterances:
        with pytest.raises(AnalysisError, match="no utterances"):
            analyze(interview, context=CONTEXT)
        return
    analyze(interview, context=CONTEXT)
    assert interview.turns is not None and interview.chapters and interview.metrics is not None
    assert all(0.0 <= m.score <= 1.0 and m.reason for m in interview.moments)
    html = render_report(interview)
    HTMLParser().feed(html)
    for chapter in interview.chapters:  # the report shows what the analysis found
        assert str(escape(chapter.title)) in html, chapter.title
    for moment in interview.moments[:3]:
        assert str(escape(moment.reason)) in html, moment.reason

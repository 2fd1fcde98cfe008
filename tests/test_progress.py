"""Progress off a terminal: a long transcription in a log or CI prints a plain line
when a stage starts, at intervals while it runs, and when it is done."""

from __future__ import annotations

import pytest

from greenroom.cli.progress import capture_progress

HOUR = 3_600_000


def test_progress_prints_lines_at_intervals_when_stderr_is_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    now = [0.0]
    with capture_progress("/media/junket.mp4", every=30, clock=lambda: now[0]) as update:
        for second in range(301):  # five minutes of updates, one a second
            now[0] = float(second)
            update("transcribing", second * 36_000, 3 * HOUR)
        update("diarizing", 0, 3 * HOUR)
        update("diarizing", 3 * HOUR, 3 * HOUR)
        update("diarizing", 3 * HOUR, 3 * HOUR)
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "greenroom: junket.mp4: transcribing 0:00 / 3:00:00 (0%)"
    assert lines[1] == "greenroom: junket.mp4: transcribing 18:00 / 3:00:00 (10%)"
    assert len([x for x in lines if "transcribing" in x]) == 11  # at 0, 30, ... 300 s
    assert lines[-2:] == ["greenroom: junket.mp4: finding speakers 0:00 / 3:00:00 (0%)",
                          "greenroom: junket.mp4: finding speakers 3:00:00 / 3:00:00 (100%)"]

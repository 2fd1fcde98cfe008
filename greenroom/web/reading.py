"""The interviews the pages read, kept while they stand, and their words read a
part at a time.

A 3.5-hour interview takes ~0.2 s of CPU to read whole from the library, three
quarters of it building its tens of thousands of timed words, and its page is read
again for every part a reader scrolls to. So the page reads the interview without
word times (~15 ms), keeps the last few so read, each under its stored revision
(every write of an interview bumps it, `Library._save`, so one cheap query tells
whether the kept copy still stands), and reads the words of the one part it shows
(`with_words`). Kept copies are shared between requests: only read-only pages use
them, never a route that changes an interview.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import replace
from typing import TYPE_CHECKING

from greenroom.errors import NotFound
from greenroom.model import Utterance, Word

if TYPE_CHECKING:
    from greenroom.library.store import Library
    from greenroom.model import Interview

KEPT = 4  # interviews kept: a few readers on a few long interviews


class Interviews:
    """The last KEPT interviews read, by id, each with the (revision, added) it was read at."""

    def __init__(self, kept: int = KEPT) -> None:
        self._kept = kept
        self._items: OrderedDict[str, tuple[tuple[int, str], Interview]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, library: Library, interview_id: str) -> Interview:
        """The interview `interview_id` (a full id) as stored now, its lines without
        word times (`with_words` reads those of the lines a page shows)."""
        stamp = _stamp(library, interview_id)
        with self._lock:
            kept = self._items.get(interview_id)
            if kept and kept[0] == stamp:
                self._items.move_to_end(interview_id)
                return kept[1]
        interview, revision = library.get_revision(interview_id, words=False)
        with self._lock:
            self._items[interview_id] = ((revision, stamp[1]), interview)
            self._items.move_to_end(interview_id)
            while len(self._items) > self._kept:
                self._items.popitem(last=False)
        return interview


def with_words(library: Library, interview: Interview, first: int, end: int) -> list[Utterance]:
    """Lines `first` up to `end` of a kept interview, with their word times read now
    (copies: the kept interview stays as it is). A line changed since the interview
    was kept shows the words stored now for its id; the next read of the page keeps
    the new revision."""
    rows = library._read("SELECT id, words FROM utterances WHERE interview_id = ? AND seq >= ? AND seq < ?",
                         (interview.id, first, end))
    stored = {uid: words for uid, words in rows}
    out = []
    for u in interview.utterances[first:end]:
        words = json.loads(stored[u.id]) if u.id in stored else []
        out.append(replace(u, words=[Word.from_dict(w) for w in words]))
    return out


def _stamp(library: Library, interview_id: str) -> tuple[int, str]:
    """The interview's revision and added time (an interview deleted and added again
    under its id starts its revisions over; its added time tells them apart)."""
    rows = library._read("SELECT revision, added FROM interviews WHERE id = ?", (interview_id,))
    if not rows:
        raise NotFound(f"no interview {interview_id}")
    return int(rows[0][0]), str(rows[0][1])

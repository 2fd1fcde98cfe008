"""Find in one interview: the interview page's find box and its JSON twin.

The page sends a long transcript in parts, so the browser's own find sees only
the parts loaded. This asks the library's full-text search (the same query
language as `/search`: phrases, OR, prefixes, inflections) for the lines of one
interview, and lists them in the order they were said, not by rank: a find box
steps through a transcript from top to bottom. The page's script takes a hit to
its line through the same fetch-the-part-first path as any other deep link.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from greenroom.library.access import User
from greenroom.library.search import Hit
from greenroom.model import Interview
from greenroom.web import guard, views
from greenroom.web.app import render
from greenroom.web.guard import reader, studio

router = APIRouter()
Reader = Annotated[User, Depends(reader)]
FIND_LIMIT = 500  # hits listed; the count says how many matched in all
# Lines read from the index at most: every line of all but a huge interview (a line
# matches once, so a find never has more hits than the interview has lines).
FIND_SCAN = 20_000


@dataclass
class Found:
    """The lines of one interview that match a query, in the order they were said:
    the first `FIND_LIMIT` of them, the count of all (at least `count`, when
    `more` says the interview had more lines than a find reads)."""

    query: str
    hits: list[Hit]
    count: int
    more: bool
    part_of: dict[str, int]  # utterance id -> the part of the page holding it


def find(request: Request, interview: Interview, q: str) -> Found:
    """Search the lines of `interview` for `q` and order the hits by time."""
    library = studio(request).library
    scan = min(len(interview.utterances), FIND_SCAN)
    found = library.search(q, interview=interview.id, limit=scan,
                           markers=(views.MARK_OPEN, views.MARK_CLOSE)) if q.strip() and scan else []
    order = {u.id: n for n, u in enumerate(interview.utterances)}
    found.sort(key=lambda h: (order.get(h.utterance_id, len(order)), h.start))
    shown = found[:FIND_LIMIT]
    part_of = {}
    parts = views.parts(interview)
    for hit in shown:
        n = order.get(hit.utterance_id)
        part = next((p for p in parts if n is not None and p.first <= n < p.end), None)
        if part is not None:
            part_of[hit.utterance_id] = part.number
    return Found(q, shown, len(found), scan < len(interview.utterances) and len(found) >= scan, part_of)


def hit_json(interview_id: str, hit: Hit, part: int | None) -> dict[str, Any]:
    """One line found: who said it, when, the snippet (matches in [brackets]), its
    part of the page and the link that opens the page at it."""
    snippet = hit.snippet.replace(views.MARK_OPEN, "[").replace(views.MARK_CLOSE, "]")
    return {"utterance_id": hit.utterance_id, "speaker": hit.speaker, "role": hit.role, "start": hit.start,
            "end": hit.end, "snippet": snippet, "part": part, "url": views.line_url(interview_id, hit.utterance_id)}


QueryText = Annotated[str, Query(description='words, "a phrase", a prefix* or a OR b, as in /search.json')]


@router.get("/interviews/{interview_id}/find", include_in_schema=False)
def find_page(request: Request, interview_id: str, user: Reader, q: str = "") -> Response:
    """The lines that match, as the find box's fragment (htmx) or, without
    JavaScript, a page of links, each opening the interview at its line."""
    interview = guard.read_only(request, user, interview_id)
    found = find(request, interview, q)
    context = {"iv": interview, "found": found, "find_q": q, "limit": FIND_LIMIT, "line_url": views.line_url}
    if request.headers.get("hx-request") == "true":
        return render(request, "_find.html", context)
    return render(request, "find.html", context)


@router.get("/interviews/{interview_id}/find.json", tags=["interviews"])
def find_json(request: Request, interview_id: str, user: Reader, q: QueryText = "") -> dict[str, Any]:
    """The lines of one interview that match, in the order they were said (not by
    rank): the first 500, and the count of all that matched (`more`: at least that
    many, in an interview longer than a find reads)."""
    interview = guard.read_only(request, user, interview_id)
    found = find(request, interview, q)
    return {"interview_id": interview.id, "query": q, "count": found.count, "more": found.more,
            "shown": len(found.hits), "limit": FIND_LIMIT,
            "hits": [hit_json(interview.id, h, found.part_of.get(h.utterance_id)) for h in found.hits]}

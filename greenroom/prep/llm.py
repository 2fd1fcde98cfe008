"""An optional text model that drafts questions: any OpenAI-compatible chat endpoint.

`ChatDrafter(url).draft(dossier, homework)` posts one `/v1/chat/completions` request
(through `backends.chat_server`, the standard library) and reads back a JSON list of questions. It only drafts:
the plan lints every draft and keeps only those that pass, so a model can suggest but
never put a closed, leading or intrusive question on the run sheet. Any failure (no
server, timeout, HTTP error, an answer that is not the JSON asked for) raises
`LLMUnavailable`, and the plan falls back to its offline templates. `rewrite` rewords one
question the linter flagged, under the same rule: the linter keeps it only if it passes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from greenroom.backends.chat_server import ChatServerError, endpoint, post_chat
from greenroom.errors import GreenroomError
from greenroom.prep.dossier import plain

if TYPE_CHECKING:
    from greenroom.prep.dossier import Dossier
    from greenroom.prep.homework import Homework

CATEGORIES = ("craft", "process", "experience", "personal", "career")
SYSTEM = (
    "You help a journalist prepare a behind-the-scenes interview. Write open questions (what, how, why, "
    "tell me), one ask each, under 30 words, each naming the project, the guest's role or a key fact. "
    "No yes/no questions, no leading questions, nothing about health, children, relationships, money or "
    "rumours. Answer with only a JSON list of objects with keys category, question, follow_up; category is "
    "one of " + ", ".join(CATEGORIES) + "."
)

REWRITE = (
    "You edit a journalist's interview questions. Rewrite the question so that the problem named is gone: "
    "one open question (what, how, why, or tell me), one ask, under 25 words, keeping its specific subject. "
    "Answer with the rewritten question only."
)


class LLMUnavailable(GreenroomError):
    """The text model could not be reached or did not answer in the expected shape."""


@dataclass
class Draft:
    category: str
    question: str
    follow_up: str = ""


class ChatDrafter:
    """Drafts questions with a chat model at `url`; `timeout` is in seconds."""

    def __init__(self, url: str, model: str = "default", timeout: float = 30.0):
        self.url = endpoint(url)
        self.model = model
        self.timeout = timeout

    def draft(self, dossier: Dossier, homework: Homework | None = None, per_category: int = 2) -> list[Draft]:
        """Questions per category; `LLMUnavailable` when the model cannot be used."""
        body = {"model": self.model, "temperature": 0.7,
                "messages": [{"role": "system", "content": SYSTEM},
                             {"role": "user", "content": brief(dossier, homework, per_category)}]}
        reply = self._post(body)
        try:
            content = reply["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError):
            raise LLMUnavailable(f"{self.url}: the answer has no choices[0].message.content") from None
        return parse_drafts(str(content), self.url)

    def rewrite(self, question: str, kind: str, problem: str) -> str:
        """One better wording of a question the linter flagged (`kind`, and why: `problem`);
        the linter offers it only if it reads as a finished question and passes every rule.
        `LLMUnavailable` when the model cannot be used."""
        return rewrite_from(self._post(rewrite_request(question, kind, problem, self.model)), self.url)

    def _post(self, body: dict[str, Any]) -> Any:
        try:
            return post_chat(self.url, body, self.timeout)
        except ChatServerError as err:
            raise LLMUnavailable(str(err)) from None


def rewrite_request(question: str, kind: str, problem: str, model: str = "default") -> dict[str, Any]:
    """The chat request asking for one rewording of a flagged question."""
    return {"model": model, "temperature": 0.2, "max_tokens": 80,
            "messages": [{"role": "system", "content": REWRITE},
                         {"role": "user", "content": f"Question: {question}\nProblem ({kind}): {problem}"}]}


def rewrite_from(reply: Any, where: str) -> str:
    """The rewording in a chat answer: its first line, quotes and Markdown taken off."""
    try:
        content = str(reply["choices"][0]["message"]["content"])
    except (KeyError, IndexError, TypeError):
        raise LLMUnavailable(f"{where}: the answer has no choices[0].message.content") from None
    line = next((x for x in content.strip().splitlines() if x.strip()), "")
    return plain(line.strip().strip('"“”'))


class JudgeRewriter:
    """Rewordings from the judge's model (`backends.judge`: a local GGUF file or a server),
    for the linter; the judge answers yes/no questions elsewhere, here it writes."""

    def __init__(self, judge: Any):
        self.judge = getattr(judge, "judge", judge)  # the model behind a cache of yes/no answers
        self.name = str(getattr(judge, "name", "the judge"))

    def rewrite(self, question: str, kind: str, problem: str) -> str:
        from greenroom.backends.judge import JudgeError

        try:
            reply = self.judge._complete(rewrite_request(question, kind, problem))
        except JudgeError as err:
            raise LLMUnavailable(str(err)) from None
        return rewrite_from(reply, self.name)


def brief(dossier: Dossier, homework: Homework | None, per_category: int) -> str:
    """The user message: the dossier, and what was asked before (so it is not asked again)."""
    role = f", {dossier.role}," if dossier.role else ""
    lines = [f"Guest: {dossier.guest}{role} in the {dossier.kind} {dossier.title}"
             + (f" ({dossier.year})" if dossier.year else "") + "."]
    if dossier.angle:
        lines.append(f"Angle: {dossier.angle.rstrip('.')}.")
    if dossier.facts:
        lines += ["Key facts:", *(f"- {f}" for f in dossier.facts)]
    if dossier.avoid:
        lines += ["Never touch: " + "; ".join(dossier.avoid) + "."]
    if dossier.questions:
        lines += ["The interviewer already has these questions (write different ones):",
                  *(f"- {q}" for q in dossier.questions)]
    asked = [q.text for q in homework.questions][:15] if homework else []
    covered = [*asked, *dossier.covered]
    if covered:
        lines += ["Already asked or covered in earlier interviews (do not repeat):", *(f"- {q}" for q in covered)]
    lines.append(f"Write {per_category} questions for each category: {', '.join(CATEGORIES)}.")
    return "\n".join(lines)


def parse_drafts(content: str, where: str = "the model") -> list[Draft]:
    """The JSON list in a model's answer (code fences and chatter around it are ignored;
    Markdown markup inside a question is taken out)."""
    match = re.search(r"\[.*\]", content, re.DOTALL)
    try:
        items = json.loads(match.group(0)) if match else None
    except json.JSONDecodeError:
        items = None
    if not isinstance(items, list):
        raise LLMUnavailable(f"{where}: the answer holds no JSON list of questions")
    drafts = []
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("question"), str) and item["question"].strip():
            category = str(item.get("category", "")).strip().lower()
            drafts.append(Draft(category if category in CATEGORIES else "", plain(item["question"]),
                                plain(str(item.get("follow_up") or ""))))
    return drafts

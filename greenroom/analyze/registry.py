"""Analyzers declare what they read and what they add; the pipeline checks the order.

Like spaCy's `Language.component(requires=, assigns=)`: each analyzer names the
layers it needs (`requires`) and the layers it fills (`assigns`). `run` orders
the chosen analyzers so every requirement is met by an earlier one or already
present in the interview, and a missing step is a clear `AnalysisError`, not an
AttributeError deep inside an analyzer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from greenroom.errors import GreenroomError
from greenroom.model import Interview

LAYERS = ("utterances", "turns", "chapters", "moments", "flags", "metrics", "card")


class AnalysisError(GreenroomError):
    """An analysis that cannot run: unknown analyzer, missing prerequisite, unusable interview."""


@dataclass(frozen=True)
class AnalysisOptions:
    """What a run of analyzers can be told; each field's default is what a plain
    `greenroom analyze` does. Typed, so a misspelt option is a TypeError where it is
    made, not a setting silently ignored deep inside an analyzer."""

    judge: Any | None = None
    """A text model (`greenroom.prep.llm`-style `ask`) that re-ranks the moment
    shortlist, its answers kept as evidence; None: the fitted ranker alone."""
    judge_kinds: bool = False
    """The judge also confirms question kinds the rules are unsure of (`turns.confirmed_kind`); off:
    the packaged 1.5B judge lowered dev kind accuracy on those asks (bench/question_bench.py --judge)."""
    judge_privacy: bool = False
    """The judge also drops weak sensitive-topic privacy flags it calls not private
    (`privacy.judge_review`); off: with the packaged 1.5B judge the fresh test split lost
    3 labelled passages (recall 0.64 -> 0.61) for precision 0.39 -> 0.44, and a missed
    private passage is published while a needless flag costs a glance."""
    privacy_ner: bool = True
    """Privacy finds names with spaCy's NER (the privacy extra) besides its rules;
    False: the rules alone (faster, and what tests without the extra use)."""


@dataclass
class Context:
    """What analyzers share within one run: lazily loaded engines, options.
    `options` may be given as a dict of the same fields (older callers): it is read
    into `AnalysisOptions` once, and an unknown key is a TypeError."""

    options: AnalysisOptions = field(default_factory=AnalysisOptions)
    cache: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if isinstance(self.options, Mapping):
            self.options = AnalysisOptions(**self.options)

    def engine(self, name: str, load: Callable[[], Any]) -> Any:
        """Load an engine (an embedder, an NLP pipeline) once per run."""
        if name not in self.cache:
            self.cache[name] = load()
        return self.cache[name]


Run = Callable[[Interview, Context], None]


@dataclass
class Analyzer:
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    run: Run
    doc: str = ""
    reads: tuple[str, ...] = ()  # layers used when present: their makers in the same run go first


REGISTRY: dict[str, Analyzer] = {}


def analyzer(name: str, *, requires: tuple[str, ...] = ("utterances",),
             assigns: tuple[str, ...] = (), reads: tuple[str, ...] = ()) -> Callable[[Run], Run]:
    """Register a function `(interview, context) -> None` as analyzer `name`.
    `reads` names layers it uses when they exist but can do without (moments
    skip passages flagged to cut): an analyzer making one of them in the same run
    goes first, whatever order the modules were imported in."""
    def register(fn: Run) -> Run:
        unknown = [layer for layer in (*requires, *assigns, *reads) if layer not in LAYERS]
        if unknown:
            raise ValueError(f"analyzer {name}: unknown layers {unknown}")
        summary = (fn.__doc__ or "").strip().split("\n")[0]
        REGISTRY[name] = Analyzer(name, requires, assigns, fn, summary, reads)
        return fn
    return register


def present(interview: Interview, layer: str) -> bool:
    value = getattr(interview, layer)
    return bool(value) if isinstance(value, list) else value is not None


def plan(names: list[str], interview: Interview) -> list[Analyzer]:
    """The analyzers to run, in an order that meets every `requires`."""
    unknown = [n for n in names if n not in REGISTRY]
    if unknown:
        raise AnalysisError(f"unknown analyzer {', '.join(unknown)} (known: {', '.join(sorted(REGISTRY))})")
    ready = {layer for layer in LAYERS if present(interview, layer)}
    pending = [REGISTRY[n] for n in names]
    ordered: list[Analyzer] = []
    while pending:
        runnable = [a for a in pending if set(a.requires) <= ready
                    and not any(set(a.reads) & set(b.assigns) for b in pending if b is not a)]
        if not runnable:
            blocked = pending[0]
            missing = sorted(set(blocked.requires) - ready)
            providers = sorted({a.name for a in REGISTRY.values() if set(missing) & set(a.assigns)})
            hint = f"; run {' and '.join(providers)} first" if providers else ""
            raise AnalysisError(f"{interview.id or interview.title}: analyzer {blocked.name} needs "
                                f"{', '.join(missing)}{hint}")
        for item in runnable:
            ordered.append(item)
            ready |= set(item.assigns)
            pending.remove(item)
    return ordered


def run(interview: Interview, names: list[str] | None = None, context: Context | None = None,
        progress: Callable[[str, int, int], None] | None = None) -> Interview:
    """Run the named analyzers (all registered ones by default) on `interview`, in place."""
    if not interview.utterances:
        raise AnalysisError(f"{interview.id or interview.title}: the interview has no utterances to analyze")
    context = context or Context()
    steps = plan(names or list(REGISTRY), interview)
    for index, step in enumerate(steps):
        if progress:
            progress(step.name, index, len(steps))
        step.run(interview, context)
    return interview

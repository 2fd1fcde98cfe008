"""The shape of the code: imports point inward, and `--help` stays light."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from rule_inventory import Rule, inventory

PACKAGE = Path(__file__).resolve().parents[1] / "greenroom"
HEAVY = ("torch", "onnxruntime", "faster_whisper", "spacy", "fastapi", "uvicorn", "resemblyzer",
         "presidio_analyzer", "cv2", "numpy")


def greenroom_imports(path: Path) -> set[str]:
    """Every `greenroom.x` module a file imports (top-level or inside functions)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found |= {n for n in names if n == "greenroom" or n.startswith("greenroom.")}
    return found


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def all_modules() -> dict[str, set[str]]:
    return {module_name(p): greenroom_imports(p) for p in PACKAGE.rglob("*.py")}


def test_model_imports_nothing_of_ours() -> None:
    assert greenroom_imports(PACKAGE / "model.py") == set()


def test_nothing_imports_the_cli() -> None:
    for name, imports in all_modules().items():
        if not name.startswith("greenroom.cli") and name != "greenroom.__main__":
            assert not any(i.startswith("greenroom.cli") for i in imports), name


def test_formats_do_not_import_the_library_or_stages() -> None:
    for name, imports in all_modules().items():
        if name.startswith("greenroom.formats"):
            outward = {i for i in imports if i.startswith(("greenroom.library", "greenroom.capture"))}
            assert not outward, f"{name} imports {outward}"


STAGES = ("greenroom.analyze", "greenroom.capture", "greenroom.edit", "greenroom.publish", "greenroom.library",
          "greenroom.prep")


def test_text_imports_no_stage() -> None:
    """`greenroom.text` is below the stages: they ask it about English, never the reverse."""
    for name, imports in all_modules().items():
        if name == "greenroom.text" or name.startswith("greenroom.text."):
            upward = {i for i in imports if i.startswith(STAGES) or i.startswith(("greenroom.cli", "greenroom.web"))}
            assert not upward, f"{name} imports {upward}"


# -- English rules live in greenroom/text -------------------------------------------------

RULE_MIN = 5  # alternatives (or words) from which a pattern or word list counts as an English rule
# Modules other work is moving into greenroom/text this session (issue 18): their rules are
# what remains to move. Remove a module once it holds no rule of RULE_MIN or more (capture's
# roles, transcribe and speakers, also being moved, hold none already, so are not listed).
MOVING = {
    "greenroom.analyze.privacy": "personal data, kinship and topics: moving to text/privacy",
    "greenroom.analyze.privacy_rules": "off-the-record requests: moving to text/privacy",
    "greenroom.analyze.chapters": "topic lead-ins and title words: moving to text/transitions",
    "greenroom.prep.dossier": "a dossier's headings and keys read by meaning (issue 18, item 6: prep work)",
    "greenroom.prep.plan": "the plan's question templates and kin words (issue 18, item 6: prep work)",
}
# Single rules still outside text/ that no one moves yet: each a known debt, with where it goes.
REMAINING = {
    ("greenroom.formats.cues", "STOPWORDS"): "words opening 'Word: ...' lines that never name a speaker: text/speakers",
    ("greenroom.formats.cues", "_PREFIX"): "a speaker label with name particles, a copy of formats.text's: text/speakers",
    ("greenroom.formats.cues", "_CLINGS"): "words a caption line never ends on (they cling to the next): text/captions",
    ("greenroom.formats.cues", "_ANONYMOUS"): "anonymous speaker labels ('Speaker 1'): text/speakers",
    ("greenroom.formats.assemble", "ANONYMOUS"): "the same labels as formats.cues: one list in text/speakers",
    ("greenroom.formats.text", "PARTICLES"): "name particles ('van', 'de') in speaker labels: text/speakers",
    ("greenroom.publish.guide", "out"): "the guide's question openers: text/questions",
    ("greenroom.sample.exchanges", "BACKCHANNELS"): "the sample's backchannels: text/leadins",
    ("greenroom.prep.llm", "CATEGORIES"): "question categories the drafter asks for: text/questions",
    ("greenroom.analyze.ranker", "JUDGE_QUESTIONS"): "the judge's questions: prompts, not rules; stays",
}
# Lists of our own identifiers (layers, kinds, keys, styles, time formats): no English to move.
NOT_LANGUAGE = {
    ("greenroom.analyze.registry", "LAYERS"), ("greenroom.model", "MARK_KINDS"), ("greenroom.model", "MOMENT_KINDS"),
    ("greenroom.library.store", "_UTTERANCE_KEYS"), ("greenroom.cli.render", "SPEAKER_STYLES"),
    ("greenroom.publish.social", "FONTS"), ("greenroom.analyze.ranker", "KIND_FEATURES"),
    ("greenroom.formats.srt", "_TIMELIKE"), ("greenroom.prep.lint", "KINDS"), ("greenroom.analyze.turns", "TOPICS"),
}


def english_rules() -> list[Rule]:
    return [r for r in inventory() if r.alternatives >= RULE_MIN]


def test_no_english_rule_outside_text_beyond_what_remains_to_move() -> None:
    """A new word list or pattern of RULE_MIN+ alternatives goes in greenroom/text as data
    (with examples), not in a stage: only the modules being moved and the listed debts hold one."""
    new = [f"{r.module}.{r.name} ({r.kind}, {r.alternatives})" for r in english_rules()
           if r.module not in MOVING and (r.module, r.name) not in REMAINING and (r.module, r.name) not in NOT_LANGUAGE]
    assert not new, "English rules outside greenroom/text (move them to text/data): " + ", ".join(new)


def test_the_allowlists_hold_only_what_is_still_there() -> None:
    """Once a rule or a module's rules have moved, its allowlist entry goes too, so the
    lists stay what remains to move."""
    found = {(r.module, r.name) for r in english_rules()}
    modules = {module for module, _ in found}
    assert not [m for m in MOVING if m not in modules], "moved already: drop from MOVING"
    assert not [k for k in (*REMAINING, *NOT_LANGUAGE) if k not in found], "moved already: drop from the allowlist"


def test_moved_modules_leave_only_import_shims() -> None:
    """analyze/sentences, english, grammar and standalone moved to text/: what is left of them
    re-exports text/ for importers still to move, and defines nothing."""
    for name in ("sentences", "english", "grammar", "standalone"):
        tree = ast.parse((PACKAGE / "analyze" / f"{name}.py").read_text())
        defined = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))
                   or (isinstance(n, ast.Assign) and not all(isinstance(t, ast.Name) and t.id == "__all__"
                                                              for t in n.targets))]
        assert not defined, f"analyze/{name}.py defines code again: it belongs in greenroom/text"


def test_help_imports_no_heavy_engine_and_no_format_module() -> None:
    code = (
        "import sys\n"
        "from greenroom.cli.main import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(done.stdout.split())
    assert not {m for m in loaded if m.split(".")[0] in HEAVY}
    assert "greenroom.library" not in loaded
    assert "greenroom.formats.srt" not in loaded


QUESTION_RULES = {"IMPERATIVE", "CLOSED", "POLITE_OPEN", "LEADING", "MORE_LEADING", "DOUBLE_AND", "FOLLOW_UP",
                  "SECOND_ASK", "SECOND_CLOSED", "OPENS_WH"}


def module_level_names(path: Path) -> set[str]:
    """Names a module assigns or defines at its top level."""
    found: set[str] = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign):
            found |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            found.add(node.target.id)
        elif isinstance(node, ast.FunctionDef):
            found.add(node.name)
    return found


def test_turns_and_roles_get_who_asks_and_question_rules_from_text() -> None:
    """One question detector (`text.questions`): turns, roles, coaching and the linter ask it,
    none keeps a pattern of its own, and turns no longer reaches into capture for who asks."""
    turns = greenroom_imports(PACKAGE / "analyze" / "turns.py")
    roles = greenroom_imports(PACKAGE / "capture" / "roles.py")
    assert "greenroom.text.questions" in turns and "greenroom.text.questions" in roles
    assert not {i for i in turns if i.startswith("greenroom.capture")}
    for rel in ("analyze/turns.py", "analyze/coaching.py", "capture/roles.py", "prep/lint.py"):
        own = module_level_names(PACKAGE / rel) & (QUESTION_RULES | {"_ends_on_question", "_clear_lead"})
        assert not own, f"{rel} defines {own}"

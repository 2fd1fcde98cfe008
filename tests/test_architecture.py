"""The shape of the code: imports point inward, and `--help` stays light."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

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


STAGES = ("greenroom.analyze", "greenroom.capture", "greenroom.edit", "greenroom.publish", "greenroom.library")


def test_text_imports_no_stage() -> None:
    """`greenroom.text` is below the stages: they ask it about English, never the reverse."""
    for name, imports in all_modules().items():
        if name == "greenroom.text" or name.startswith("greenroom.text."):
            upward = {i for i in imports if i.startswith(STAGES) or i.startswith(("greenroom.cli", "greenroom.web"))}
            assert not upward, f"{name} imports {upward}"


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

"""Every English rule written outside greenroom/text: compiled patterns and word lists.

Read from the source (nothing is imported), so it is cheap and sees patterns inside
functions too. A *pattern* is a `re.compile` / `re.search` / ... call (or a call to a
module's own helper that compiles, such as `_alt(...)`); its alternatives are its `|`
outside character classes, plus one per extra part it is joined from. A *word list* is a
set, frozenset, list or tuple literal (or a `"a b c".split()`) of three or more words; a
*lexicon* a dict literal of such sequences (regex parts allowed), counted by entries.
tests/test_architecture.py holds the count outside text/ to an allowlist; run this file
to print the table:

    python tests/rule_inventory.py [--min 4]
"""

from __future__ import annotations

import argparse
import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "greenroom"
RE_FUNCTIONS = {"compile", "search", "match", "fullmatch", "sub", "subn", "findall", "finditer", "split"}
WORD = re.compile(r"^[A-Za-z][A-Za-z'’. -]{0,30}$")
MIN_WORDS = 3


@dataclass(frozen=True)
class Rule:
    module: str
    name: str
    kind: str  # "pattern" or "words"
    alternatives: int


def alternatives_in(pattern: str) -> int:
    """1 + the `|` of a pattern outside character classes and escapes."""
    count, escaped, in_class = 1, False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "|" and not in_class:
            count += 1
    return count


def _strings(node: ast.AST, lists: dict[str, list[str]]) -> list[str]:
    """The string parts a pattern expression is built from (module-level tuples it joins included)."""
    found: list[str] = []
    for sub in ast.walk(node):
        if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            found.append(sub.value)
        elif isinstance(sub, ast.Name) and sub.id in lists:
            found += lists[sub.id]
    return found


def _pattern_size(node: ast.Call, lists: dict[str, list[str]]) -> int:
    """Alternatives of one compiling call: its `|` plus one per joined part beyond the first."""
    args = node.args if not _is_re_call(node) else node.args[:1]
    parts = [s for arg in args for s in _strings(arg, lists)]
    bars = sum(alternatives_in(p) - 1 for p in parts)
    joined = sum(1 for arg in args for sub in ast.walk(arg)
                 if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and sub.func.attr == "join")
    separate = len(args) - 1 if not _is_re_call(node) else 0
    return 1 + bars + separate + (max(0, len(parts) - 2) if joined else 0)


def _is_re_call(node: ast.Call) -> bool:
    func = node.func
    return (isinstance(func, ast.Attribute) and func.attr in RE_FUNCTIONS
            and isinstance(func.value, ast.Name) and func.value.id == "re")


def _compilers(tree: ast.Module) -> set[str]:
    """Module functions that return a compiled pattern (`def _alt(*parts): return re.compile(...)`)."""
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef)
            and any(isinstance(s, ast.Return) and isinstance(s.value, ast.Call) and _is_re_call(s.value)
                    for s in ast.walk(node))}


def _strings_literal(node: ast.AST) -> list[str] | None:
    """The strings of a literal sequence of strings (regex parts included), or None."""
    if isinstance(node, (ast.Set, ast.List, ast.Tuple)) and node.elts and all(
            isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
        return [e.value for e in node.elts]  # type: ignore[attr-defined]
    return None


def _is_string_expression(node: ast.AST, known: dict[str, list[str]]) -> bool:
    """A string constant, a known piece, or a `+` of them."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.Name):
        return node.id in known
    return (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add)
            and _is_string_expression(node.left, known) and _is_string_expression(node.right, known))


def _lexicon(node: ast.AST) -> int:
    """Entries of a literal dict of string sequences (`{"health": (r"sick\\w*", ...)}`), else 0."""
    if not isinstance(node, ast.Dict) or not node.values:
        return 0
    sizes = [_strings_literal(v) for v in node.values]
    return sum(len(s) for s in sizes if s) if all(sizes) else 0


def _word_list(node: ast.AST) -> list[str] | None:
    """The words of a literal word list, or None when `node` is not one."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("frozenset", "set", "tuple"):
        return _word_list(node.args[0]) if node.args else None
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "split"
            and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str) and not node.args):
        words = node.func.value.value.split()
    elif isinstance(node, (ast.Set, ast.List, ast.Tuple)):
        if not all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
            return None
        words = [e.value for e in node.elts]  # type: ignore[attr-defined]
    else:
        return None
    return words if len(words) >= MIN_WORDS and all(WORD.match(w) for w in words) else None


def _target(node: ast.AST) -> str | None:
    if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
        target = node.targets[0] if isinstance(node, ast.Assign) else node.target
        if isinstance(target, ast.Name):
            return target.id
    return None


def module_rules(path: Path) -> Iterator[Rule]:
    """The patterns and word lists one source file defines."""
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    values = {name: node.value for node in tree.body if (name := _target(node))}  # type: ignore[attr-defined]
    lists = {name: found for name, value in values.items() if (found := _strings_literal(value)) is not None}
    for name, value in values.items():  # pattern pieces built from strings: `_REPORTING = r"(?:said|" + ...`
        if name not in lists and _is_string_expression(value, lists):
            lists[name] = _strings(value, lists)
    words = {name: found for name, value in values.items() if (found := _word_list(value)) is not None}
    compilers = _compilers(tree)
    named: dict[int, str] = {}
    for node in ast.walk(tree):
        name = _target(node)
        if name:
            for sub in ast.walk(node.value):  # type: ignore[attr-defined]
                named.setdefault(id(sub), name)
    for name, found in words.items():
        yield Rule(module, name, "words", len(found))
    for name, value in values.items():
        if size := _lexicon(value):
            yield Rule(module, name, "lexicon", size)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        local = isinstance(node.func, ast.Name) and node.func.id in compilers
        if (_is_re_call(node) and node.args) or local:
            yield Rule(module, named.get(id(node), f"line {node.lineno}"), "pattern", _pattern_size(node, lists))


def inventory(outside: str = "greenroom/text") -> list[Rule]:
    """Every rule in the package outside `outside`, merged per (module, name)."""
    merged: dict[tuple[str, str, str], int] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.is_relative_to(PACKAGE.parent / outside):
            continue
        for rule in module_rules(path):
            key = (rule.module, rule.name, rule.kind)
            merged[key] = merged.get(key, 0) + rule.alternatives
    return [Rule(m, n, k, a) for (m, n, k), a in merged.items()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--min", type=int, default=1, help="only rules with at least this many alternatives")
    parser.add_argument("--by-module", action="store_true", help="one line per module")
    args = parser.parse_args()
    rules = [r for r in inventory() if r.alternatives >= args.min]
    if args.by_module:
        modules: dict[str, list[Rule]] = {}
        for rule in rules:
            modules.setdefault(rule.module, []).append(rule)
        for module, found in sorted(modules.items(), key=lambda kv: -sum(r.alternatives for r in kv[1])):
            print(f"{module:45} {len(found):4} rules {sum(r.alternatives for r in found):6} alternatives")
    else:
        for rule in sorted(rules, key=lambda r: (r.module, -r.alternatives)):
            print(f"{rule.module:45} {rule.name:28} {rule.kind:8} {rule.alternatives:5}")
    patterns = [r for r in rules if r.kind == "pattern"]
    words = [r for r in rules if r.kind != "pattern"]
    print(f"\noutside greenroom/text: {len(patterns)} patterns ({sum(r.alternatives for r in patterns)} alternatives), "
          f"{len(words)} word lists and lexicons ({sum(r.alternatives for r in words)} entries), "
          f"at >= {args.min} alternatives")


if __name__ == "__main__":
    main()

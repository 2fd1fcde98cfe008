"""Dossiers: the YAML and Markdown shapes read the same, and every mistake is one line
naming the key and the line it is on."""

from __future__ import annotations

from pathlib import Path

import pytest

from greenroom.errors import InputError
from greenroom.prep.dossier import DEFAULT_MINUTES, load, parse

pytest.importorskip("yaml")

SAMPLE = Path(__file__).resolve().parents[1] / "greenroom" / "sample" / "dossier.yaml"

YAML = """\
guest:
  name: Mara Quinn
  role: the band's singer
project:
  title: Salt and Static
  kind: album
facts:
  - Recorded in a converted church in Leith
angle: rooms that argue back
"""

MARKDOWN = """\
---
guest: {name: Mara Quinn, role: the band's singer}
project:
  title: Salt and Static
  kind: album
  year: 2024
minutes: 30
---

## Key facts
- Recorded in a converted church in Leith
- The title track is about her grandfather's
  shortwave radio

## Angle
rooms that argue back

## Topics to avoid
- the lawsuit with her old label
"""


def test_the_sample_dossier_loads() -> None:
    dossier = load(SAMPLE)
    assert (dossier.guest, dossier.role, dossier.title, dossier.kind, dossier.year) == \
        ("Tom Hale", "the lighthouse keeper", "Low Tide", "film", 2025)
    assert len(dossier.facts) == 5 and dossier.avoid == ["his daughter"] and dossier.minutes == 20


def test_yaml_with_only_the_required_keys() -> None:
    dossier = parse(YAML, "d.yaml")
    assert dossier.minutes == DEFAULT_MINUTES and dossier.avoid == [] and dossier.year is None
    assert dossier.facts == ["Recorded in a converted church in Leith"]


def test_markdown_front_matter_and_sections() -> None:
    dossier = parse(MARKDOWN, "d.md")
    assert (dossier.guest, dossier.kind, dossier.year, dossier.minutes) == ("Mara Quinn", "album", 2024, 30)
    assert dossier.facts == ["Recorded in a converted church in Leith",
                             "The title track is about her grandfather's shortwave radio"]
    assert dossier.angle == "rooms that argue back"
    assert dossier.avoid == ["the lawsuit with her old label"]


def error(text: str, path: str = "d.yaml") -> InputError:
    with pytest.raises(InputError) as caught:
        parse(text, path)
    return caught.value


@pytest.mark.parametrize("text, line, problem", [
    (YAML.replace("  role: the band's singer\n", ""), 1, "missing 'guest.role'"),
    (YAML.replace("angle: rooms that argue back\n", ""), 1, "missing 'angle'"),
    (YAML + "mood: tense\n", 10, "unknown key 'mood'"),
    (YAML.replace("  kind: album", "  kind: album\n  budget: 3"), 7, "unknown key 'project.budget'"),
    (YAML.replace("kind: album", "kind: podcast"), 6, "'project.kind' should be one of film, series, album, tour"),
    (YAML + "minutes: forty\n", 10, "'minutes' should be a whole number from 6 to 600"),
    (YAML + "minutes: 5\n", 10, "'minutes' should be a whole number from 6 to 600"),
    (YAML.replace("facts:\n  - Recorded in a converted church in Leith", "facts: a church"), 7,
     "'facts' should be a list"),
    (YAML.replace("facts:\n  - Recorded in a converted church in Leith", "facts: []"), 7, "'facts' is empty"),
    (YAML + "angle: again\n", 10, "'angle' is given twice"),
    (YAML.replace("  title: Salt and Static", "  title: [Salt"), 6, "not valid YAML"),
    ("- just\n- a list\n", 1, "expected keys such as guest:"),
])
def test_yaml_mistakes_name_the_key_and_line(text: str, line: int, problem: str) -> None:
    err = error(text)
    assert err.line == line, str(err)
    assert problem in err.problem
    assert str(err).startswith(f"d.yaml:{line}: ") and "\n" not in str(err)


@pytest.mark.parametrize("text, line, problem", [
    (MARKDOWN.replace("## Angle", "## Mood"), 15, "unknown section 'Mood'"),
    (MARKDOWN.replace("minutes: 30", "minutes: 30\nangle: one"), 16, "'angle' is given twice"),
    (MARKDOWN.replace("- the lawsuit", "the lawsuit"), 19, "'avoid' takes '- ' bullets"),
    (MARKDOWN.replace("  kind: album", "  kind: tape"), 5, "'project.kind' should be one of"),
    (MARKDOWN.replace("minutes: 30\n---", "minutes: 30\n"), 1, "front matter opened with '---' is never closed"),
    ("Some notes\n## Facts\n- one\n", 1, "text before the first '## Section' heading"),
])
def test_markdown_mistakes_name_the_line(text: str, line: int, problem: str) -> None:
    err = error(text, "d.md")
    assert err.line == line, str(err)
    assert problem in err.problem


def test_missing_sub_key_points_at_its_parent(tmp_path: Path) -> None:
    text = "angle: x\nfacts: [y]\nguest:\n  name: Tom Hale\nproject: {title: Low Tide, kind: film}\n"
    err = error(text)
    assert (err.line, err.problem) == (3, "missing 'guest.role'")


def test_prep_prints_one_line_for_a_bad_dossier(greenroom, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dossier = tmp_path / "dossier.yaml"
    dossier.write_text(YAML + "budget: 10\n")
    result = greenroom("prep", str(dossier))
    assert result.exit_code == 1
    assert result.output == (f"greenroom: error: {dossier}:10: unknown key 'budget' (expected one of: guest, "
                             "project, facts, angle, avoid, minutes, notes)\n")


def test_prep_names_a_missing_dossier(greenroom, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = greenroom("prep", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 1
    assert result.output == f"greenroom: error: {tmp_path / 'nope.yaml'}: no such file\n"

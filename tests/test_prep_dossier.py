"""Dossiers: the YAML and Markdown shapes read the same, and every mistake is one line
naming the key and the line it is on."""

from __future__ import annotations

from pathlib import Path

import pytest

from greenroom.errors import InputError
from greenroom.prep.dossier import DEFAULT_MINUTES, load, minutes_in, parse, plain

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
    (MARKDOWN.replace("minutes: 30", "minutes: 30\nangle: one"), 16, "'angle' is given twice"),
    (MARKDOWN.replace("minutes: 30\n---", "minutes: 30\n"), 1, "front matter opened with '---' is never closed"),
    ("---\n- a\n- b\n---\n## Facts\n- one\n", 2, "front matter should hold keys"),
])
def test_markdown_mistakes_name_the_line(text: str, line: int, problem: str) -> None:
    err = error(text, "d.md")
    assert err.line == line, str(err)
    assert problem in err.problem


FILM = YAML.replace("the band's singer", "the lighthouse keeper")


@pytest.mark.parametrize("text, warning, read", [
    (YAML.replace("kind: album", "kind: podcast"),
     "d.yaml:6: 'podcast' is not one of film, series, album, tour, so the plan is for an album", ("kind", "album")),
    (FILM.replace("kind: album", "kind: tape"),
     "d.yaml:6: 'tape' is not one of film, series, album, tour, so the plan is for a film", ("kind", "film")),
    (YAML + "minutes: forty\n",
     ("d.yaml:10: 'forty' is not a time from 6 to 600 minutes (such as 20, '20 minutes' or '1h'), so the plan "
      "takes 20"), ("minutes", 20)),
    (YAML + "time: 2pm\n", "d.yaml:10: '2pm' is not a time from 6 to 600 minutes", ("minutes", 20)),
    (YAML + "minutes: 5\n", "d.yaml:10: '5' is not a time from 6 to 600 minutes", ("minutes", 20)),
    (YAML.replace("  kind: album", "  kind: album\n  year: soon"),
     "d.yaml:7: 'soon' is not a year, so the plan names none", ("year", None)),
])
def test_a_value_that_cannot_be_read_is_a_warning_with_its_line(text: str, warning: str,
                                                                 read: tuple[str, object]) -> None:
    dossier = parse(text, "d.yaml")
    (said,) = dossier.warnings
    assert said.startswith(warning)
    assert getattr(dossier, read[0]) == read[1]


@pytest.mark.parametrize("text, problem", [
    ("", "nothing usable found"),
    ("\n\n<!-- nothing yet -->\n", "nothing usable found"),
    ("## Facts\n- Recorded in a church\n", "no guest found: add a line 'guest: NAME'"),
    ("guest: Mara Quinn\n## Facts\n- Recorded in a church\n", "no project found: add a line 'project: TITLE'"),
])
def test_a_dossier_with_nothing_usable_is_one_line_naming_the_file(text: str, problem: str) -> None:
    err = error(text, "notes.md")
    assert problem in err.problem
    assert str(err).startswith("notes.md: ") and "\n" not in str(err)


def test_only_guest_and_project_are_required() -> None:
    dossier = parse("guest: Mara Quinn\nproject: Salt and Static\n", "d.yaml")
    assert (dossier.guest, dossier.role, dossier.title, dossier.facts, dossier.angle) == \
        ("Mara Quinn", "", "Salt and Static", [], "")
    assert dossier.kind == "film" and dossier.warnings == \
        ["d.yaml: no project kind given, so the plan is for a film (say 'kind: film | series | album | tour')"]


def test_unknown_keys_and_sections_are_kept_as_notes_with_one_warning() -> None:
    text = MARKDOWN.replace("minutes: 30", "minutes: 30\npublicist: Sam Reyes\nmood: tense") + \
        "\n## Logistics\n- Studio 2, 3pm\n- Bring the release form\n"
    dossier = parse(text, "d.md")
    assert dossier.warnings == ["d.md: kept as notes, not read as dossier keys: 'publicist', 'mood', 'Logistics'"]
    assert dossier.notes == "publicist: Sam Reyes. mood: tense. Logistics: Studio 2, 3pm; Bring the release form."
    assert dossier.facts and dossier.avoid == ["the lawsuit with her old label"]


def test_a_single_fact_may_be_a_plain_string_and_facts_may_be_empty() -> None:
    one = YAML.replace("facts:\n  - Recorded in a converted church in Leith", "facts: a church in Leith")
    assert parse(one, "d.yaml").facts == ["a church in Leith"]
    assert parse(YAML.replace("facts:\n  - Recorded in a converted church in Leith", "facts: []"), "d.yaml").facts == []


def test_prep_prints_one_line_for_a_bad_dossier(greenroom, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dossier = tmp_path / "dossier.yaml"
    dossier.write_text(YAML + "angle: again\n")
    result = greenroom("prep", str(dossier))
    assert result.exit_code == 1
    assert result.output == f"greenroom: error: {dossier}:10: 'angle' is given twice (line 9 and here)\n"


def test_prep_warns_once_about_unknown_keys(greenroom, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dossier = tmp_path / "dossier.yaml"
    dossier.write_text(YAML + "budget: 10\npublicist: Sam Reyes\n")
    result = greenroom("prep", str(dossier))
    assert result.exit_code == 0, result.output
    assert result.stderr == (f"greenroom: warning: {dossier}: kept as notes, not read as dossier keys: "
                             "'budget', 'publicist'\n")
    assert "budget: 10. publicist: Sam Reyes." in result.stdout


def test_prep_names_a_missing_dossier(greenroom, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = greenroom("prep", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 1
    assert result.output == f"greenroom: error: {tmp_path / 'nope.yaml'}: no such file\n"


# -- dossiers as journalists write them ----------------------------------------------
# Each was refused before the reader learned to take it as written (issue #18); the guests
# and projects are invented.

TITLED = """\
# Nadia Ferreira on *The Glass Orchard*

- **Guest:** Nadia Ferreira
- **Role:** Rosa, the orchard keeper's daughter
- **Project:** The Glass Orchard (film, 2026)
- **Time:** 25 min

## Key facts
- Spent six weeks on a working apple farm in Asturias before the shoot
- Shot the frost scene at dawn over four mornings; the crew lit smudge pots between takes
- Her first lead in a feature after ten years in theatre

## Angle
Silence between a mother and a daughter as a way of telling the story

## Avoid
- Her former agent
"""

OWN_QUESTIONS = """\
---
guest:
  name: Tomasz Wierzba
  role: drummer
project:
  title: Night Ferries
  kind: album
  year: 2025
---

## Background
- Recorded the drums for *Night Ferries* in a disused ferry terminal in Gdynia
- Played to a click track for the first time on this record
- Toured with the band for eight years before writing
  any of the songs

## Questions I want to ask
1. What did the ferry terminal do to the sound of your kit?
2. How did playing to a click change the way the songs breathe?
3. Which song on Night Ferries started from a drum part?

## Angle
The room as an instrument
"""

COVERED = """\
---
guest:
  name: Priya Anand
  role: Detective Inspector Hale
project:
  title: Low Water
  kind: series
minutes: 30
---

## Facts
- Spent a week with a river police unit on the Thames before filming
- Learned to pilot the patrol launch herself; the stunt double was never used
- The second series was filmed through a wet winter in Gravesend

## Already covered elsewhere
- How she prepared to play Hale (Radio Times, 2025)
- Growing up in Leicester and her first drama school (The Guardian, 2024)

## Angle
Authority without ever raising her voice
"""

PLAIN_GUEST = """\
guest: Orla Brennan
project:
  title: The Long Field
  kind: film
  year: 2026
facts:
  - Lambed two hundred ewes on a Wicklow farm in the spring before the shoot
  - Most of the film was shot in one valley with natural light only
angle: how work on the land shapes a character
avoid: [her divorce]
"""

PLAIN_PROJECT = """\
---
guest:
  name: Dev Malhotra
  role: lead singer, The Pale Hours
project: Salt Lines (The Pale Hours' second album, 2024)
---

## Facts
- Wrote most of the lyrics on night buses between Leeds and Manchester
- The title track was recorded in a single take after a power cut in the studio

## Angle
- Writing: how he turns overheard conversations into `lyrics`

## Off limits
- The lawsuit with the band's first label
"""

LOOSE_KEYS = """\
# Tour prep — June Okafor

guest: June Okafor
role: bassist and co-writer
project: The Lanterns Tour
time: 1h
publicist: Sam Reyes

## Background
- Rehearsed the set for three weeks in a converted church hall in Bristol
- Plays a fretless bass on four songs of the set for the first time live
- See [the tour dates](https://example.com/lanterns) for the fourteen cities

## No-go
- Her health last year
"""

DOCS_EXPORT = """\
Interview: Ana Lucía Prieto
===========================

**Guest:** Ana Lucía Prieto  
**Role:** showrunner  
**Show:** *The Quiet Coast*, season 2 (2026)  
**Length:** 30 mins

**Background**

Ana Lucía wrote the first season in a borrowed flat in Cádiz. The second season moves
the story north to Galicia.

She cast mostly local, non-professional actors for the fishing village.

**Q's**

1) What do non-professional actors give a scene that trained ones can't?

**Don't mention**

* Her split with the network

**Interview logistics**

Zoom, 4pm CET. Publicist on the call.
"""

NATURAL = [  # (name, file, text, what it reads as)
    ("a # title heading", "titled.md", TITLED, {
        "guest": "Nadia Ferreira", "role": "Rosa, the orchard keeper's daughter", "title": "The Glass Orchard",
        "kind": "film", "year": 2026, "minutes": 25, "avoid": ["Her former agent"],
        "angle": "Silence between a mother and a daughter as a way of telling the story"}),
    ("## Questions I want to ask", "questions.md", OWN_QUESTIONS, {
        "guest": "Tomasz Wierzba", "kind": "album", "questions": [
            "What did the ferry terminal do to the sound of your kit?",
            "How did playing to a click change the way the songs breathe?",
            "Which song on Night Ferries started from a drum part?"],
        "facts": ["Recorded the drums for Night Ferries in a disused ferry terminal in Gdynia",
                  "Played to a click track for the first time on this record",
                  "Toured with the band for eight years before writing any of the songs"]}),
    ("## Already covered elsewhere", "covered.md", COVERED, {
        "kind": "series", "minutes": 30, "covered": [
            "How she prepared to play Hale (Radio Times, 2025)",
            "Growing up in Leicester and her first drama school (The Guardian, 2024)"]}),
    ("guest: as a plain string", "plain-guest.yaml", PLAIN_GUEST, {
        "guest": "Orla Brennan", "role": "", "title": "The Long Field", "avoid": ["her divorce"]}),
    ("project: as a plain string", "plain-project.md", PLAIN_PROJECT, {
        "title": "Salt Lines", "kind": "album", "year": 2024, "role": "lead singer, The Pale Hours",
        "angle": "Writing: how he turns overheard conversations into lyrics",
        "avoid": ["The lawsuit with the band's first label"]}),
    ("role:, time: 1h and unknown keys", "tour.md", LOOSE_KEYS, {
        "guest": "June Okafor", "role": "bassist and co-writer", "title": "The Lanterns Tour", "kind": "tour",
        "minutes": 60, "notes": "publicist: Sam Reyes.", "avoid": ["Her health last year"]}),
    ("a document export: underlined title, bold headings", "docs.md", DOCS_EXPORT, {
        "guest": "Ana Lucía Prieto", "role": "showrunner", "title": "The Quiet Coast", "kind": "series",
        "year": 2026, "minutes": 30, "avoid": ["Her split with the network"],
        "facts": [("Ana Lucía wrote the first season in a borrowed flat in Cádiz. The second season moves the "
                   "story north to Galicia."), "She cast mostly local, non-professional actors for the fishing village."],
        "questions": ["What do non-professional actors give a scene that trained ones can't?"],
        "notes": "Interview logistics: Zoom, 4pm CET. Publicist on the call."}),
]


@pytest.mark.parametrize("name, file, text, expected", NATURAL, ids=[n[0] for n in NATURAL])
def test_a_natural_markdown_dossier_loads(name: str, file: str, text: str, expected: dict, tmp_path: Path) -> None:  # type: ignore[type-arg]
    path = tmp_path / file
    path.write_text(text)
    dossier = load(path).to_dict() | vars(load(path))
    for key, value in expected.items():
        assert dossier[key] == value, key
    assert all(markup_free(v) for v in [*dossier["facts"], *dossier["avoid"], dossier["angle"], dossier["notes"]])


def test_unknown_keys_of_a_natural_dossier_are_named_in_one_warning() -> None:
    assert parse(LOOSE_KEYS, "tour.md").warnings == ["tour.md: kept as notes, not read as dossier keys: 'publicist'"]
    assert [parse(text, file).warnings for _, file, text, _ in NATURAL[:5]] == [[]] * 5
    assert parse(DOCS_EXPORT, "docs.md").warnings == \
        ["docs.md: kept as notes, not read as dossier keys: 'Interview logistics'"]


def markup_free(text: str) -> bool:
    return not any(mark in text for mark in ("**", "`", "](", "<!--")) and not text.lstrip().startswith(("#", "- "))


@pytest.mark.parametrize("heading, section", [
    ("Facts", "facts"), ("Key facts", "facts"), ("Background", "facts"), ("Bio", "facts"),
    ("Avoid", "avoid"), ("Topics to avoid", "avoid"), ("Off limits", "avoid"), ("Off-limits", "avoid"),
    ("No-go", "avoid"), ("Questions to avoid", "avoid"),
    ("Questions I want to ask", "questions"), ("My questions", "questions"),
    ("Questions I want to ask (in order)", "questions"),
    ("Already covered", "covered"), ("Covered elsewhere", "covered"), ("Already covered elsewhere", "covered"),
    ("Past interviews", "covered"), ("The angle", "angle"), ("Notes", "notes"),
])
def test_headings_are_mapped_by_meaning(heading: str, section: str) -> None:
    body = "- Recorded in a church\n" if section != "angle" else "rooms that argue back\n"
    dossier = parse(f"guest: Mara Quinn\nproject: Salt and Static (album)\n\n## {heading}\n{body}", "d.md")
    read = {"facts": dossier.facts, "avoid": dossier.avoid, "questions": dossier.questions,
            "covered": dossier.covered, "angle": [dossier.angle], "notes": [dossier.notes.rstrip(".")]}
    assert read[section] == [body.strip().lstrip("- ")]
    assert not dossier.warnings


@pytest.mark.parametrize("written, minutes", [
    ("20", 20), ("20 minutes", 20), ("20 min", 20), ("20 mins.", 20), ("20m", 20), ("1h", 60), ("1 hour", 60),
    ("1h30", 90), ("1h 30m", 90), ("1.5 hours", 90), ("half an hour", 30), ("about 45 minutes", 45),
    ("20-25 minutes", 20), ("forty", None), ("soon", None),
])
def test_time_is_read_as_minutes(written: str, minutes: int | None) -> None:
    assert minutes_in(written) == minutes


@pytest.mark.parametrize("written, read", [
    ("**Joined** the band in 2016", "Joined the band in 2016"),
    ("- Tracked on a *1964* Gretsch", "Tracked on a 1964 Gretsch"),
    ("1. The closing song, `Tidewater`", "The closing song, Tidewater"),
    ("See [the studio diary](https://example.com/diary)", "See the studio diary"),
    ("## Heading  ", "Heading"),
    ("> quoted line", "quoted line"),
    ("- [x] done<!-- private -->", "done"),
    ("snake_case_name stays", "snake_case_name stays"),
])
def test_markup_is_taken_out_of_values(written: str, read: str) -> None:
    assert plain(written) == read


@pytest.mark.parametrize("text, guest, role, title, kind, year", [
    ("guest: Ines Calloway (guitarist, Harbour Lights)\nproject: Paper Moons\n",
     "Ines Calloway", "guitarist, Harbour Lights", "Paper Moons", "album", None),
    ("guest: Ines Calloway, guitarist\nalbum: Paper Moons (2025)\n", "Ines Calloway", "guitarist", "Paper Moons",
     "album", 2025),
    ("guest: Nadia Ferreira\nproject: The Glass Orchard, a feature film (2026)\n", "Nadia Ferreira", "",
     "The Glass Orchard", "film", 2026),
    ("guest: Mara Quinn\nproject: \"Love, Again\"\nkind: TV series\n", "Mara Quinn", "", "Love, Again", "series", None),
])
def test_guest_and_project_as_plain_strings(text: str, guest: str, role: str, title: str, kind: str,
                                            year: int | None) -> None:
    dossier = parse(text, "d.yaml")
    assert (dossier.guest, dossier.role, dossier.title, dossier.kind, dossier.year) == (guest, role, title, kind, year)


def test_a_title_names_the_guest_and_project_left_out() -> None:
    dossier = parse("# Ines Calloway — Paper Moons prep\n\nrole: guitarist\n\n## Facts\n- Recorded in Leith\n", "d.md")
    assert (dossier.guest, dossier.title, dossier.kind) == ("Ines Calloway", "Paper Moons", "album")
    dossier = parse("# Interview prep: Paper Moons\n\nguest: Ines Calloway\nkind: album\n", "d.md")
    assert (dossier.guest, dossier.title) == ("Ines Calloway", "Paper Moons")


def test_keys_may_be_headings_too() -> None:
    dossier = parse("# Notes for Friday\n\n## Guest\nInes Calloway (guitarist, Harbour Lights)\n\n## Project\n"
                    "Paper Moons — the band's third album, out in March 2025\n\n## Time\n45 minutes\n", "d.md")
    assert (dossier.guest, dossier.role, dossier.title, dossier.kind, dossier.year, dossier.minutes) == \
        ("Ines Calloway", "guitarist, Harbour Lights", "Paper Moons", "album", 2025, 45)
    assert not dossier.warnings


def test_text_under_the_title_that_is_not_a_key_is_kept_as_notes() -> None:
    dossier = parse("# Prep\n\nguest: Mara Quinn\nproject: Salt and Static (album)\nCall is remote: check the "
                    "line first\nShe is tired of junkets.\n\n## Facts\n- Recorded in a church\n", "d.md")
    assert dossier.facts == ["Recorded in a church"]
    assert "She is tired of junkets." in dossier.notes


def test_a_title_that_only_mentions_a_section_is_still_the_title() -> None:
    dossier = parse("# Interview notes\n<!-- draft,\nnot final -->\nguest: Ines Calloway\nproject: Paper Moons (album)\n\n"
                    "## Background\n- Joined in 2016\n\n## Key facts\n- Tracked on a borrowed Gretsch\n", "d.md")
    assert (dossier.guest, dossier.title, dossier.notes) == ("Ines Calloway", "Paper Moons", "")
    assert dossier.facts == ["Joined in 2016", "Tracked on a borrowed Gretsch"]  # both sections are facts

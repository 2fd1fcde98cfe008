"""Cards edited by hand: fields, checked quotes, files, the `card` and `quote` commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from greenroom import formats, sample
from greenroom.errors import InputError
from greenroom.model import Card, Chapter, Interview, Quote
from greenroom.publish.cards import (
    CardEdit,
    apply_edit,
    card_data,
    card_text,
    edit_from_pairs,
    read_edit,
)

TRUE_LINE = "The secret of that scene is that the fear is real."


def tom() -> Interview:
    from greenroom.capture.roles import assign_roles

    iv = formats.load(sample.transcript_path())
    assign_roles(iv, [sample.GUEST], [sample.INTERVIEWER])
    iv.id = "tom"
    iv.card = Card(["drafted"], "drafted impact", "drafted angle", [Quote("Learned is a generous word.", 37_000,
                                                                         39_000, "S2", "u6")])
    from greenroom.analyze import analyze

    analyze(iv, only=["turns", "off-record"])
    return iv


def test_edit_sets_fields_checks_quotes_and_marks_edited() -> None:
    iv = tom()
    typed = "the SECRET of that scene is   that the fear is real"
    card = apply_edit(iv, edit_from_pairs([("impact", "Fear, for real."), ("quote", typed)]))
    assert card.edited and iv.card is card
    assert card.impact == "Fear, for real." and card.learn == ["drafted"] and card.angle == "drafted angle"
    assert [q.text for q in card.quotes] == [TRUE_LINE]  # stored as the transcript says it
    assert card.quotes[0].utterance == "u12" and 97_000 <= card.quotes[0].start < card.quotes[0].end <= 118_000


@pytest.mark.parametrize("quote, problem", [
    ("The secret of that scene is that the fear is fake.", "quote 1 refused: not verbatim"),
    ("she thought the lighthouse was fake", "quote 1 refused: inside a flagged passage: cut"),
    ("That's when I knew I had to play him.", "quote 1 refused: starts with 'That's'"),
])
def test_a_refused_quote_leaves_the_card_untouched(quote: str, problem: str) -> None:
    iv = tom()
    before = iv.card.to_dict() if iv.card else None
    with pytest.raises(InputError, match=problem):
        apply_edit(iv, CardEdit(angle="new", quotes=[TRUE_LINE, quote][::-1]))
    assert iv.card is not None and iv.card.to_dict() == before


def drafted_tom() -> Interview:
    """The sample with moments, one chapter and a card drafted by analysis."""
    from greenroom.analyze import analyze

    iv = tom()
    iv.card = None
    analyze(iv, only=["moments"])
    iv.chapters = [Chapter(0, iv.duration, "All of it")]
    return analyze(iv, only=["card"])


def test_editing_one_field_keeps_the_others_across_reanalysis() -> None:
    from greenroom.analyze import analyze

    iv = drafted_tom()
    assert iv.card is not None and iv.card.learn and iv.card.impact and iv.card.angle and iv.card.quotes
    draft = iv.card.to_dict()
    apply_edit(iv, edit_from_pairs([("angle", "A craft story about rowing.")]))
    assert iv.card.edited and iv.card.edited_fields == ["angle"]
    kept = {k: v for k, v in iv.card.to_dict().items() if k not in ("angle", "edited", "edited_fields")}
    assert kept == {k: v for k, v in draft.items() if k not in ("angle", "edited", "edited_fields")}
    analyze(iv, only=["card"])  # the drafted fields are drafted again, the hand-set one stays
    again = iv.card.to_dict()
    assert again["angle"] == "A craft story about rowing." and again["edited"] and again["edited_fields"] == ["angle"]
    assert {k: again[k] for k in ("learn", "impact", "quotes")} == {k: draft[k] for k in ("learn", "impact", "quotes")}
    apply_edit(iv, edit_from_pairs([("impact", "Mine.")]))  # a second field joins the first
    analyze(iv, only=["card"])
    assert iv.card.edited_fields == ["impact", "angle"]
    assert (iv.card.impact, iv.card.angle) == ("Mine.", "A craft story about rowing.")
    assert iv.card.learn == draft["learn"] and [q.to_dict() for q in iv.card.quotes] == draft["quotes"]


def test_a_field_set_before_any_draft_leaves_the_rest_to_analysis() -> None:
    from greenroom.analyze import analyze

    iv = drafted_tom()
    draft = iv.card.to_dict() if iv.card else {}
    iv.card = None
    apply_edit(iv, edit_from_pairs([("angle", "Mine.")]))
    analyze(iv, only=["card"])
    assert iv.card is not None and iv.card.angle == "Mine."
    assert iv.card.learn == draft["learn"] and iv.card.impact == draft["impact"] and iv.card.quotes


def test_an_editor_save_marks_only_the_fields_it_changed() -> None:
    import yaml

    from greenroom.publish.cards import parse_card_text

    iv = drafted_tom()
    saved = yaml.safe_load(card_text(iv.card))
    apply_edit(iv, parse_card_text(yaml.safe_dump({**saved, "angle": "Mine."}), "edited card"))
    assert iv.card is not None
    assert iv.card.angle == "Mine." and iv.card.edited_fields == ["angle"]
    unchanged = iv.card.to_dict()
    apply_edit(iv, parse_card_text(card_text(iv.card), "edited card"))  # saved as it was
    assert iv.card.to_dict() == unchanged


def test_quotes_given_back_unchanged_do_not_block_an_edit_of_another_field() -> None:
    iv = tom()
    assert iv.card is not None
    iv.card.quotes.append(Quote("My daughter came once.", 122_000, 123_000, "S2", "u14"))  # refused now
    texts = [q.text for q in iv.card.quotes]
    apply_edit(iv, CardEdit(angle="Mine.", impact=iv.card.impact, learn=list(iv.card.learn), quotes=texts))
    assert iv.card.angle == "Mine." and iv.card.edited_fields == ["angle"] and [q.text for q in iv.card.quotes] == texts
    with pytest.raises(InputError, match="quote 2 refused"):
        apply_edit(iv, CardEdit(quotes=texts[:1] + ["She thought the lighthouse was fake."]))


def test_a_card_edited_before_fields_were_tracked_is_kept_whole() -> None:
    from greenroom.analyze import analyze

    iv = drafted_tom()
    iv.card = Card(learn=["mine"], angle="Mine.", edited=True)  # stored by an older greenroom
    analyze(iv, only=["card"])
    assert iv.card.learn == ["mine"] and iv.card.angle == "Mine." and not iv.card.quotes


# -- card copy: about the guest's work or life -----------------------------------------------

CHATTY = """Dana Reyes: Welcome back to Green Room. My guest today is Sam Okoro, who built the Harbour Theatre in Leeds. \
This episode is brought to you by Acme Mattress. Go to acme.com and use code GREEN for twenty percent off.
Sam Okoro: I've been looking forward to this all week, honestly. Thanks so much for having me on the show, \
it's a real pleasure to be here.
Dana Reyes: How did the theatre start?
Sam Okoro: I remember the winter of 2009 when we found the old boathouse on the river in Leeds. It had no roof. \
My brother Kwame told me, “You will lose every penny of the 40,000 pounds in Leeds.” We rebuilt the stage with \
timber from a closed shipyard in Hull, and the first show sold out in a week.
Dana Reyes: What was the hardest part?
Sam Okoro: Honestly, I was terrified that nobody would come. I remember sitting in the empty hall every night and \
thinking about the bank loan. I learned that a theatre is only a room until a neighbour walks in.
Dana Reyes: And what did you learn about directing?
Sam Okoro: Directing taught me to listen before I speak. I rehearse every play twice in silence so the actors \
find the story in their bodies first.
Dana Reyes: What comes next?
Sam Okoro: We are building a second stage for children in Bradford, with a workshop where teenagers learn \
lighting and sound from working crews.
"""
CHIT_CHAT = ("looking forward", "having me", "pleasure to be here", "Acme", "code GREEN", "guest today", "Welcome")


def test_card_copy_is_about_the_guests_work_not_small_talk_sponsors_or_the_intro() -> None:
    from greenroom.analyze import analyze
    from greenroom.capture.roles import assign_roles

    iv = formats.parse(CHATTY, "t.txt", "text")
    assign_roles(iv, interviewers=["Dana Reyes"])
    analyze(iv, only=["turns", "off-record", "moments"])
    iv.chapters = [Chapter(0, iv.duration, "All of it", keywords=["Acme Mattress", "Harbour Theatre", "bank loan"])]
    card = analyze(iv, only=["card"]).card
    assert card is not None and len(card.learn) >= 3 and card.impact.startswith("Sam Okoro")
    lines = [*card.learn, card.impact, card.angle, *(q.text for q in card.quotes)]
    assert not [line for line in lines if any(chat in line for chat in CHIT_CHAT)], lines
    inner = [line.split("“", 1)[1] for line in [*card.learn, card.impact]]  # the guest's own words, not Kwame's
    assert not [line for line in inner if "“" in line or "told me" in line], inner
    assert "Harbour Theatre" in card.angle


@pytest.mark.parametrize(("line", "about"), [
    ("I've been looking forward to this all week, honestly.", False),
    ("Thanks so much for having me on the show.", False),
    ("It's a real pleasure to be here with you.", False),
    ("This episode is brought to you by Acme Mattress.", False),
    ("My guest today is the director of the Harbour Theatre.", False),
    ("My brother told me, “You will lose every penny of it.”", False),
    ("And my agent was like, you are out of your mind.", False),
    ("It doesn't just mean ‘Don't say any bad words.’", False),
    ("I've been looking forward to opening night since I was nine.", True),
    ("We rebuilt the stage with timber from a closed shipyard in Hull.", True),
    ("Thanks to my mother I learned to sew costumes before I could read.", True),
    ("Sarah, welcome to the show.", False),
    ("If a computer makes it, I don't know.", False),  # trails off into a hedge
    ("I should call my brother and apologize for last week, or whatever.", False),
    ("I don't know why, but I always rehearse in silence.", True),
    ("I wrote a pilot called Welcome To Happy about six people on a bus.", True),  # a title, not a welcome
    ("Studios let you keep a bad joke in your movie or your show.", True),
])
def test_a_card_line_is_about_the_guests_work_or_life(line: str, about: bool) -> None:
    from greenroom.analyze.card import about_the_guest

    assert about_the_guest(line) is about


def test_pairs_repeat_into_lists_and_unknown_fields_are_named() -> None:
    edit = edit_from_pairs([("learn", "one"), ("learn", "two"), ("Quote", "q")])
    assert edit.learn == ["one", "two"] and edit.quotes == ["q"] and edit.impact is None
    with pytest.raises(InputError, match="unknown card field 'headline'"):
        edit_from_pairs([("headline", "x")])


def test_card_files_yaml_and_json(tmp_path: Path) -> None:
    yaml_file = tmp_path / "card.yaml"
    yaml_file.write_text("learn:\n  - How he found the keeper\nangle: A craft story\nquotes:\n"
                         f"  - text: {TRUE_LINE}\nedited: false\n", encoding="utf-8")
    edit = read_edit(yaml_file)
    assert edit.learn == ["How he found the keeper"] and edit.quotes == [TRUE_LINE] and edit.impact is None
    json_file = tmp_path / "card.json"
    json_file.write_text(json.dumps({"impact": "x", "learn": "one\ntwo"}), encoding="utf-8")
    assert read_edit(json_file).learn == ["one", "two"]


@pytest.mark.parametrize("content, problem", [
    ("learn: [unclosed\n", "card.yaml:2: not valid YAML"),
    ("- just\n- a list\n", "expected a mapping"),
    ("impact: [1, 2]\n", "impact: expected a text"),
    ("title: nope\n", "unknown card field 'title'"),
])
def test_bad_card_files_name_file_and_problem(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "card.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=problem):
        read_edit(path)
    with pytest.raises(InputError, match="no such file"):
        read_edit(tmp_path / "missing.yaml")


def test_card_text_round_trips() -> None:
    from greenroom.publish.cards import parse_card_text

    card = Card(["a: b", "c"], "impact “quoted”", "angle", [Quote(TRUE_LINE, 1, 2)])
    edit = parse_card_text(card_text(card), "edited card")
    assert (edit.learn, edit.impact, edit.angle, edit.quotes) == (card.learn, card.impact, card.angle, [TRUE_LINE])


def test_card_data_rechecks_stored_quotes() -> None:
    iv = tom()
    assert iv.card is not None
    iv.card.quotes.append(Quote("My daughter came once.", 122_000, 123_000, "S2", "u14"))
    data = card_data(iv)
    assert [q["ok"] for q in data["quotes"]] == [True, False]
    assert data["quotes"][0]["question"] == "Is it true you learned to row for the part?"
    assert data["quotes"][1]["clock"] == "2:02" and data["quotes"][1]["speaker_name"] == "Tom Hale"


# -- the commands ---------------------------------------------------------------------------

@pytest.fixture
def stocked(library_path: Path) -> tuple[Path, str]:
    """The sample in a library with turns, flags, moments, one chapter and a drafted card."""
    from greenroom.analyze import analyze
    from greenroom.library import Library

    iv = tom()
    iv.id, iv.card = "", None
    analyze(iv, only=["moments"])
    iv.chapters = [Chapter(0, iv.duration, "All of it")]
    analyze(iv, only=["card"])
    with Library(library_path) as library:
        iid = library.add(iv).id
    return library_path, iid


def test_card_command_sets_shows_and_survives_reanalysis(greenroom_at, stocked: tuple[Path, str]) -> None:  # type: ignore[no-untyped-def]
    from greenroom.analyze import analyze
    from greenroom.library import Library

    path, iid = stocked
    run = greenroom_at(path)
    assert not json.loads(run("card", iid, "--json").output)["edited"]
    done = run("card", iid, "--set", "angle=A craft story", "--set", f"quote={TRUE_LINE}", "--json")
    assert done.exit_code == 0, done.output
    data = json.loads(done.output)
    assert data["edited"] and data["angle"] == "A craft story" and data["quotes"][0]["ok"]
    with Library(path) as library:
        iv = library.get(iid)
        analyze(iv, only=["moments", "card"])
        library.update(iv)
    shown = run("card", iid)
    assert "edited by hand (angle, quotes)" in shown.output and "A craft story" in shown.output
    assert TRUE_LINE in shown.output


def test_card_survives_the_analyze_command(greenroom_at, stocked: tuple[Path, str]) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("onnxruntime")
    path, iid = stocked
    run = greenroom_at(path)
    assert run("card", iid, "--set", "impact=Mine.").exit_code == 0
    assert run("analyze", iid).exit_code == 0
    assert json.loads(run("card", iid, "--json").output)["impact"] == "Mine."


def test_card_command_refuses_a_bad_quote_in_one_line(greenroom_at, stocked: tuple[Path, str]) -> None:  # type: ignore[no-untyped-def]
    path, iid = stocked
    run = greenroom_at(path)
    done = run("card", iid, "--set", "quote=She thought the lighthouse was fake.")
    assert done.exit_code == 1
    assert done.output.startswith(f"greenroom: error: {iid}: quote 1 refused: inside a flagged passage")
    assert done.output.count("\n") == 1
    assert not json.loads(run("card", iid, "--json").output)["edited"]


def test_card_from_file_and_in_the_editor(greenroom_at, stocked: tuple[Path, str], tmp_path: Path,  # type: ignore[no-untyped-def]
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import click

    path, iid = stocked
    run = greenroom_at(path)
    card = tmp_path / "card.yaml"
    card.write_text(f"angle: From a file\nquotes: ['{TRUE_LINE}']\n", encoding="utf-8")
    assert run("card", iid, "--from-file", str(card)).exit_code == 0
    seen: list[str] = []

    def editor(text: str, extension: str) -> str:
        seen.append(text)
        return text.replace("From a file", "From the editor")

    monkeypatch.setattr(click, "edit", editor)
    assert run("card", iid, "--edit").exit_code == 0
    assert "angle: From a file" in seen[0]
    data = json.loads(run("card", iid, "--json").output)
    assert data["angle"] == "From the editor" and data["quotes"][0]["text"] == TRUE_LINE
    monkeypatch.setattr(click, "edit", lambda text, extension: None)
    assert "card unchanged" in run("card", iid, "--edit").output


def test_quote_command_checks_and_picks(greenroom_at, stocked: tuple[Path, str]) -> None:  # type: ignore[no-untyped-def]
    path, iid = stocked
    run = greenroom_at(path)
    ok = run("quote", iid, "the fear is real")
    assert ok.exit_code == 0 and ok.output.startswith("ok\t1:5") and "answering: What was the hardest" in ok.output
    bad = run("quote", iid, "I'd never say that to a studio")
    assert bad.exit_code == 1 and "'not … but' contrast" in bad.output
    checks = json.loads(run("quote", iid, "--json").output)
    assert len(checks) == 3 and all(c["ok"] for c in checks)

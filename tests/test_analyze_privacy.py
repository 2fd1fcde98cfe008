"""Privacy flags: personal data to bleep, sensitive topics to review.

Rule cases run on the core install (`privacy_ner` off); the presidio/spaCy
cases skip when the `privacy` extra is absent.
"""

from __future__ import annotations

import time

import pytest

from greenroom import formats, sample
from greenroom.analyze import Context, analyze
from greenroom.analyze.privacy import TOPICS, Sentence, rule_findings
from greenroom.capture.roles import assign_roles
from greenroom.model import Flag, Interview

TALK = """Dana Reyes: Welcome back. I'm here with Tom Hale, who grew up in Chicago. Tom, how are things at home?
Tom Hale: Busy. My daughter Emma goes to Lincoln Elementary now.
Dana Reyes: Is it true you worked with Steven Spielberg on your first film?
Tom Hale: I did. Steven Spielberg was generous with everyone on that set.
Dana Reyes: And the last few years?
Tom Hale: Honestly, I was diagnosed with depression in 2019. It took a long time to talk about it.
Dana Reyes: If fans want to reach the production office, what should they do?
Tom Hale: Call 555-867-5309 or write to tom.hale@example.com, they answer everything.
Dana Reyes: You had a rough year after that.
Tom Hale: We got divorced. Then I was sued by my old manager over the contract.
Dana Reyes: And the new film?
Tom Hale: We shot it in Vancouver over the winter. This is off the record, but the studio nearly shut it down. Don't print that.
"""


def run(text: str = TALK, ner: bool = False, names: tuple[str, ...] = ("turns", "off-record", "privacy")) -> Interview:
    iv = formats.parse(text, "t.txt", "text")
    assign_roles(iv, interviewers=["Dana Reyes"])
    return analyze(iv, only=list(names), context=Context(options={"privacy_ner": ner}))


def mine(iv: Interview) -> list[Flag]:
    return [f for f in iv.flags if f.id.startswith(("f-pii-", "f-sensitive-"))]


def flagged(iv: Interview, needle: str, kind: str | None = None) -> list[Flag]:
    return [f for f in mine(iv) if needle in f.text and (kind is None or f.kind == kind)]


def label_of(flags: list[Flag], start: str) -> Flag:
    """The first flag of that kind: its label starts with `start`, or `start` is
    one of a sensitive passage's topics ("legal, finances: '...'")."""
    return next(f for f in flags if f.label.startswith(start) or start in f.label.split(": ", 1)[0].split(", "))


@pytest.fixture(params=[False, True], ids=["rules", "ner"])
def talk(request: pytest.FixtureRequest) -> Interview:
    if request.param:
        pytest.importorskip("spacy")
        pytest.importorskip("presidio_analyzer")
    return run(ner=request.param)


def test_phone_and_email_are_bleeped(talk: Interview) -> None:
    found = flagged(talk, "555-867-5309", "pii")
    phone, mail = label_of(found, "phone number"), label_of(found, "e-mail address")
    assert (phone.severity, phone.action) == ("high", "bleep") == (mail.severity, mail.action)
    assert "<PHONE_NUMBER>" in phone.label and "<EMAIL_ADDRESS>" in mail.label


def test_flags_keep_what_they_found_and_how_to_mask_it(talk: Interview) -> None:
    phone = label_of(flagged(talk, "555-867-5309", "pii"), "phone number")
    assert (phone.spans, phone.mask) == (["555-867-5309"], "phone")


@pytest.mark.parametrize(("said", "found"), [
    ("Dana Reyes: Where can people reach you?\nTom Hale: Call my studio at 555213344 and ask.", True),
    ("Dana Reyes: How much did it make?\nTom Hale: It made 1,000,000 in 1999, and $2500000 since.", False),
])
def test_a_recognisers_run_of_digits_is_a_phone_number(said: str, found: bool) -> None:
    phones = [f for f in mine(run(said)) if f.label.startswith("phone number")]
    assert bool(phones) == found, phones


def test_private_name_and_school(talk: Interview) -> None:
    found = flagged(talk, "Lincoln Elementary", "pii")
    name = label_of(found, "name of a private person (child)")
    assert "<NAME>" in name.label and name.action == "bleep"
    assert label_of(found, "school").severity == "high"


def test_sensitive_topics(talk: Interview) -> None:
    health = label_of(flagged(talk, "diagnosed with depression", "sensitive-topic"), "health")
    assert (health.severity, health.action) == ("medium", "review")
    assert label_of(flagged(talk, "got divorced"), "relationships")
    assert label_of(flagged(talk, "I was sued"), "legal")


def test_public_names_and_cities_not_flagged(talk: Interview) -> None:
    pii = [f for f in mine(talk) if f.kind == "pii"]
    assert not any(word in f.label for f in pii for word in ("Spielberg", "Tom Hale", "Chicago", "Vancouver"))
    assert not flagged(talk, "Spielberg") and not flagged(talk, "Chicago") and not flagged(talk, "Vancouver")


def test_off_record_flags_survive_and_rerun_replaces_only_mine(talk: Interview) -> None:
    offrecord = [f.id for f in talk.flags if f.kind == "off-the-record"]
    assert offrecord
    before = [f.to_dict() for f in talk.flags]
    analyze(talk, only=["privacy"], context=Context(options={"privacy_ner": False}))
    assert [f.id for f in talk.flags if f.kind == "off-the-record"] == offrecord
    assert len(talk.flags) == len(before)


def test_adjacent_sentences_merge() -> None:
    iv = run("A: Tell me.\nB: My wife had cancer. The surgery was long. The film opened.\n")
    health = [f for f in mine(iv) if f.label.startswith("health")]
    assert len(health) == 1 and "surgery" in health[0].text and "film" not in health[0].text


def test_kinship_name_after_comma_and_frequent_names() -> None:
    text = "A: Who came?\nB: Our nanny, Rosa, and my son Max. " + "Nolan said hi. " * 5 + "\n"
    iv = run(text)
    names = [f for f in mine(iv) if f.label.startswith("name of a private person")]
    assert names and not any("Nolan" in f.text for f in names)
    assert any("(private role)" in f.label for f in names) and any("(child)" in f.label for f in names)


def test_sample_interview_mentions_daughter() -> None:
    iv = formats.parse(sample.transcript_path().read_text(), "interview.txt", "text")
    assign_roles(iv, interviewers=[sample.INTERVIEWER])
    analyze(iv, only=["turns", "off-record", "privacy"], context=Context(options={"privacy_ner": False}))
    family = [f for f in mine(iv) if "My daughter came once" in f.text]
    assert family and family[0].label.startswith("family")
    assert not [f for f in mine(iv) if f.kind == "pii"]  # no private name or number in the sample


def test_speed_on_a_long_interview() -> None:
    pytest.importorskip("spacy")
    block = TALK.split("\n", 1)[1]
    filler = ("Tom Hale: We talked about the light on the water and how the crew kept the boat steady "
              "for the long shots, which took most of the morning and half the afternoon.\n")
    text = TALK.split("\n", 1)[0] + "\n" + (block + filler * 6) * 40
    started = time.perf_counter()
    iv = run(text, ner=True, names=("privacy",))
    took = time.perf_counter() - started
    print(f"\nprivacy analyzer: {len(iv.text.split())} words, {took:.2f} s, {len(mine(iv))} flags")
    assert took < 30


def test_broader_private_categories() -> None:
    text = ("A: Tell me more.\n"
            "B: My mom drove me. The doctor put me on Xanax when I was nine. "
            "We got a bill for $836 in the mail. One of my best friends, Jorge, laughed. "
            "I have two assistants at work, Priya and Lena. The weather was nice.\n"
            "A: And where was that?\nB: 12 Elm Street, Bedford.\nB: 03110.\n")
    iv = run(text)
    assert label_of(flagged(iv, "My mom drove me"), "family")
    assert label_of(flagged(iv, "Xanax"), "health")
    assert label_of(flagged(iv, "$836"), "finances")
    names = [f for f in mine(iv) if f.label.startswith("name of a private person")]
    assert any("Jorge" in f.text for f in names) and any("Priya" in f.text for f in names)
    assert label_of(flagged(iv, "03110", "pii"), "zip code").action == "bleep"
    assert not flagged(iv, "The weather was nice")


def test_kinship_alone_is_sensitive_but_fiction_surnames_are_not() -> None:
    iv = run("A: Go on.\nB: I read David Foster Wallace all year. My stepdad asked how I felt.\n")
    assert not flagged(iv, "Foster Wallace")
    assert label_of(flagged(iv, "My stepdad asked"), "family")


def test_school_home_parenthood_and_running_others_down() -> None:
    text = ("A: Go on.\n"
            "B: I skipped a grade, so I was eleven in my class. The script arrived on a Tuesday. "
            "I'm recording this from my study, up from the cabin for the week. "
            "When you have a child, you write while the baby is asleep. "
            "An old neighbour of ours drank all day. "
            "I worked with a sound designer called Marta Quist on the mix. "
            "And he's a session drummer at best, but he wanted to play on the record. "
            "The lighthouse scenes were shot at night.\n")
    iv = run(text)
    assert label_of(flagged(iv, "skipped a grade"), "school")
    assert label_of(flagged(iv, "my study"), "home")
    assert label_of(flagged(iv, "When you have a child"), "family")
    assert label_of(flagged(iv, "drank all day"), "health")
    names = [f for f in mine(iv) if f.label.startswith("name of a private person")]
    assert any("Marta Quist" in f.text for f in names)
    assert label_of(flagged(iv, "drummer at best"), "remarks about others").action == "review"
    assert not flagged(iv, "The lighthouse scenes")
    # between two sensitive sentences a quiet one joins their passage, but raises nothing itself
    quiet = run("A: Go on.\nB: The script arrived on a Tuesday. The lighthouse scenes were shot at night.\n")
    assert not mine(quiet)


def test_a_sensitive_story_is_one_passage_with_all_its_topics() -> None:
    iv = run("A: What happened?\nB: My wife bumped into a parked car. A cop came over. "
             "Then we got a bill for $836 in the mail. I laughed. The weather was nice. "
             "Anyway, the shoot went on.\n")
    story = [f for f in mine(iv) if f.kind == "sensitive-topic"]
    assert len(story) == 1
    assert story[0].label.startswith("relationships, legal, finances: 'My wife bumped")
    assert "I laughed" not in story[0].text and "$836" in story[0].text
    assert [f.start for f in iv.flags] == sorted(f.start for f in iv.flags)


@pytest.mark.parametrize(("sentence", "private"), [
    ("She is blind in one eye since the accident.", True), ("We do as much blind testing as possible.", False),
    ("I went in with a blind belief that it would work.", False),
    ("We took magic mushrooms in the desert.", True), ("I ate mushrooms and saw God.", True),
    ("Festivals are springing up like mushrooms.", False),
    ("He drank every night after the show.", True), ("The kids drank a lot of milk.", False),
    ("I was drinking coffee with the director.", False), ("I was drinking heavily that year.", True),
])
def test_health_words_in_their_everyday_sense_are_not_health(sentence: str, private: bool) -> None:
    assert bool(TOPICS["health"].search(sentence)) is private


@pytest.mark.parametrize(("topic", "sentence", "private"), [
    ("health", "We smoked weed in the van.", True), ("health", "We had to weed through a thousand demos.", False),
    ("health", "The trauma of that night never left her.", True),
    ("health", "SNL is a blunt force trauma way to learn it.", False),
    ("relationships", "My relationship with my ex was a mess.", True),
    ("relationships", "She was in a relationship with the drummer.", True),
    ("relationships", "The relationship with the audience is everything.", False),
    ("relationships", "How do you build relationships and dynamics between characters?", False),
    ("legal", "He crashed the car into a wall.", True), ("legal", "He gave us a crash course in editing.", False),
    ("legal", "I was arrested in Ohio.", True), ("legal", "And of course I was fired.", False),
    ("finances", "I invested money in his restaurant and lost it.", True),
    ("finances", "The band is so invested in the music.", False),
    ("finances", "Did I think I would make a living out of it?", False),
    ("finances", "We were broke and couldn't afford rent.", True), ("finances", "I went broke.", True),
    ("finances", "Lee Sedol beat AlphaGo or broke its brain.", False),
    ("health", "He was lucky to be alive after the fall.", True), ("health", "What a time to be alive.", False),
    ("home", "I lived in a tiny flat above the bakery.", True), ("home", "They live in a wild and wonderful world.", False),
    ("home", "I grew up in Toledo.", True), ("home", "I grew up in the ’50s reading comics.", False),
    ("home", "Just send it to my house.", False), ("home", "My street was full of kids.", True),
])
def test_topic_words_in_their_everyday_sense_are_not_private(topic: str, sentence: str, private: bool) -> None:
    """Words with a private and an everyday sense: "weed through", "crash course",
    a relationship with the audience, being invested in the music, a life in a world."""
    assert bool(TOPICS[topic].search(sentence)) is private


@pytest.mark.parametrize(("sentence", "private"), [
    ("The musical is called The Bedwetter, and it opens in April.", False),  # a title, not a health detail
    ("He has worked with Tom Petty and Johnny Cash.", False),  # a name, not money
    ("I wet the bed until I was twelve.", True),
    ("My doctor put me on Xanax that spring.", True),  # a drug's name stands after a lower-case word
    ("I still owe the IRS from that year.", True),  # an acronym
    ("His backstory is that he sells insurance at a made up company.", False),
    ("It's a sitcom about six friends and they live in Chicago.", False),
    ("How about mushrooms?", False),  # asks about no one
    ("Did you ever take mushrooms?", True),  # asks about someone
    ("When you have a child, you are going to write when the child is asleep.", True),  # her own life, said as "you"
    ("I don't want to make anyone feel ill at ease.", False),
])
def test_topic_words_about_nobody_are_not_flagged(sentence: str, private: bool) -> None:
    """Topic words in a title or a name, in a made-up character's life, or in a
    question that names no one say nothing private; a guest's own life told in
    the second person still does."""
    iv = run(f"Dana Reyes: Tell me more.\nTom Hale: We talked for hours. {sentence}\n", names=("turns", "privacy"))
    assert bool(flagged(iv, sentence.split()[1], "sensitive-topic")) is private


def test_an_intrusive_question_is_one_row_not_two() -> None:
    """The host's prying question gets the intrusive-question flag alone; the
    guest's answer is still a sensitive topic. Without turns nothing is skipped."""
    text = ("Dana Reyes: And your family, do they come to the set?\n"
            "Tom Hale: My daughter came once and hated the rain machines.\n")
    iv = run(text, names=("turns", "off-record", "privacy"))
    rows = [f for f in iv.flags if "your family" in f.text]
    assert [f.kind for f in rows] == ["intrusive-question"]
    assert flagged(iv, "My daughter", "sensitive-topic")
    assert flagged(run(text, names=("privacy",)), "your family", "sensitive-topic")


def test_a_topic_row_does_not_print_the_name_the_bleep_row_hides(talk: Interview) -> None:
    """"My daughter Emma ..." is a bleep (the name) and a sensitive topic (family);
    both rows show "<NAME>", or the second undoes the first."""
    rows = flagged(talk, "My daughter")
    assert {f.kind for f in rows} == {"pii", "sensitive-topic"}
    assert all("Emma" not in f.label and "<NAME>" in f.label for f in rows if "Emma" in f.text)


OFF_RECORD_CASES = [
    # (what was said, cut off the record?)
    ("B: This is off the record, but the studio nearly shut the film down.", True),
    ("B: The studio nearly shut the film down. Don't print that.", True),
    ("B: This is not on the record. The studio nearly shut the film down.", True),
    ("A: Is this off the record?\nB: Yes. The studio nearly shut the film down.", True),
    ("B: Can I say something off the record? The studio nearly shut the film down.", True),
    ("B: The studio nearly shut the film down.\nA: Do you want that off the record?\nB: Yes, please.", True),
    # an explicit "on the record" is never off the record
    ("B: This is on the record: the studio nearly shut the film down.", False),
    ("B: You can quote me on that. The studio nearly shut the film down.", False),
    ("B: For the record, the studio nearly shut the film down.", False),
    ("B: This isn't off the record. The studio nearly shut the film down.", False),
    ("B: Nothing I say is off the record, so here it is. The studio nearly shut the film down.", False),
    ("B: I never go off the record. The studio nearly shut the film down.", False),
    ("B: This is on the record, not off the record: the studio nearly shut the film down.", False),
    ("B: Between us, the studio nearly shut the film down. Actually, you can quote me on that.", False),
    ("B: Off the record, the studio nearly shut the film down. No, put it on the record.", False),
    ("A: Is this off the record?\nB: No, it's on the record. The studio nearly shut the film down.", False),
    ("A: Do you want that off the record?\nB: No, you can print that. The studio nearly shut the film down.", False),
]


@pytest.mark.parametrize(("said", "cut"), OFF_RECORD_CASES)
def test_an_explicit_on_the_record_is_never_off_the_record(said: str, cut: bool) -> None:
    text = "A: How was the shoot?\n" + said + "\nA: And after that?\nB: We went home and slept for a week.\n"
    iv = run(text, names=("turns", "off-record"))
    flags = [f for f in iv.flags if f.kind == "off-the-record"]
    assert bool(flags) == cut, [f.label for f in flags]
    assert all("slept" not in f.text for f in flags)
    if cut:
        assert any("shut the film down" in f.text for f in flags)


# -- precision on interviews nobody tuned on (bench/privacy_bench.py) ----------

def test_the_interviewers_own_life_raises_no_topic_but_a_question_about_the_guests_does() -> None:
    text = ("Dana Reyes: I'm Dana Reyes, writer and angel investor. I've always had onset insomnia.\n"
            "Tom Hale: Ha, me too.\n"
            "Dana Reyes: Tell me about your father.\n"
            "Tom Hale: He drank every night after the show.\n")
    iv = run(text, names=("turns", "privacy"))
    assert not flagged(iv, "insomnia") and not flagged(iv, "angel investor")
    assert label_of(flagged(iv, "your father"), "family")
    assert label_of(flagged(iv, "drank every night"), "health")
    # without a marked interviewer nothing is skipped
    bare = formats.parse(text, "t.txt", "text")
    analyze(bare, only=["privacy"], context=Context(options={"privacy_ner": False}))
    assert flagged(bare, "insomnia")


def test_a_name_of_the_interview_is_no_topic_word() -> None:
    text = ("Dana Reyes: Bill, we have so much to talk about. Bill Hale, everybody!\n"
            "Bill Hale: Thanks. We're starting a new business called Hometown Networks.\n")
    iv = formats.parse(text, "t.txt", "text")
    assign_roles(iv, interviewers=["Dana Reyes"], guests=["Bill Hale"])
    analyze(iv, only=["turns", "privacy"], context=Context(options={"privacy_ner": False}))
    assert not [f for f in mine(iv) if f.kind == "sensitive-topic"]


@pytest.mark.parametrize(("sentence", "private"), [
    ("The film's budget was $40 million and the studio wanted more.", False),
    ("We closed the deal with the network for $2 million.", False),
    ("I'm donating every single dollar I make from this to charity.", False),
    ("In high school I weighed 103 pounds.", False),
    ("She lost weight and the royalty checks kept coming.", True),  # weight is not body weight in pounds
    ("We ran through millions of dollars, a lot of it my own money, and paid back investors.", True),
    ("I was completely broke and couldn't afford rent.", True),
    ("Then we got a bill for $836 in the mail.", True),
    ("I never got caught stealing the whole season.", False),
    ("I got caught stealing from the corner shop.", True),
    ("We had a written contract signed by March.", False),
    ("I was sued for breach of contract.", True),
])
def test_money_about_the_work_and_other_everyday_senses_are_not_private(sentence: str, private: bool) -> None:
    iv = run(f"Dana Reyes: Tell me more.\nTom Hale: Sure. {sentence}\n", names=("turns", "privacy"))
    assert bool(flagged(iv, sentence.split()[1], "sensitive-topic")) is private


@pytest.mark.parametrize(("sentence", "what", "found"), [
    ("That's the primary goal.", "SCHOOL", False), ("It’s not primary.", "SCHOOL", False),
    ("I placed one match from being All High School American.", "SCHOOL", False),
    ("My daughter goes to Lincoln Elementary now.", "SCHOOL", True),
    ("Why do you do your speaking 200 days on the road?", "ADDRESS", False),
    ("I grew up at 1234 Maple Street.", "ADDRESS", True), ("We lived at 42 elm street.", "ADDRESS", True),
])
def test_no_school_or_street_is_read_into_common_words(sentence: str, what: str, found: bool) -> None:
    s = Sentence(0, sentence, 0, 1)
    rule_findings(s)
    assert (what in s.found) is found


@pytest.mark.parametrize(("sentence", "topic"), [
    ("I got to a point where I didn’t want to go on living at 10.", "health"),
    ("I was afraid I would never find companionship.", "relationships"),
    ("This is not really something I’ve talked about at all publicly, but I was an atheist.", "never said publicly"),
])
def test_recall_on_what_the_old_lexicon_missed(sentence: str, topic: str) -> None:
    iv = run(f"Dana Reyes: Tell me more.\nTom Hale: Sure. {sentence}\n", names=("turns", "privacy"))
    assert label_of(flagged(iv, sentence.split()[1], "sensitive-topic"), topic)


def test_a_hosts_own_aside_before_a_question_is_not_an_intrusive_question() -> None:
    aside = run("Dana Reyes: I was such a child back then. What scared you most when you started?\n"
                "Tom Hale: The lights.\n", names=("turns", "off-record"))
    assert not [f for f in aside.flags if f.kind == "intrusive-question"]
    prying = run("Dana Reyes: Your divorce was in every paper. How did you get through it?\n"
                 "Tom Hale: Slowly.\n", names=("turns", "off-record"))
    assert [f.kind for f in prying.flags] == ["intrusive-question"]


def test_general_talk_is_not_private_unless_it_continues_a_private_passage() -> None:
    iv = run("A: Go on.\nB: Sure. A lot of novelists drank a lot. They've got depression, it's horrible.\n")
    assert not [f for f in mine(iv) if f.kind == "sensitive-topic"]
    story = run("A: Go on.\nB: My wife had cancer. The surgery was long. The chemo was worse. The film opened.\n")
    passage = [f for f in mine(story) if f.kind == "sensitive-topic"]
    assert len(passage) == 1 and "chemo" in passage[0].text and "film" not in passage[0].text


def test_a_name_introduced_by_its_public_work_is_a_public_figure() -> None:
    iv = run("A: Go on.\nB: So my friend Dan Goor created Brooklyn Nine-Nine. My friend Sam Ortiz lived next door.\n")
    names = [f for f in mine(iv) if f.label.startswith("name of a private person")]
    assert [s for f in names for s in f.spans] == ["Sam Ortiz"]

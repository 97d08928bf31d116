"""The patient-facing topics: easy to read, true to the office's handout, and plain Markdown.

The kiosk's text is the office's handout on stress fractures (stress-fracture.txt) rewritten
for a waiting room: often older readers, some with diabetes and poor eyesight, little time.
These tests keep later edits honest:

- every topic reads at US school grade 6 or lower (Flesch-Kincaid, textstat 0.7.8);
- every fact of the handout is still said somewhere, and nothing medical is added to it;
- the medical words are explained where a topic first uses them;
- the text uses only the Markdown the kiosk shows.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import textstat

from kiosk.content import ContentError, Topic, load_content, plain_text

TOPICS_DIR = Path(__file__).resolve().parent.parent / "content" / "en"
CONTENT_ROOT = TOPICS_DIR.parent  # load_content takes the folder holding settings.toml
MAX_GRADE = 6.0


def _load_topics() -> tuple[tuple[Topic, ...], ContentError | None]:
    # Loaded at collection time to name one test per topic file. A broken file must fail these
    # tests, not stop pytest from collecting every other test of the project.
    try:
        return load_content(CONTENT_ROOT).topics, None
    except ContentError as error:
        return (), error


TOPICS, LOAD_ERROR = _load_topics()
TOPIC_PARAMS = [pytest.param(topic, id=topic.path.name) for topic in TOPICS] or [
    pytest.param(None, id="content-does-not-load")
]


def _require(topic: Topic | None) -> Topic:
    if topic is None:
        pytest.fail(f"the content folder {CONTENT_ROOT} does not load:\n{LOAD_ERROR}")
    return topic


def _page_text(topic: Topic) -> str:
    """Everything a patient reads on a topic's page, in reading order, as sentences."""
    return f"{topic.title}. {topic.subtitle}. {plain_text(topic.body)} {topic.picture}"


@pytest.fixture(scope="module")
def bodies(qapp) -> dict[str, str]:
    """Each topic's body as the kiosk shows it, by file name."""
    if LOAD_ERROR is not None:
        pytest.fail(f"the content folder {CONTENT_ROOT} does not load:\n{LOAD_ERROR}")
    return {topic.path.name: plain_text(topic.body) for topic in TOPICS}


# --- reading level -------------------------------------------------------------------------


@pytest.mark.parametrize("topic", TOPIC_PARAMS)
def test_every_topic_reads_at_grade_six_or_lower(qapp, topic):
    topic = _require(topic)
    text = _page_text(topic)

    grade = textstat.flesch_kincaid_grade(text)

    assert grade <= MAX_GRADE, (
        f"{topic.path.name} reads at grade {grade}; at most {MAX_GRADE} is allowed. "
        "Use shorter sentences and shorter, everyday words."
    )


# --- the handout's facts -------------------------------------------------------------------

# One entry per fact of the handout: (short name, patterns). A fact is covered when ALL its
# patterns match (case-insensitive) in the body of one and the same topic. The patterns are
# tied to the sentence that carries the fact, so deleting that sentence fails its entry.
# A few facts are said in two topics on purpose; deleting one copy leaves the other.
HANDOUT_FACTS: list[tuple[str, list[str]]] = [
    # What a stress fracture is.
    ("a stress fracture is a break in a bone",
     [r"stress fracture is an? (break|crack|fracture) in an? bone"]),
    ("it comes from strain or small injuries to a bone",
     [r"(strain|injur\w*)[^.]* to (the|a) bone"]),
    ("each strain is low-grade", [r"\b(mild|minor|low-grade)\b"]),
    ("the strain is repeated", [r"again and again|over and over|\brepeated\b"]),
    ("the strain is unrestricted",
     [r"nothing (stops|limits)|not (stopped|limited)|unrestricted|without (a )?limit"]),
    # Causes.
    ("a training error in sports puts pressure on one area of the foot",
     [r"(mistake|error)\w* in (sports )?training", r"sport",
      r"pressure on one (part|area|spot|place)"]),
    ("overuse of a muscle", [r"using a muscle too much|overus\w*[^.]*muscle"]),
    ("the muscle is inflamed where it starts on the bone",
     [r"inflamed", r"where it (joins|attaches to|starts on|meets) the bone|\borigin\b"]),
    ("the muscle's inflammation can weaken the bone there",
     [r"make\w* the bone weak|weaken\w* the bone"]),
    ("a deformity: one bone sits in a different position from another",
     [r"deformit", r"bone may sit in a different (place|position|spot) from another"]),
    ("that bone then gets more stress",
     [r"(so|then|therefore),? that bone (gets|takes|has) more (stress|pressure)"]),
    ("excessive walking is a common cause",
     [r"most (common|often)", r"too much walking|walking too much|excessive walking"]),
    ("running is a common cause", [r"most (common|often)", r"\brunning\b"]),
    ("trauma or injury is a common cause",
     [r"most (common|often)", r"\b(knock|blow|trauma)\b", r"\binjury\b"]),
    # Why the metatarsal heads.
    ("stress fractures often happen in the metatarsal heads",
     [r"often (happen|occur)\w* (in|at) the metatarsal heads"]),
    ("with age the fat pad, our cushion, thins",
     [r"\bage\b|\bolder\b", r"fat pad[^.]*(thin|los)|(thin|los)[^.]*fat pad",
      r"\bcushion\b"]),
    ("then the metatarsal heads take more pressure",
     [r"metatarsal heads (then )?(take|get|bear) more pressure"]),
    ("this thinning is called fat pad atrophy", [r"fat pad atrophy"]),
    ("small deformities show up as the fat pad thins",
     [r"deformit\w*[^.]*(starts?|begins?) to show|deformit\w*[^.]*shows? up"]),
    ("diabetes speeds up the thinning",
     [r"thin\w* faster|faster thinning", r"diabetes"]),
    ("rheumatoid arthritis speeds up the thinning",
     [r"thin\w* faster|faster thinning", r"rheumatoid arthritis"]),
    ("other forms of arthritis speed up the thinning",
     [r"thin\w* faster|faster thinning", r"other (kinds|forms|types) of arthritis"]),
    # Treatment.
    ("we treat with casting", [r"\bwe\b[^.]*\btreat\b", r"\bcasting\b"]),
    ("we treat with padding", [r"\bwe\b[^.]*\btreat\b", r"\bpadding\b"]),
    ("we treat with a change of lifestyle",
     [r"\bwe\b[^.]*\btreat\b", r"change (in|of|to) (your )?lifestyle"]),
    ("we treat with an exercise program",
     [r"\bwe\b[^.]*\btreat\b", r"exercise (program|plan)"]),
    ("treatment is often a combination",
     [r"often we use a (mix|combination)|often[^.]*\b(mix|combination)\b"]),
    ("we choose the best treatment for you, based on your fracture",
     [r"\bwe\b[^.]*\b(choose|decide|pick|determine)\b[^.]*\bbest treatment\b",
      r"(based on|depends on) your (own )?stress fracture"]),
    # Left untreated.
    ("untreated, a stress fracture can become a major problem",
     [r"not treated|without treatment|untreated", r"major problem"]),
    ("it can lead to complications", [r"\bcomplications\b"]),
    ("complication: failure to heal", [r"fail\w* to heal|(may|can|does) not heal"]),
    ("complication: the bone can become dislocated",
     [r"dislocated", r"moves? out of (its )?place"]),
    # After a stress fracture.
    ("afterwards the bones around the broken one get more pressure",
     [r"bones around the (broken|fractured) (bone|one)", r"more pressure"]),
    ("repeat stress fractures in the years after are not unusual",
     [r"\byears\b", r"not unusual", r"another stress fracture|repeat stress fractures?"]),
    ("inserts or orthotics are often used",
     [r"often use\w*[^.]*inserts? or orthotics|often use\w*[^.]*orthotics or inserts"]),
    ("inserts ease the pressures that may cause them",
     [r"(ease|relieve|lessen)[^.]*pressures?[^.]*(cause|lead to)"]),
    ("after repeat fractures the foot must be balanced mechanically",
     [r"after repeat(ed)? stress fractures|after more than one",
      r"(need|must|have) to[^.]*\bbalance\b[^.]*foot"]),
    ("balancing slows down the tendency to form stress fractures",
     [r"slow\w* down the (tendency|pull|habit)"]),
    # Your part.
    ("following the prescribed treatment is most important",
     [r"most important", r"follow\w*[^.]*treatment we (prescribe|give)"]),
    ("follow it through", [r"stick with it|see it through|all the way through|keep (at|going)"]),
    ("it gives the fracture the best chance to heal", [r"best chance to heal"]),
]


@pytest.mark.parametrize(
    ("fact", "patterns"), HANDOUT_FACTS, ids=[name for name, _ in HANDOUT_FACTS]
)
def test_every_handout_fact_is_covered_by_some_topic(bodies, fact, patterns):
    carriers = [
        name for name, text in bodies.items()
        if all(re.search(pattern, text, re.IGNORECASE) for pattern in patterns)
    ]

    assert carriers, (
        f"no topic says the handout's fact '{fact}' (wanted, all in one topic: {patterns})"
    )


# Words that would signal advice, numbers or claims the handout does not make.
NOT_IN_HANDOUT = [
    r"\bice\b", r"\bicing\b", r"\bheat\b",
    r"\bsurgery\b", r"\bsurgeon", r"\boperat(e|ion)",
    r"\bpain", r"\bache", r"\bsore\b", r"\bswell", r"\bswollen\b", r"\bbruis", r"\btender",
    r"\bpain ?killers?\b", r"\bibuprofen\b", r"\baspirin\b", r"\bmedicines?\b", r"\bmedication",
    r"\bpills?\b", r"\bdrugs?\b",
    r"\bx-?rays?\b", r"\bmri\b", r"\bscans?\b",
    r"\brest\b", r"\bresting\b", r"\belevat", r"\bcrutch", r"\bboot\b",
    r"\bdays\b", r"\ba day\b", r"\bweeks?\b", r"\bmonths?\b", r"\d", r"\bpercent\b",
    r"\bdoctor\b", r"\bemergency\b", r"\bcall (us|your)\b",
    r"\bprevent", r"\bcure", r"\bguarantee", r"\bwill heal\b", r"\balways\b",
    r"\bosteoporosis\b", r"\bcalcium\b", r"\bvitamin", r"\bwomen\b", r"\bweight loss\b",
    r"\bhairline\b",
]


@pytest.mark.parametrize("topic", TOPIC_PARAMS)
def test_no_topic_makes_claims_the_handout_does_not(qapp, topic):
    topic = _require(topic)
    text = _page_text(topic)

    found = sorted({
        match.group(0) for pattern in NOT_IN_HANDOUT
        for match in re.finditer(pattern, text, re.IGNORECASE)
    })

    assert not found, (
        f"{topic.path.name} says {found}, which the office's handout does not say; "
        "keep to the handout's facts"
    )


# --- medical words -------------------------------------------------------------------------

# (medical word, what its explanation says). Where a topic first uses the word, the explanation
# must follow within EXPLAIN_WITHIN characters, in the same topic: the writing's convention is
# "term, explanation" or "term. This is / It means / The ... is ... explanation".
MEDICAL_TERMS: list[tuple[str, str]] = [
    (r"\bmetatarsal", r"\blong bones?\b"),
    (r"\bmetatarsal heads?\b", r"\brounded ends?\b"),
    (r"\bfat pad\b", r"\bcushion\b"),
    (r"\borthotics?\b", r"\bshoe inserts?\b"),
    (r"\barthritis\b", r"\bjoints?\b"),
    (r"\bcasting\b", r"\bhard cover\b"),
    (r"\binflamed\b", r"\birritated\b"),
    (r"\bdeformit(y|ies)\b", r"\bdifferences? in (how|the shape)"),
    (r"\bdislocated\b", r"\bout of (its )?place\b"),
    (r"\bcomplications?\b", r"\bnew problems\b"),
    (r"\blifestyle\b", r"\bthe way you live\b"),
]
EXPLAIN_WITHIN = 120


@pytest.mark.parametrize("topic", TOPIC_PARAMS)
def test_medical_terms_are_explained_where_first_used(qapp, topic):
    topic = _require(topic)
    text = _page_text(topic)

    unexplained = []
    for term, explanation in MEDICAL_TERMS:
        first = re.search(term, text, re.IGNORECASE)
        if first is None:
            continue
        after = text[first.end():first.end() + EXPLAIN_WITHIN]
        if not re.search(explanation, after, re.IGNORECASE):
            unexplained.append(f"'{first.group(0)}' at ...{text[first.start():][:60]!r}")

    assert not unexplained, (
        f"{topic.path.name} uses medical words without explaining them right after their "
        f"first use: {unexplained}"
    )


def test_the_medical_words_check_sees_the_words_it_checks(bodies):
    # Guards the check above from passing only because no topic uses the words any more.
    text = " ".join(bodies.values())
    for term in (r"\bmetatarsal", r"\bfat pad\b", r"\borthotics?\b"):
        assert re.search(term, text, re.IGNORECASE), f"no topic uses {term}"


# --- Markdown ------------------------------------------------------------------------------

FORBIDDEN_MARKDOWN = [
    (re.compile(r"^\s*#", re.MULTILINE), "a heading"),
    (re.compile(r"\]\("), "a link"),
    (re.compile(r"!\["), "an image"),
    (re.compile(r"<"), "HTML"),
    (re.compile(r"\|"), "a table"),
    (re.compile(r"^\s*(\d+[.)]|[*+])\s", re.MULTILINE), "a list not written '- item'"),
    (re.compile(r"^\s{2,}-\s", re.MULTILINE), "a nested list"),
    (re.compile(r"^\s*(>|```|~~~)", re.MULTILINE), "a quote or code block"),
    (re.compile(r"(?<!\*)\*(?!\*)|_"), "italics or underscores (only **bold** is allowed)"),
    (re.compile(r"[\U0001F000-\U0001FAFF\u2600-\u27BF]"), "an emoji"),
]


@pytest.mark.parametrize("topic", TOPIC_PARAMS)
def test_topics_use_only_the_markdown_the_kiosk_allows(topic):
    topic = _require(topic)

    found = [what for pattern, what in FORBIDDEN_MARKDOWN if pattern.search(topic.body)]

    assert not found, f"{topic.path.name} uses {found}; use paragraphs, **bold** and '- ' lists"


@pytest.mark.parametrize("topic", TOPIC_PARAMS)
def test_every_sentence_and_list_item_ends_with_a_full_stop(topic):
    # The grade formula counts sentences by their full stops: a missing one hides a long sentence.
    topic = _require(topic)

    unfinished = [
        line.strip() for line in topic.body.splitlines()
        if line.strip() and not line.strip().rstrip("*").endswith((".", "?"))
    ]

    assert not unfinished, f"{topic.path.name}: these lines need a full stop: {unfinished}"

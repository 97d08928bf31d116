"""The Spanish topics (content/es): easy to read, true to the handout, twins of the English ones.

Many of the office's patients read Spanish better than English. content/es carries the same
topics as content/en, in neutral Latin American Spanish, "usted", for the same waiting room.
These tests keep later edits honest, the way test_content_language.py does for English:

- the folder loads the way the kiosk will load it: as the start language (`language = "es"`),
  and offered next to English without being left out;
- every topic scores at least 80 on the Fernández-Huerta scale ("fácil", about grade 6);
- every fact of the office's handout is still said somewhere, and nothing medical is added;
- the medical words are explained where a topic first uses them;
- the same topics (file names, order, highlights) and the same words (keys, {placeholders})
  as English, no longer than the English by much, in the Markdown the kiosk shows.

The formula counts syllables with pyphen, which undercounts hiatus ("día" 1, not 2), so its
scores run a few points high: a fluent reader still has to read the text.
"""

from __future__ import annotations

import re
import shutil
import string
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
import textstat

from kiosk.content import Content, ContentError, Topic, load_content, plain_text

CONTENT_ROOT = Path(__file__).resolve().parent.parent / "content"
ES_DIR = CONTENT_ROOT / "es"
EN_DIR = CONTENT_ROOT / "en"
MIN_FERNANDEZ_HUERTA = 80.0  # 80-90 "fácil", about US grade 6 (docs: accessibility.md)
MAX_SENTENCE_WORDS = 20  # plainlanguage.gov: sentences under 20 words
MAX_TITLE_CHARS = 26  # it sits on a button
MAX_SUBTITLE_CHARS = 34
MAX_BUTTON_CHARS = 15  # "Alto contraste" is 14; the button words sit on big buttons
# Spanish runs longer than English, but not by much: the pages must still fit.
MAX_WORDS_OVER_ENGLISH = 1.15
MAX_PARAGRAPH_OVER_ENGLISH = 1.20


def _topic_files(folder: Path) -> list[Path]:
    # The files the kiosk reads as topics (kiosk.content._load_topics skips the same names).
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.suffix == ".md" and not p.name.startswith((".", "#", "~")))


# One test per Spanish topic file, named at collection time; a missing folder still collects.
SLUG_PARAMS = [pytest.param(p.stem, id=p.name) for p in _topic_files(ES_DIR)] or [
    pytest.param(None, id="content-es-has-no-topics")
]


def _settings_starting_in(text: str, code: str, offered: list[str]) -> str:
    """settings.toml's text with `code` as the start language and `offered` as the languages."""
    text, count = re.subn(r"^language\s*=.*$", f'language = "{code}"', text, flags=re.MULTILINE)
    assert count == 1, "content/settings.toml has no single `language = ...` line to switch"
    listed = ", ".join(f'"{c}"' for c in offered)
    return re.sub(r"^languages\s*=.*$", f"languages = [{listed}]", text, flags=re.MULTILINE)


def _copy_content(tmp_path_factory, name: str, code: str, offered: list[str]) -> Path:
    root = tmp_path_factory.mktemp(name) / "content"
    shutil.copytree(CONTENT_ROOT, root)
    settings = root / "settings.toml"
    settings.write_text(_settings_starting_in(settings.read_text(encoding="utf-8"), code,
                                              offered), encoding="utf-8")
    return root


def _load(root: Path, what: str) -> Content:
    try:
        return load_content(root)
    except ContentError as error:
        pytest.fail(f"the content does not load with {what}:\n{error}")


@pytest.fixture(scope="module")
def spanish(tmp_path_factory) -> Content:
    """The content as the kiosk loads it with `language = "es"` in settings.toml."""
    content = _load(_copy_content(tmp_path_factory, "es", "es", ["es"]),
                    'language = "es" (content/es as the start language)')
    assert content.settings.language == "es"
    return content


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> Content:
    """The English content, as the start language, to hold the Spanish against."""
    return _load(_copy_content(tmp_path_factory, "en", "en", ["en"]), 'language = "en"')


@pytest.fixture(scope="module")
def bodies(spanish, qapp) -> dict[str, str]:
    """Each Spanish topic's body as the kiosk shows it, by slug."""
    return {topic.slug: plain_text(topic.body) for topic in spanish.topics}


@pytest.fixture
def spanish_textstat() -> Iterator[None]:
    """textstat set to Spanish for one test, then back to what it was.

    textstat's module functions are methods of one shared instance, which keeps the language
    in its private `_textstatistics__lang` (default "en_US"): leaving it at "es" would change
    the English tests' grades, so it is put back after each test, whatever the order they run.
    """
    instance = textstat.textstat
    before = getattr(instance, "_textstatistics__lang", "en_US")
    textstat.set_lang("es")
    try:
        yield
    finally:
        textstat.set_lang(before)


def _topic(content: Content, slug: str | None) -> Topic:
    if slug is None:
        pytest.fail(f"{ES_DIR} has no topic files; translate each of {EN_DIR}'s topics")
    found = [topic for topic in content.topics if topic.slug == slug]
    assert found, f"{slug}.md is in {ES_DIR} but the kiosk did not load it as a topic"
    return found[0]


def _page_text(topic: Topic) -> str:
    """Everything a patient reads on a topic's page, in reading order, as sentences."""
    return f"{topic.title}. {topic.subtitle}. {plain_text(topic.body)} {topic.picture}"


# --- loading as the kiosk will -------------------------------------------------------------


def test_spanish_is_offered_next_to_english_and_not_left_out(tmp_path_factory):
    # The waiting room's set-up: English first, Spanish one button away. The kiosk checks the
    # second language against the first and leaves it out, with reasons, if they differ.
    content = _load(_copy_content(tmp_path_factory, "en-es", "en", ["en", "es"]),
                    'languages = ["en", "es"]')

    assert not content.left_out, "content/es is left out:\n" + "\n".join(
        str(problem) for problem in content.left_out)
    assert content.codes == ("en", "es")


# --- reading level -------------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUG_PARAMS)
def test_every_topic_is_easy_on_the_fernandez_huerta_scale(spanish, qapp, spanish_textstat,
                                                            slug):
    topic = _topic(spanish, slug)
    text = _page_text(topic)

    score = textstat.fernandez_huerta(text)

    assert score >= MIN_FERNANDEZ_HUERTA, (
        f"{topic.path.name} scores {score} on the Fernández-Huerta scale; at least "
        f"{MIN_FERNANDEZ_HUERTA} is wanted. Use shorter sentences and shorter, everyday words."
    )


@pytest.mark.parametrize("slug", SLUG_PARAMS)
def test_no_sentence_is_long(spanish, qapp, slug):
    # The formula averages: one long sentence can hide among short ones.
    topic = _topic(spanish, slug)
    sentences = re.split(r"(?<=[.?!])\s+", plain_text(topic.body).replace("\n", " "))

    long = [s for s in sentences if len(s.split()) > MAX_SENTENCE_WORDS]

    assert not long, (
        f"{topic.path.name}: sentences of more than {MAX_SENTENCE_WORDS} words: {long}; "
        "split them"
    )


# --- the handout's facts -------------------------------------------------------------------

# One entry per fact of the handout, the same facts as test_content_language.py's list:
# (short name, patterns). A fact is covered when ALL its patterns match (case-insensitive) in
# the body of one and the same topic. The patterns are tied to the sentence that carries the
# fact, so deleting that sentence fails its entry.
HANDOUT_FACTS: list[tuple[str, list[str]]] = [
    # What a stress fracture is.
    ("a stress fracture is a break in a bone",
     [r"fractura por estrés es una (rotura|ruptura|fractura|grieta) (en|de) un hueso"]),
    ("it comes from strain or small injuries to a bone",
     [r"(esfuerzo|lesion)\w*[^.]*\b(en el|del|al) hueso"]),
    ("each strain is low-grade", [r"\b(leves?|de poca fuerza|de bajo grado)\b"]),
    ("the strain is repeated", [r"una y otra vez|\bse repiten\b|\brepetid[oa]s\b"]),
    ("the strain is unrestricted",
     [r"nada (los|las) (detiene|limita)|sin (límites?|freno|control)"]),
    # Causes.
    ("a training error in sports puts pressure on one area of the foot",
     [r"error\w* (al entrenar|en el entrenamiento)", r"deport",
      r"presión en una (sola )?(parte|zona|área)"]),
    ("overuse of a muscle", [r"usar demasiado un músculo|uso excesivo de un músculo"]),
    ("the muscle is inflamed where it starts on the bone",
     [r"\binflam", r"donde se (une|pega|inserta) al hueso|\borigen\b"]),
    ("the muscle's inflammation can weaken the bone there",
     [r"debilitar el hueso|el hueso se debilita|(hace|vuelve) débil el hueso"]),
    ("a deformity: one bone sits in a different position from another",
     [r"deformidad",
      r"hueso puede (estar|quedar) en (un lugar|una posición) distint[oa][^.]*\botro\b"]),
    ("that bone then gets more stress",
     [r"(por eso|entonces|así),? ese hueso (recibe|tiene|soporta) más "
      r"(esfuerzo|estrés|presión|carga)"]),
    ("excessive walking is a common cause",
     [r"más (comunes|frecuentes)", r"caminar demasiado|caminar en exceso"]),
    ("running is a common cause", [r"más (comunes|frecuentes)", r"\bcorrer\b"]),
    ("trauma or injury is a common cause",
     [r"más (comunes|frecuentes)", r"\b(golpe|trauma|traumatismo)\b", r"\blesión\b"]),
    # Why the metatarsal heads.
    ("stress fractures often happen in the metatarsal heads",
     [r"(suelen|a menudo) (ocurrir|ocurren|pasar|pasan) en las cabezas de los metatarsianos"]),
    ("with age the fat pad, our cushion, thins",
     [r"\bedad\b|\bmayores\b",
      r"almohadilla de grasa[^.]*(delgad|adelgaz)|(delgad|adelgaz)[^.]*almohadilla de grasa",
      r"\bcojín\b"]),
    ("then the metatarsal heads take more pressure",
     [r"cabezas de los metatarsianos (reciben|soportan|tienen) más presión"]),
    ("this thinning is called fat pad atrophy", [r"atrofia de la almohadilla de grasa"]),
    ("small deformities show up as the fat pad thins",
     [r"deformidad\w*[^.]*(empiezan?|comienzan?) a (notarse|verse)"
      r"|(empiezan?|comienzan?) a (notarse|verse)[^.]*deformidad"]),
    ("diabetes speeds up the thinning",
     [r"(adelga|delgad)\w*[^.]*más rápido", r"\bdiabetes\b"]),
    ("rheumatoid arthritis speeds up the thinning",
     [r"(adelga|delgad)\w*[^.]*más rápido", r"artritis reumatoide"]),
    ("other forms of arthritis speed up the thinning",
     [r"(adelga|delgad)\w*[^.]*más rápido", r"otr[oa]s (tipos|formas|clases) de artritis"]),
    # Treatment: the office speaks ("trataremos", "tratamos").
    ("we treat with casting", [r"\btrat(aremos|amos)\b", r"\benyesado\b"]),
    ("we treat with padding", [r"\btrat(aremos|amos)\b", r"\bacolchado\b"]),
    ("we treat with a change of lifestyle",
     [r"\btrat(aremos|amos)\b", r"cambio (en|de) (su |el )?estilo de vida"]),
    ("we treat with an exercise program",
     [r"\btrat(aremos|amos)\b", r"(programa|plan) de ejercicios"]),
    ("treatment is often a combination",
     [r"a menudo[^.]*\b(combinación|mezcla)\b"]),
    ("we choose the best treatment for you, based on your fracture",
     [r"\b(decidimos|decidiremos|elegimos|elegiremos)\b[^.]*\bmejor tratamiento\b",
      r"depende de (cómo sea )?(su propia |su )fractura por estrés"]),
    # Left untreated.
    ("untreated, a stress fracture can become a major problem",
     [r"sin tratamiento|no se trata|sin tratar", r"problema (grave|serio)"]),
    ("it can lead to complications", [r"\bcomplicaciones\b"]),
    ("complication: failure to heal", [r"\bno (sane|sana|sanar|llegue a sanar)\b"]),
    ("complication: the bone can become dislocated",
     [r"\bdisloca", r"(se sale|fuera) de su lugar"]),
    # After a stress fracture.
    ("afterwards the bones around the broken one get more pressure",
     [r"huesos (alrededor del|que rodean al|cercanos al) hueso roto", r"más presión"]),
    ("repeat stress fractures in the years after are not unusual",
     [r"\baños\b", r"no es (raro|extraño)", r"otra fractura por estrés"]),
    ("inserts or orthotics are often used",
     [r"a menudo[^.]*plantillas u ortesis|a menudo[^.]*ortesis o plantillas"]),
    ("inserts ease the pressures that may cause them",
     [r"(aliviar|reducir)[^.]*presi(ón|ones)[^.]*caus"]),
    ("after repeat fractures the foot must be balanced mechanically",
     [r"después de varias fracturas por estrés|fracturas por estrés repetidas",
      r"(necesitamos|hay que|es necesario)[^.]*\bequilibrar\b[^.]*\bpie\b"]),
    ("balancing slows down the tendency to form stress fractures",
     [r"frenar la tendencia|hacer más lenta la tendencia"]),
    # Your part.
    ("following the prescribed treatment is most important",
     [r"más importante", r"\bsiga\b[^.]*tratamiento que le (indicamos|damos|recetamos)"]),
    ("follow it through", [r"hasta el final|de principio a fin|no lo deje"]),
    ("it gives the fracture the best chance to heal",
     [r"mejor (oportunidad|posibilidad) de sanar"]),
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
        f"no Spanish topic says the handout's fact '{fact}' "
        f"(wanted, all in one topic: {patterns})"
    )


# Words that would signal advice, numbers or claims the handout does not make (the English
# test's list, in Spanish). "Curar" is left to "sanar": the handout never promises a cure.
NOT_IN_HANDOUT = [
    r"\bhielo\b", r"\bfrío\b", r"\bcalor\b",
    r"\bcirug", r"\bcirujan", r"\boper(ar|ación|aciones)\b",
    r"\bdolor", r"\bduele", r"\bmolestia", r"\bhinch", r"\bmoret", r"\bhematoma",
    r"\bsensib",
    r"\bibuprofeno\b", r"\baspirina\b", r"\bmedicament", r"\bmedicinas?\b", r"\bpastillas?\b",
    r"\bpíldoras?\b", r"\bdrogas?\b", r"\bcalmantes?\b", r"\banalgésic",
    r"\bradiograf", r"\brayos\b", r"\bresonancia\b", r"\besc[aá]ner", r"\btomograf",
    r"\breposo\b", r"\bdescans", r"\belev", r"\bmuletas?\b", r"\bbotas?\b",
    r"\bdías\b", r"\bun día\b", r"\bsemanas?\b", r"\bmes(es)?\b", r"\d", r"\bpor ciento\b",
    r"%",
    r"\bdoctor", r"\bmédic", r"\bemergencia", r"\burgencia", r"\bllám", r"\bllamar\b",
    r"\bpreven", r"\bevit", r"\bcur(a|ar|ará|an|e|ación)\b", r"\bgarantiz", r"\bsanará\b",
    r"\bsiempre\b",
    r"\bosteoporosis\b", r"\bcalcio\b", r"\bvitamina", r"\bmujeres\b",
    r"\b(bajar|perder) (de )?peso\b",
    r"\bfisura",
]


@pytest.mark.parametrize("slug", SLUG_PARAMS)
def test_no_topic_makes_claims_the_handout_does_not(spanish, qapp, slug):
    topic = _topic(spanish, slug)
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
# must follow within EXPLAIN_WITHIN characters, in the same topic ("término. Es / Son /
# Quiere decir ... explicación"). "Ortesis" is explained as a "plantilla para el zapato": the
# everyday word for a shoe insert, which needs no explanation of its own.
MEDICAL_TERMS: list[tuple[str, str]] = [
    (r"\bmetatars", r"\bhuesos? largos?\b"),
    (r"\bcabezas? de los metatarsianos\b", r"\bextremos? redond"),
    (r"\balmohadilla de grasa\b", r"\bcojín\b"),
    (r"\batrofia\b", r"\bdelgad|\badelgaz"),
    (r"\bortesis\b", r"\bplantillas? para (el|los|su|sus) zapatos?\b"),
    (r"\bartritis\b", r"\barticulaciones\b"),
    (r"\benyesado\b", r"\bcubierta dura\b"),
    (r"\binflam", r"\birrita"),
    (r"\bdeformidad(es)?\b", r"\bdiferencias? en (cómo|la forma)"),
    (r"\bdisloca", r"\b(se sale|fuera) de su lugar\b"),
    (r"\bcomplicaciones?\b", r"\bproblemas nuevos\b|\bnuevos problemas\b"),
    (r"\bestilo de vida\b", r"\b(forma|manera|modo) de vivir\b"),
]
EXPLAIN_WITHIN = 140  # the English test's 120 characters, and room for longer Spanish words


@pytest.mark.parametrize("slug", SLUG_PARAMS)
def test_medical_terms_are_explained_where_first_used(spanish, qapp, slug):
    topic = _topic(spanish, slug)
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
    for term in (r"\bmetatarsian", r"\balmohadilla de grasa\b", r"\batrofia\b", r"\bortesis\b",
                 r"\bartritis\b"):
        assert re.search(term, text, re.IGNORECASE), f"no Spanish topic uses {term}"


# --- the English topics' twins -------------------------------------------------------------


def test_the_same_topics_as_english(spanish, english):
    # The kiosk switches language keeping the patient on the same page: the same file names,
    # in the same order, marking the same parts of the drawing.
    ours = {topic.slug: (topic.order, topic.highlight) for topic in spanish.topics}
    theirs = {topic.slug: (topic.order, topic.highlight) for topic in english.topics}

    assert sorted(ours) == sorted(theirs), (
        f"content/es has {sorted(ours)}, content/en has {sorted(theirs)}: translate each "
        "English topic into a file of the same name"
    )
    differ = {slug: {"es": ours[slug], "en": theirs[slug]} for slug in ours
              if ours[slug] != theirs[slug]}
    assert not differ, f"order or highlight differ from English (order, highlight): {differ}"


def _words(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_english_word_is_in_spanish_with_the_same_placeholders():
    # Read from the files, not the kiosk's list of keys: a word English gains is missed here
    # first, before the kiosk leaves Spanish out for it.
    english_words, spanish_words = _words(EN_DIR / "words.toml"), _words(ES_DIR / "words.toml")

    assert sorted(spanish_words) == sorted(english_words), (
        f"missing in es/words.toml: {sorted(set(english_words) - set(spanish_words))}; "
        f"not in en/words.toml: {sorted(set(spanish_words) - set(english_words))}"
    )
    for key, text in english_words.items():
        if key == "heads":
            continue
        assert _placeholders(spanish_words[key]) == _placeholders(text), (
            f"es/words.toml '{key}' = {spanish_words[key]!r} must keep exactly the "
            f"placeholders of {text!r}"
        )
        assert spanish_words[key].strip() != text.strip(), (
            f"es/words.toml '{key}' is still the English {text!r}; translate it"
        )
    assert sorted(spanish_words["heads"]) == sorted(english_words["heads"]) == list("12345")


def test_each_head_names_the_end_of_its_bone():
    # What a patient reads on tapping a metatarsal head in the drawing (1 = big toe side).
    heads = _words(ES_DIR / "words.toml")["heads"]

    for number, text in heads.items():
        assert re.match(rf"Cabeza del {number}\.(er|º) metatarsiano: el extremo del hueso "
                        r"largo detrás del \w+ \w+\.$", text), (
            f"es/words.toml heads {number} = {text!r}: name the head as the end of the long "
            "bone behind its toe, like \"Cabeza del 2.º metatarsiano: el extremo del hueso "
            "largo detrás del segundo dedo.\""
        )


BUTTON_WORDS = ("home", "previous", "next", "more", "more_topics", "larger_text",
                "high_contrast", "keep_reading", "language_name")


def test_the_button_words_are_short():
    words = _words(ES_DIR / "words.toml")

    long = {key: words[key] for key in BUTTON_WORDS if len(words[key]) > MAX_BUTTON_CHARS}

    assert not long, f"button words of more than {MAX_BUTTON_CHARS} characters: {long}"


# --- length, voice and Markdown ------------------------------------------------------------


def _header_and_body(path: Path) -> tuple[dict, str]:
    _, header, body = path.read_text(encoding="utf-8").split("+++", 2)
    return tomllib.loads(header), body.strip()


@pytest.mark.parametrize("slug", SLUG_PARAMS)
def test_titles_and_subtitles_fit_their_buttons(slug):
    # Read from the file, so this names the fault even where the kiosk refuses the file.
    if slug is None:
        pytest.fail(f"{ES_DIR} has no topic files")
    header, _ = _header_and_body(ES_DIR / f"{slug}.md")

    assert len(header["title"]) <= MAX_TITLE_CHARS, (
        f"{slug}.md title {header['title']!r} is {len(header['title'])} characters; "
        f"at most {MAX_TITLE_CHARS} fit on its button")
    assert len(header["subtitle"]) <= MAX_SUBTITLE_CHARS, (
        f"{slug}.md subtitle {header['subtitle']!r} is {len(header['subtitle'])} characters; "
        f"at most {MAX_SUBTITLE_CHARS} fit")


def _paragraph_words(body: str) -> int:
    return max(len(block.split()) for block in re.split(r"\n\s*\n", body))


@pytest.mark.parametrize("slug", SLUG_PARAMS)
def test_no_topic_is_much_longer_than_the_english(slug):
    if slug is None:
        pytest.fail(f"{ES_DIR} has no topic files")
    english_file = EN_DIR / f"{slug}.md"
    if not english_file.is_file():
        pytest.fail(f"there is no {english_file} for es/{slug}.md to be held against")
    _, ours = _header_and_body(ES_DIR / f"{slug}.md")
    _, theirs = _header_and_body(english_file)

    words, english_words = len(ours.split()), len(theirs.split())
    assert words <= english_words * MAX_WORDS_OVER_ENGLISH, (
        f"{slug}.md is {words} words, the English {english_words}: at most "
        f"{english_words * MAX_WORDS_OVER_ENGLISH:.0f} fit where the English does; shorten it")
    paragraph, english_paragraph = _paragraph_words(ours), _paragraph_words(theirs)
    assert paragraph <= english_paragraph * MAX_PARAGRAPH_OVER_ENGLISH, (
        f"{slug}.md has a paragraph of {paragraph} words, the English at most "
        f"{english_paragraph}: keep paragraphs (and lists) within "
        f"{english_paragraph * MAX_PARAGRAPH_OVER_ENGLISH:.0f} words")


# "Tú" forms where the office says "usted" throughout.
TU_FORMS = re.compile(r"\b(tú|tu|tus|te|ti|contigo|puedes|tienes)\b", re.IGNORECASE)


@pytest.mark.parametrize("slug", SLUG_PARAMS)
def test_the_office_speaks_to_patients_as_usted(spanish, qapp, slug):
    topic = _topic(spanish, slug)

    found = sorted({match.group(0) for match in TU_FORMS.finditer(_page_text(topic))})

    assert not found, f"{topic.path.name} says {found}; speak to the patient as \"usted\""


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
    (re.compile(r"https?:|www\.|@"), "an address"),
]


@pytest.mark.parametrize("slug", SLUG_PARAMS)
def test_topics_use_only_the_markdown_the_kiosk_allows(spanish, slug):
    topic = _topic(spanish, slug)

    found = [what for pattern, what in FORBIDDEN_MARKDOWN if pattern.search(topic.body)]

    assert not found, f"{topic.path.name} uses {found}; use paragraphs, **bold** and '- ' lists"


@pytest.mark.parametrize("slug", SLUG_PARAMS)
def test_every_sentence_and_list_item_ends_with_a_full_stop(spanish, slug):
    # The formula counts sentences by their full stops: a missing one hides a long sentence.
    topic = _topic(spanish, slug)

    unfinished = [
        line.strip() for line in topic.body.splitlines()
        if line.strip() and not line.strip().rstrip("*").endswith((".", "?"))
    ]

    assert not unfinished, f"{topic.path.name}: these lines need a full stop: {unfinished}"

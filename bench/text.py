"""Deterministic, realistic-looking curriculum text: Markdown lessons, prompts, answers.

Words, not random letters, so the full-text index sees what real lessons give it: a
vocabulary of about 5,000 words (300 school words and pronounceable made-up ones) whose
frequencies follow Zipf's law (the word of rank r appears in proportion to 1/r), as in
natural language. A few words are in almost every row and most are rare; a uniform
vocabulary would put every word in a tenth of all rows and make every search a worst case.
"""

import random
from itertools import accumulate

_VOCABULARY = (
    "fraction decimal percent ratio angle triangle circle radius area volume equation "
    "variable function graph slope integer prime factor multiple divisor sum product "
    "quotient remainder estimate measure length mass time speed distance energy force "
    "motion gravity magnet circuit current voltage atom molecule element compound cell "
    "organism plant animal habitat ecosystem climate weather season river mountain ocean "
    "continent country capital history empire kingdom revolution treaty war peace trade "
    "culture language grammar noun verb adjective adverb sentence paragraph story poem "
    "author character setting plot theme rhyme rhythm melody harmony instrument painting "
    "colour shape pattern symmetry sequence series probability chance data chart table "
    "average median mode range sample survey experiment hypothesis result conclusion "
    "evidence observation prediction model system process cycle water carbon oxygen "
    "light sound heat wave reflection refraction lens mirror planet star moon orbit "
    "galaxy universe computer program algorithm loop condition input output memory "
    "network binary code logic proof theorem axiom lemma vector matrix polynomial root "
    "square cube power exponent logarithm limit derivative integral coordinate axis "
    "parallel perpendicular diagonal polygon rectangle rhombus trapezoid prism pyramid "
    "cylinder cone sphere perimeter scale map compass direction north south east west "
    "population migration agriculture industry economy money price market budget saving "
    "health nutrition exercise muscle bone heart lung brain sense skin tooth digestion"
)
_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
VOCABULARY_SIZE = 5_000


def _vocabulary() -> tuple[str, ...]:
    """School words and made-up ones, shuffled so rank (frequency) and origin are unrelated."""
    rng = random.Random(0)
    words = dict.fromkeys(_VOCABULARY.split())
    while len(words) < VOCABULARY_SIZE:
        words["".join(rng.choices(_SYLLABLES, k=rng.randint(2, 4)))] = None
    ranked = list(words)
    rng.shuffle(ranked)
    return tuple(ranked)


WORDS = _vocabulary()
_CUMULATIVE_WEIGHTS = list(accumulate(1 / rank for rank in range(1, len(WORDS) + 1)))
_QUESTION_VERBS = "explain describe compare calculate find name list identify show predict"
VERBS = tuple(_QUESTION_VERBS.split())


def words(rng: random.Random, count: int) -> str:
    return " ".join(zipf_words(rng, count))


def zipf_words(rng: random.Random, count: int) -> list[str]:
    return rng.choices(WORDS, cum_weights=_CUMULATIVE_WEIGHTS, k=count)


def sentence(rng: random.Random, low: int = 8, high: int = 20) -> str:
    text = words(rng, rng.randint(low, high))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def lesson_markdown(rng: random.Random, title: str) -> str:
    """About 2-4 KB: an introduction, a few sections with lists, a worked example."""
    parts = [f"# {title}", paragraph(rng, rng.randint(2, 4))]
    for _ in range(rng.randint(2, 4)):
        parts.append(f"## {sentence(rng, 2, 5)[:-1]}")
        parts.append(paragraph(rng, rng.randint(2, 5)))
        parts.append(
            "\n".join(f"- **{rng.choice(WORDS)}**: {sentence(rng, 4, 10)}" for _ in range(3))
        )
    parts.append("> **Example.** " + paragraph(rng, 2))
    return "\n\n".join(parts) + "\n"


def prompt(rng: random.Random) -> str:
    return f"{rng.choice(VERBS).capitalize()} the {words(rng, rng.randint(6, 30))}?"


def distinct(rng: random.Random, count: int) -> list[str]:
    """``count`` different short phrases, as answer options must be."""
    return [f"{word} {words(rng, rng.randint(0, 2))}".strip() for word in rng.sample(WORDS, count)]

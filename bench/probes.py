"""Read-side latencies on the benchmark library: full-text search and child listing.

Both are what an author waits for while typing in the search box or expanding a node of
the navigator, so they are measured one call at a time and reported as p50 and p95.
"""

import random
import time
import uuid
from collections.abc import Callable, Sequence
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session

from bench.text import zipf_words
from local_db.library import Library
from local_db.models import Grade, Lesson, Subject, Topic
from local_db.queries import NodeKind, NodeRow, children
from local_db.search import search

SAMPLES = 200
SEARCH_LIMIT = 50


def percentiles(seconds: Sequence[float]) -> tuple[float, float]:
    """p50 and p95 in milliseconds (nearest rank)."""
    ordered = sorted(seconds)

    def rank(share: float) -> float:
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

    return rank(0.50), rank(0.95)


def search_queries(rng: random.Random, count: int = SAMPLES) -> list[str]:
    """What authors type: one to three words, the last one often still being typed.

    Words are drawn with the frequencies of the generated text, so common words are
    searched for more often, as they are in practice.
    """
    queries = []
    for _ in range(count):
        terms = zipf_words(rng, rng.choice((1, 1, 2, 2, 3)))
        if rng.random() < 0.4:
            terms[-1] = terms[-1][: max(3, len(terms[-1]) // 2)]
        queries.append(" ".join(terms))
    return queries


def search_latencies(library: Library, queries: Sequence[str]) -> list[float]:
    with library.read() as session:
        return [_timed(partial(search, session, query, limit=SEARCH_LIMIT)) for query in queries]


def children_latencies(library: Library, rng: random.Random, count: int = SAMPLES) -> list[float]:
    """Listing the children of nodes at every level: subjects, grade groups, topics, lessons."""
    with library.read() as session:
        nodes = _sample_nodes(session, rng, count)
        return [_timed(partial(children, session, node)) for node in nodes]


def _sample_nodes(session: Session, rng: random.Random, count: int) -> list[NodeRow]:
    ids = {
        model: list(session.scalars(select(model.id).where(model.deleted_at.is_(None))))
        for model in (Subject, Grade, Topic, Lesson)
    }
    nodes = []
    for index in range(count):
        level = index % 4
        if level == 0:
            nodes.append(NodeRow(NodeKind.SUBJECT, rng.choice(ids[Subject]), "", True))
        elif level == 1:
            subject: uuid.UUID = rng.choice(ids[Subject])
            grade: uuid.UUID = rng.choice(ids[Grade])
            nodes.append(NodeRow(NodeKind.GRADE_GROUP, grade, "", True, parent_id=subject))
        elif level == 2:
            nodes.append(NodeRow(NodeKind.TOPIC, rng.choice(ids[Topic]), "", True))
        else:
            nodes.append(NodeRow(NodeKind.LESSON, rng.choice(ids[Lesson]), "", True))
    return nodes


def _timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started

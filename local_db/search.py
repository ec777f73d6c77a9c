"""Full-text search over the live subjects, topics, lessons and exercises.

The index itself (an FTS5 table fed by triggers) is created by migration 0002; this module
only reads it. Whatever a person types is turned into a query FTS5 cannot reject, so a
search box never shows a syntax error: every word is quoted, which also makes AND, OR,
NOT, NEAR, ``*``, ``^`` and ``column:`` plain text.
"""

import uuid
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from local_db.entities import EntityKind

SEARCHABLE_KINDS: tuple[EntityKind, ...] = (
    EntityKind.SUBJECT,
    EntityKind.TOPIC,
    EntityKind.LESSON,
    EntityKind.EXERCISE,
)

TITLE_WEIGHT = 10.0
BODY_WEIGHT = 1.0
SNIPPET_TOKENS = 16
ELLIPSIS = "…"

_SEARCH = text(
    """
    SELECT d.entity_type, d.entity_id,
           highlight(search_index, 0, :open, :close) AS title,
           snippet(search_index, 1, :open, :close, :ellipsis, :tokens) AS snippet,
           bm25(search_index, :title_weight, :body_weight) AS score
    FROM search_index
    JOIN search_documents AS d ON d.rowid = search_index.rowid
    WHERE search_index MATCH :query AND d.entity_type IN :kinds
    ORDER BY score, d.rowid
    LIMIT :limit
    """
).bindparams(bindparam("kinds", expanding=True))


@dataclass(frozen=True)
class SearchHit:
    """One matching row.

    ``title`` and ``snippet`` carry the caller's markers around the matched words, so the
    studio can render them bold and the CLI can use ANSI or brackets. ``rank`` is SQLite's
    bm25 score: lower (more negative) is a better match, and hits come best first.
    """

    kind: EntityKind
    entity_id: uuid.UUID
    title: str
    snippet: str
    rank: float


def search(
    session: Session,
    query: str,
    *,
    limit: int = 50,
    kinds: Collection[EntityKind] | None = None,
    markers: tuple[str, str] = ("[", "]"),
) -> list[SearchHit]:
    """The best ``limit`` live rows matching ``query``; a title match outweighs the body 10 to 1.

    ``kinds`` restricts the result to some entity kinds (None means all searchable kinds).
    Matching ignores case and diacritics, and the last word matches as a prefix so results
    follow the author's typing. A blank query matches nothing rather than everything.
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    wanted = SEARCHABLE_KINDS if kinds is None else tuple(kinds)
    unsearchable = [kind.value for kind in wanted if kind not in SEARCHABLE_KINDS]
    if unsearchable:
        raise ValueError(f"these kinds are not searchable: {', '.join(unsearchable)}")
    fts_query = to_fts_query(query)
    if not fts_query or not wanted:
        return []
    rows = session.execute(
        _SEARCH,
        {
            "query": fts_query,
            "kinds": [kind.value for kind in wanted],
            "open": markers[0],
            "close": markers[1],
            "ellipsis": ELLIPSIS,
            "tokens": SNIPPET_TOKENS,
            "title_weight": TITLE_WEIGHT,
            "body_weight": BODY_WEIGHT,
            "limit": limit,
        },
    )
    return [
        SearchHit(
            kind=EntityKind(entity_type),
            entity_id=uuid.UUID(hex=entity_id),
            title=title,
            snippet=snippet,
            rank=score,
        )
        for entity_type, entity_id, title, snippet, score in rows
    ]


def to_fts_query(user_text: str) -> str:
    """An FTS5 query for what a person typed, or "" when there is nothing to look for.

    Text between double quotes stays one phrase; every other word becomes its own quoted
    phrase, and all of them must match. The term being typed, a bare last word or a phrase
    whose closing quote is still missing, matches as a prefix. Quoting hands each word to
    the same tokenizer as the index, so punctuation inside a word ("foo(", "e-mail") splits
    it just as it does in the indexed text, and a word of pure punctuation matches nothing
    instead of raising. NUL, which ends an FTS5 string early, is treated as a space, and lone
    surrogates (undecodable bytes in a command line) are dropped because SQLite only
    accepts valid UTF-8.
    """
    cleaned = user_text.replace("\0", " ").encode("utf-8", "ignore").decode("utf-8")
    pieces = cleaned.split('"')
    unclosed_phrase = len(pieces) % 2 == 0
    terms: list[str] = []
    for index, piece in enumerate(pieces):
        if index % 2:
            phrase = " ".join(piece.split())
            if phrase:
                terms.append(phrase)
        else:
            terms.extend(piece.split())
    if not terms:
        return ""
    typing_last_term = unclosed_phrase or bool(pieces[-1].split())
    quoted = [f'"{term}"' for term in terms]
    if typing_last_term:
        quoted[-1] += "*"
    return " ".join(quoted)

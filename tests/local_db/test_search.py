"""Full-text search: the index follows every write, and no typed text can break a query."""

import uuid
from collections.abc import Collection, Iterator
from pathlib import Path

import pytest
from alembic import command
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, text

from local_db.clock import utc_now
from local_db.engine import create_library_engine
from local_db.entities import EntityKind
from local_db.library import Library
from local_db.migrate import alembic_config
from local_db.models import Subject
from local_db.search import SEARCHABLE_KINDS, SearchHit, search, to_fts_query
from local_db.services import ContentService

# The (title, body) columns each kind is indexed by.
TEXT_FIELDS = {
    EntityKind.SUBJECT: ("name", "description"),
    EntityKind.TOPIC: ("name", "description"),
    EntityKind.LESSON: ("title", "content"),
    EntityKind.EXERCISE: ("prompt", "explanation"),
}
PARENT_FIELDS = {
    EntityKind.TOPIC: "subject_id",
    EntityKind.LESSON: "topic_id",
    EntityKind.EXERCISE: "lesson_id",
}
TABLES = {
    EntityKind.SUBJECT: "subjects",
    EntityKind.TOPIC: "topics",
    EntityKind.LESSON: "lessons",
    EntityKind.EXERCISE: "exercises",
}


def add(
    service: ContentService,
    kind: EntityKind,
    title: str,
    body: str = "",
    parent: uuid.UUID | None = None,
) -> uuid.UUID:
    title_field, body_field = TEXT_FIELDS[kind]
    values: dict[str, object] = {title_field: title, body_field: body}
    if kind is EntityKind.SUBJECT:
        values["slug"] = f"subject-{uuid.uuid4().hex[:12]}"
    else:
        values[PARENT_FIELDS[kind]] = parent
    if kind is EntityKind.EXERCISE:
        values |= {"type": "TRUE_FALSE", "answer": {"correct": True}}
    return service.create(kind, values).id


@pytest.fixture
def chain(service: ContentService) -> dict[EntityKind, uuid.UUID]:
    """One row of each kind, each below the previous, with words no other row uses."""
    subject = add(service, EntityKind.SUBJECT, "Biology", "Living things and their habitats")
    topic = add(service, EntityKind.TOPIC, "Cells", "Membranes and organelles", subject)
    lesson = add(service, EntityKind.LESSON, "Mitochondria", "The powerhouse of the cell", topic)
    exercise = add(service, EntityKind.EXERCISE, "Name the nucleus", "Genomes live there", lesson)
    return {
        EntityKind.SUBJECT: subject,
        EntityKind.TOPIC: topic,
        EntityKind.LESSON: lesson,
        EntityKind.EXERCISE: exercise,
    }


def find(
    library: Library,
    query: str,
    *,
    limit: int = 50,
    kinds: Collection[EntityKind] | None = None,
    markers: tuple[str, str] = ("[", "]"),
) -> list[SearchHit]:
    with library.read() as session:
        return search(session, query, limit=limit, kinds=kinds, markers=markers)


def found(library: Library, query: str) -> list[tuple[EntityKind, uuid.UUID]]:
    return [(hit.kind, hit.entity_id) for hit in find(library, query)]


def assert_index_matches_live_rows(library: Library) -> None:
    """Exactly the live rows are indexed, once each, and FTS5 finds its index sound."""
    with library.read() as session:
        session.execute(text("INSERT INTO search_index(search_index) VALUES ('integrity-check')"))
        documents = {
            (entity_type, entity_id)
            for entity_type, entity_id in session.execute(
                text("SELECT entity_type, entity_id FROM search_documents")
            )
        }
        live = {
            (kind.value, entity_id)
            for kind, table in TABLES.items()
            for (entity_id,) in session.execute(
                text(f"SELECT id FROM {table} WHERE deleted_at IS NULL")
            )
        }
        fts_rowids = set(session.scalars(text("SELECT rowid FROM search_index")))
        document_rowids = set(session.scalars(text("SELECT rowid FROM search_documents")))
    assert documents == live
    assert fts_rowids == document_rowids


# --- the index follows every write -------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "title_word", "body_word"),
    [
        (EntityKind.SUBJECT, "biology", "habitats"),
        (EntityKind.TOPIC, "cells", "organelles"),
        (EntityKind.LESSON, "mitochondria", "powerhouse"),
        (EntityKind.EXERCISE, "nucleus", "genomes"),
    ],
)
def test_created_rows_are_found_by_title_and_body(
    library: Library,
    chain: dict[EntityKind, uuid.UUID],
    kind: EntityKind,
    title_word: str,
    body_word: str,
) -> None:
    assert found(library, title_word) == [(kind, chain[kind])]
    assert found(library, body_word) == [(kind, chain[kind])]
    assert_index_matches_live_rows(library)


@pytest.mark.parametrize("kind", SEARCHABLE_KINDS)
def test_index_follows_update_trash_and_restore(
    library: Library,
    service: ContentService,
    chain: dict[EntityKind, uuid.UUID],
    kind: EntityKind,
) -> None:
    title_field, body_field = TEXT_FIELDS[kind]
    entity_id = chain[kind]

    service.update(kind, entity_id, {title_field: "Photosynthesis"})
    assert found(library, "photosynthesis") == [(kind, entity_id)]

    service.update(kind, entity_id, {title_field: "Respiration", body_field: "Chlorophyll"})
    assert found(library, "photosynthesis") == []
    assert found(library, "respiration") == [(kind, entity_id)]
    assert found(library, "chlorophyll") == [(kind, entity_id)]

    service.delete(kind, entity_id)
    assert found(library, "respiration") == []
    assert_index_matches_live_rows(library)

    service.restore(kind, entity_id)
    assert found(library, "respiration") == [(kind, entity_id)]
    assert_index_matches_live_rows(library)


def test_trashing_a_subject_hides_everything_trashed_with_it(
    library: Library, service: ContentService, chain: dict[EntityKind, uuid.UUID]
) -> None:
    service.delete(EntityKind.SUBJECT, chain[EntityKind.SUBJECT])
    for word in ("biology", "cells", "mitochondria", "nucleus"):
        assert found(library, word) == []

    service.restore(EntityKind.SUBJECT, chain[EntityKind.SUBJECT])
    assert found(library, "nucleus") == [(EntityKind.EXERCISE, chain[EntityKind.EXERCISE])]
    assert_index_matches_live_rows(library)


def test_moving_a_row_leaves_it_indexed(
    library: Library, service: ContentService, chain: dict[EntityKind, uuid.UUID]
) -> None:
    second = add(service, EntityKind.LESSON, "Ribosomes", parent=chain[EntityKind.TOPIC])
    service.move(EntityKind.LESSON, second, index=0)
    assert found(library, "ribosomes") == [(EntityKind.LESSON, second)]


def test_hard_delete_removes_the_document(
    library: Library, chain: dict[EntityKind, uuid.UUID]
) -> None:
    with library.write() as session:
        session.execute(
            text("DELETE FROM exercises WHERE id = :id"), {"id": chain[EntityKind.EXERCISE].hex}
        )
    assert found(library, "nucleus") == []
    assert_index_matches_live_rows(library)


def test_a_row_inserted_already_trashed_is_not_indexed(library: Library) -> None:
    """Sync may pull rows that are tombstones from the start."""
    with library.write() as session:
        session.add(
            Subject(name="Alchemy", slug="alchemy", position="a0", version=3, deleted_at=utc_now())
        )
    assert found(library, "alchemy") == []
    assert_index_matches_live_rows(library)


def test_search_sees_the_sessions_own_uncommitted_writes(library: Library) -> None:
    with library.write() as session:
        session.add(Subject(name="Geology", slug="geology", position="a0", version=0))
        session.flush()
        assert [hit.title for hit in search(session, "geology")] == ["[Geology]"]


def test_every_indexed_table_has_its_triggers_at_head(library: Library) -> None:
    """A later batch migration that rebuilds one of these tables silently drops them."""
    with library.read() as session:
        triggers = set(
            session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
        )
    expected = {
        f"trg_{table}_search_{event}"
        for table in TABLES.values()
        for event in ("insert", "update", "delete")
    }
    assert expected <= triggers


# --- what matches and how it ranks -------------------------------------------------------


def test_a_title_match_ranks_above_a_body_match(
    library: Library, service: ContentService, chain: dict[EntityKind, uuid.UUID]
) -> None:
    topic = chain[EntityKind.TOPIC]
    in_body = add(service, EntityKind.LESSON, "Enzymes", "Enzymes speed up digestion", topic)
    in_title = add(service, EntityKind.LESSON, "Digestion", "How food is broken down", topic)
    for index in range(5):
        add(service, EntityKind.LESSON, f"Filler {index}", "Unrelated text", topic)

    hits = find(library, "digestion")

    assert [hit.entity_id for hit in hits] == [in_title, in_body]
    assert hits[0].rank < hits[1].rank


def test_matches_are_highlighted_in_title_and_snippet(
    library: Library, service: ContentService, chain: dict[EntityKind, uuid.UUID]
) -> None:
    filler = " ".join(f"word{index}" for index in range(60))
    add(
        service,
        EntityKind.LESSON,
        "Osmosis in plant cells",
        f"{filler} water crosses a membrane by osmosis {filler}",
        chain[EntityKind.TOPIC],
    )

    (hit,) = find(library, "osmosis")
    assert hit.title == "[Osmosis] in plant cells"
    assert "by [osmosis]" in hit.snippet
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")

    (hit,) = find(library, "osmosis", markers=("<b>", "</b>"))
    assert hit.title == "<b>Osmosis</b> in plant cells"
    assert "<b>osmosis</b>" in hit.snippet


def test_the_snippet_shows_the_start_of_the_body_for_a_title_only_match(
    library: Library, chain: dict[EntityKind, uuid.UUID]
) -> None:
    (hit,) = find(library, "mitochondria")
    assert hit.title == "[Mitochondria]"
    assert hit.snippet == "The powerhouse of the cell"


def test_the_last_word_matches_as_a_prefix(
    library: Library, service: ContentService, chain: dict[EntityKind, uuid.UUID]
) -> None:
    lesson = add(service, EntityKind.LESSON, "Adding fractions", "", chain[EntityKind.TOPIC])
    assert found(library, "frac") == [(EntityKind.LESSON, lesson)]
    assert found(library, "add frac") == []
    assert found(library, "adding frac") == [(EntityKind.LESSON, lesson)]
    assert [hit.title for hit in find(library, "fr")] == ["Adding [fractions]"]


def test_quoted_words_match_only_as_a_phrase(
    library: Library, service: ContentService, chain: dict[EntityKind, uuid.UUID]
) -> None:
    topic = chain[EntityKind.TOPIC]
    adjacent = add(service, EntityKind.LESSON, "Common denominator", "", topic)
    add(service, EntityKind.LESSON, "Denominator in common", "", topic)

    assert found(library, '"common denominator"') == [(EntityKind.LESSON, adjacent)]
    assert len(found(library, "common denominator")) == 2


def test_an_unclosed_phrase_is_the_phrase_being_typed(
    library: Library, service: ContentService, chain: dict[EntityKind, uuid.UUID]
) -> None:
    lesson = add(service, EntityKind.LESSON, "Common denominator", "", chain[EntityKind.TOPIC])
    assert found(library, '"common denom') == [(EntityKind.LESSON, lesson)]


@pytest.mark.parametrize("query", ["eleve", "ÉLÈVE", "Élève", "élè"])
def test_matching_ignores_case_and_diacritics(
    library: Library, service: ContentService, query: str
) -> None:
    subject = add(service, EntityKind.SUBJECT, "Le cahier de l'élève")
    assert found(library, query) == [(EntityKind.SUBJECT, subject)]


def test_the_index_keeps_diacritics_in_what_it_shows(
    library: Library, service: ContentService
) -> None:
    add(service, EntityKind.SUBJECT, "Le cahier de l'élève")
    assert [hit.title for hit in find(library, "eleve")] == ["Le cahier de l'[élève]"]


# --- options ----------------------------------------------------------------------------


def test_kinds_restricts_the_result(
    library: Library, service: ContentService, chain: dict[EntityKind, uuid.UUID]
) -> None:
    topic = chain[EntityKind.TOPIC]
    lesson = add(service, EntityKind.LESSON, "Volcanoes", "", topic)
    exercise = add(service, EntityKind.EXERCISE, "Name a volcano", "", lesson)
    add(service, EntityKind.SUBJECT, "Volcanology")

    assert len(find(library, "volcan")) == 3
    lessons = find(library, "volcan", kinds=[EntityKind.LESSON])
    assert [(hit.kind, hit.entity_id) for hit in lessons] == [(EntityKind.LESSON, lesson)]
    both = find(library, "volcan", kinds={EntityKind.LESSON, EntityKind.EXERCISE})
    assert {hit.entity_id for hit in both} == {lesson, exercise}
    assert find(library, "volcan", kinds=[]) == []


def test_kinds_that_are_not_indexed_are_refused(library: Library) -> None:
    with pytest.raises(ValueError, match="grade"):
        find(library, "anything", kinds=[EntityKind.GRADE])


def test_limit_caps_the_number_of_hits(library: Library, service: ContentService) -> None:
    for index in range(7):
        add(service, EntityKind.SUBJECT, f"Astronomy {index}")
    assert len(find(library, "astronomy")) == 7
    assert len(find(library, "astronomy", limit=3)) == 3


@pytest.mark.parametrize("limit", [0, -1])
def test_limit_must_be_positive(library: Library, limit: int) -> None:
    with pytest.raises(ValueError, match="limit"):
        find(library, "anything", limit=limit)


@pytest.mark.parametrize("query", ["", "   ", "\n\t", '""', '" "'])
def test_a_blank_query_matches_nothing(
    library: Library, chain: dict[EntityKind, uuid.UUID], query: str
) -> None:
    assert find(library, query) == []


# --- hostile input ----------------------------------------------------------------------

HOSTILE_QUERIES = [
    '"',
    '"""',
    "AND",
    "OR",
    "NOT",
    "a AND",
    "NEAR",
    "NEAR(a b, 2)",
    "*",
    "**",
    "cells*",
    "foo(",
    ")",
    "(cells",
    "^cells",
    "title:cells",
    "{title body}: cells",
    '"cells',
    'cells"',
    '"cells" "membr',
    "+",
    "-cells",
    "!!!",
    "...",
    "\\",
    "'",
    "%_",
    "a\0b",
    "\0",
    "\udcff",
    "cells \udcff",
    "🧬 cells",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_queries_never_raise(
    library: Library, chain: dict[EntityKind, uuid.UUID], query: str
) -> None:
    assert isinstance(find(library, query), list)


@pytest.mark.parametrize(
    ("query", "expected"),
    [("AND", "and"), ("foo(", "foo"), ("-cells", "cells"), ("title:cells", "cells"), ("*", "")],
)
def test_operators_and_punctuation_are_plain_text(
    library: Library, service: ContentService, query: str, expected: str
) -> None:
    subject = add(service, EntityKind.SUBJECT, "Title cells and foo")
    hits = found(library, query)
    assert hits == ([(EntityKind.SUBJECT, subject)] if expected else [])


@pytest.mark.parametrize(
    ("typed", "fts_query"),
    [
        ("", ""),
        ("   ", ""),
        ("cell", '"cell"*'),
        ("plant cell", '"plant" "cell"*'),
        ("plant cell ", '"plant" "cell"*'),
        ('"plant cell"', '"plant cell"'),
        ('"plant  cell" wall', '"plant cell" "wall"*'),
        ('wall "plant cell"', '"wall" "plant cell"'),
        ('"plant ce', '"plant ce"*'),
        ('wall "', '"wall"*'),
        ("NEAR(a b)", '"NEAR(a" "b)"*'),
        ("a\0b", '"a" "b"*'),
        ("\udcffcell", '"cell"*'),
    ],
)
def test_typed_text_becomes_a_quoted_fts_query(typed: str, fts_query: str) -> None:
    assert to_fts_query(typed) == fts_query


@pytest.fixture(scope="module")
def populated_library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    with Library.open(tmp_path_factory.mktemp("search") / "library.sqlite3") as library:
        service = ContentService(library)
        subject = add(service, EntityKind.SUBJECT, "Élève et café", "Naïve résumé, NEAR AND OR")
        topic = add(service, EntityKind.TOPIC, 'Quotes " and (parens)', "a*b ^c d:e", subject)
        add(service, EntityKind.LESSON, "Λόγος 数学 🧬", "tab\there\nnewline", topic)
        yield library


FTS_SYNTAX = ["AND", "OR", "NOT", "NEAR", "NEAR(", '"', "*", "(", ")", "^", ":", "+", "-", "{", "}"]


@settings(max_examples=300)
@given(query=st.text())
def test_no_text_makes_search_raise(populated_library: Library, query: str) -> None:
    hits = find(populated_library, query)
    assert all(hit.kind in SEARCHABLE_KINDS for hit in hits)


@settings(max_examples=300)
@given(
    words=st.lists(
        st.sampled_from(FTS_SYNTAX)
        | st.sampled_from(["eleve", "cafe", "quotes", "parens"])
        | st.text(st.characters(exclude_categories=()), max_size=5)
    ),
    separator=st.sampled_from(["", " "]),
)
def test_no_mix_of_fts_syntax_and_odd_characters_makes_search_raise(
    populated_library: Library, words: list[str], separator: str
) -> None:
    """Operators, quotes, NUL and lone surrogates, in any order and spacing."""
    assert isinstance(find(populated_library, separator.join(words)), list)


# --- the migration ----------------------------------------------------------------------


def _insert(connection: Connection, table: str, **values: object) -> uuid.UUID:
    """A raw row in the 0001 schema, as an older Content Studio would have written it."""
    entity_id = uuid.uuid4()
    row = {
        "id": entity_id.hex,
        "position": "a0",
        "version": 1,
        "created_at": "2026-01-05 10:00:00.000000",
        "updated_at": "2026-01-05 10:00:00.000000",
        "deleted_at": None,
        **values,
    }
    columns = ", ".join(row)
    placeholders = ", ".join(f":{name}" for name in row)
    connection.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"), row)
    return entity_id


def _library_at_0001(path: Path) -> dict[str, uuid.UUID]:
    engine = create_library_engine(path, foreign_keys=False)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    with engine.begin() as connection:
        subject = _insert(
            connection, "subjects", name="Chemistry", slug="chem", icon="", description="Atoms"
        )
        trashed = _insert(
            connection,
            "subjects",
            name="Alchemy",
            slug="alchemy",
            icon="",
            description="",
            deleted_at="2026-01-06 10:00:00.000000",
        )
        topic = _insert(
            connection, "topics", subject_id=subject.hex, name="Bonds", description="Covalent"
        )
        lesson = _insert(
            connection, "lessons", topic_id=topic.hex, title="Ionic bonds", content="Électrons"
        )
        exercise = _insert(
            connection,
            "exercises",
            lesson_id=lesson.hex,
            type="TRUE_FALSE",
            difficulty="EASY",
            prompt="Is salt ionic?",
            answer='{"correct": true}',
            explanation="Sodium gives an electron",
            points=1,
        )
    engine.dispose()
    return {
        "subject": subject,
        "trashed": trashed,
        "topic": topic,
        "lesson": lesson,
        "exercise": exercise,
    }


def test_upgrading_to_0002_indexes_the_rows_already_there(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    ids = _library_at_0001(path)

    with Library.open(path) as library:
        assert library.migration.from_revision == "0001"
        assert found(library, "chemistry") == [(EntityKind.SUBJECT, ids["subject"])]
        assert found(library, "covalent") == [(EntityKind.TOPIC, ids["topic"])]
        assert set(found(library, "ionic")) == {
            (EntityKind.LESSON, ids["lesson"]),
            (EntityKind.EXERCISE, ids["exercise"]),
        }
        assert found(library, "electrons") == [(EntityKind.LESSON, ids["lesson"])]
        assert found(library, "alchemy") == []
        assert_index_matches_live_rows(library)

        ContentService(library).restore(EntityKind.SUBJECT, ids["trashed"])
        assert found(library, "alchemy") == [(EntityKind.SUBJECT, ids["trashed"])]


def test_downgrading_0002_removes_the_index(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    with Library.open(path) as library:
        add(ContentService(library), EntityKind.SUBJECT, "Physics")

    engine = create_library_engine(path, foreign_keys=False)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
        leftovers = connection.execute(
            text("SELECT name FROM sqlite_master WHERE name LIKE '%search%'")
        ).all()
    engine.dispose()
    assert leftovers == []

    with Library.open(path) as library:
        assert [hit.title for hit in find(library, "physics")] == ["[Physics]"]

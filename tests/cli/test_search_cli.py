"""``content-studio search``: hits as readable blocks, plain when piped, bold on a terminal."""

import sys
import uuid
from pathlib import Path

import pytest

from local_db.entities import EntityKind
from local_db.library import Library
from local_db.search import SearchHit
from local_db.services import ContentService
from studio.cli import main
from studio.cli.commands.search import ANSI_BOLD, BRACKETS, render


@pytest.fixture
def ids(library_path: Path) -> dict[EntityKind, uuid.UUID]:
    with Library.open(library_path) as library:
        service = ContentService(library)
        subject = service.create(
            EntityKind.SUBJECT,
            {"name": "Geography", "slug": "geography", "description": "Rivers and mountains"},
        ).id
        topic = service.create(
            EntityKind.TOPIC, {"subject_id": subject, "name": "Rivers of Europe"}
        ).id
        lesson = service.create(
            EntityKind.LESSON,
            {"topic_id": topic, "title": "The Danube", "content": "The longest river\nin the EU"},
        ).id
        exercise = service.create(
            EntityKind.EXERCISE,
            {
                "lesson_id": lesson,
                "type": "TRUE_FALSE",
                "prompt": "Is the Danube a river?",
                "answer": {"correct": True},
            },
        ).id
    return {
        EntityKind.SUBJECT: subject,
        EntityKind.TOPIC: topic,
        EntityKind.LESSON: lesson,
        EntityKind.EXERCISE: exercise,
    }


def run_search(library_path: Path, *args: str) -> int:
    return main(["--library", str(library_path), "search", *args])


def test_hits_are_printed_as_blocks_with_brackets_when_piped(
    library_path: Path, ids: dict[EntityKind, uuid.UUID], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_search(library_path, "danube", "--kind", "lesson") == 0

    lesson = ids[EntityKind.LESSON]
    out = capsys.readouterr().out
    assert out == f"lesson {lesson}\n  The [Danube]\n  The longest river in the EU\n"


def test_blocks_are_separated_by_a_blank_line(
    library_path: Path, ids: dict[EntityKind, uuid.UUID], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_search(library_path, "river") == 0

    blocks = capsys.readouterr().out.strip().split("\n\n")
    assert len(blocks) == 4
    assert {block.split("\n")[0] for block in blocks} == {
        f"{kind.value} {entity_id}" for kind, entity_id in ids.items()
    }


def test_several_words_form_one_query(
    library_path: Path, ids: dict[EntityKind, uuid.UUID], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_search(library_path, "rivers", "europe") == 0
    out = capsys.readouterr().out
    assert out.startswith(f"topic {ids[EntityKind.TOPIC]}\n  [Rivers] of [Europe]\n")


def test_kind_can_be_repeated(
    library_path: Path, ids: dict[EntityKind, uuid.UUID], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_search(library_path, "danube", "--kind", "lesson", "--kind", "exercise") == 0
    out = capsys.readouterr().out
    assert str(ids[EntityKind.LESSON]) in out and str(ids[EntityKind.EXERCISE]) in out
    assert out.count("\n\n") == 1


def test_limit_caps_the_hits(
    library_path: Path, ids: dict[EntityKind, uuid.UUID], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_search(library_path, "river", "--limit", "2") == 0
    assert capsys.readouterr().out.count("\n\n") == 1


@pytest.mark.parametrize("query", ["volcano", '"', "NEAR", "*", "!!!"])
def test_nothing_found_says_so(
    library_path: Path,
    ids: dict[EntityKind, uuid.UUID],
    capsys: pytest.CaptureFixture[str],
    query: str,
) -> None:
    assert run_search(library_path, query) == 0
    assert capsys.readouterr().out == "No matches.\n"


def test_a_terminal_gets_bold_instead_of_brackets(
    library_path: Path,
    ids: dict[EntityKind, uuid.UUID],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert run_search(library_path, "danube", "--kind", "lesson") == 0
    assert "  The \x1b[1mDanube\x1b[22m\n" in capsys.readouterr().out


def test_no_color_keeps_brackets_on_a_terminal(
    library_path: Path,
    ids: dict[EntityKind, uuid.UUID],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert run_search(library_path, "danube", "--kind", "lesson") == 0
    out = capsys.readouterr().out
    assert "  The [Danube]\n" in out and "\x1b" not in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["river", "--limit", "0"], "argument --limit: must be between 1 and 500, not 0"),
        (["river", "--limit", "501"], "argument --limit: must be between 1 and 500, not 501"),
        (["river", "--limit", "many"], "argument --limit: 'many' is not a whole number"),
        (["river", "--kind", "grade"], "argument --kind: invalid choice: 'grade'"),
        ([], "the following arguments are required: QUERY"),
    ],
)
def test_bad_arguments_are_usage_errors_naming_the_option(
    library_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as raised:
        run_search(library_path, *args)
    assert raised.value.code == 2
    assert message in capsys.readouterr().err


def hit(title: str, snippet: str) -> SearchHit:
    entity_id = uuid.UUID(int=1)
    return SearchHit(EntityKind.LESSON, entity_id, title, snippet, rank=-1.0)


def test_render_keeps_each_hit_to_plain_single_lines() -> None:
    """Content may span lines or carry terminal escape codes; neither reaches the terminal."""
    dirty = hit("Evil\x1b[2J \ue000title\ue001", "line one\n\n\tline\x07 two \ue000match\ue001")
    assert render(dirty, BRACKETS).split("\n")[1:] == [
        "  Evil[2J [title]",
        "  line one line two [match]",
    ]
    assert render(dirty, ANSI_BOLD).split("\n")[1] == "  Evil[2J \x1b[1mtitle\x1b[22m"


def test_render_leaves_out_an_empty_snippet() -> None:
    assert render(hit("Title", ""), BRACKETS) == f"lesson {uuid.UUID(int=1)}\n  Title"

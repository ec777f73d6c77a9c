"""``content-studio import`` and ``export``: what they print, return and leave behind."""

import io
import json
import sys
from pathlib import Path

import pytest

from local_db.library import Library
from local_db.services import ContentService
from studio.cli import main
from tests.local_db.factories import make_tree


@pytest.fixture
def exported(tmp_path: Path) -> Path:
    """A curriculum file exported from a small library of its own."""
    source = tmp_path / "source.sqlite3"
    with Library.open(source) as library:
        make_tree(ContentService(library))
    path = tmp_path / "curriculum.json"
    assert main(["--library", str(source), "export", str(path)]) == 0
    return path


def test_export_writes_the_file_and_says_what_it_holds(
    exported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "again.json"
    assert main(["--library", str(tmp_path / "source.sqlite3"), "export", str(path)]) == 0
    assert capsys.readouterr().out == (
        f"Exported 1 grade(s), 1 subject(s), 1 topic(s), 1 lesson(s), 1 exercise(s) to {path}\n"
    )
    assert path.read_bytes() == exported.read_bytes()
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format"] == "content-studio/curriculum"
    assert len(document["subjects"][0]["topics"][0]["lessons"][0]["exercises"]) == 1
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


def test_export_to_stdout(
    exported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = tmp_path / "other.sqlite3"
    assert main(["--library", str(library), "import", str(exported)]) == 0
    capsys.readouterr()
    assert main(["--library", str(library), "export", "-"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == json.loads(exported.read_text(encoding="utf-8"))
    assert captured.err == ""


def test_import_prints_counts_per_kind(
    exported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = tmp_path / "target.sqlite3"
    capsys.readouterr()
    assert main(["--library", str(library), "import", str(exported)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"Imported {exported} into {library}"
    assert lines[1].split() == ["created", "updated", "unchanged"]
    assert [line.split() for line in lines[2:]] == [
        [kind, "1", "0", "0"] for kind in ("grades", "subjects", "topics", "lessons", "exercises")
    ]
    assert main(["--library", str(library), "import", str(exported)]) == 0
    again = capsys.readouterr().out.splitlines()
    assert again[2].split() == ["grades", "0", "0", "1"]


def test_rejected_import_lists_every_problem_and_exits_1(
    exported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = json.loads(exported.read_text(encoding="utf-8"))
    document["subjects"][0]["slug"] = "Not A Slug"
    document["grades"][0]["colour"] = "red"
    exported.write_text(json.dumps(document), encoding="utf-8")
    library = tmp_path / "target.sqlite3"
    capsys.readouterr()

    assert main(["--library", str(library), "import", str(exported)]) == 1

    captured = capsys.readouterr()
    assert captured.out == ""
    errors = captured.err.splitlines()
    assert errors[0].startswith("$.grades[0].colour: is not a field of a grade")
    assert errors[1].startswith("$.subjects[0].slug: must be lowercase letters")
    assert errors[2] == f"2 problem(s) in {exported}; nothing was written to the library."
    assert main(["--library", str(library), "export", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["subjects"] == []


def test_import_reads_stdin(
    exported: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"[1, 2"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    capsys.readouterr()
    assert main(["--library", str(tmp_path / "target.sqlite3"), "import", "-"]) == 1
    assert capsys.readouterr().err.splitlines()[0].startswith("$: is not valid JSON: Expecting")


def test_missing_file_creates_no_library(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = tmp_path / "never.sqlite3"
    assert main(["--library", str(library), "import", str(tmp_path / "absent.json")]) == 1
    err = capsys.readouterr().err
    assert (
        err
        == f"content-studio: cannot read {tmp_path / 'absent.json'}: No such file or directory\n"
    )
    assert not library.exists()


def test_export_into_a_missing_folder_fails_cleanly(
    exported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no" / "such" / "folder.json"
    assert main(["--library", str(tmp_path / "source.sqlite3"), "export", str(target)]) == 1
    assert capsys.readouterr().err.startswith(f"content-studio: cannot write {target}")

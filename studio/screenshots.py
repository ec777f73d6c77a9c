"""Screenshots of the studio's main views, for the README.

Run through ``scripts/screenshots``, which starts a real X server (Xvfb) first; here the
studio opens on a temporary library holding the sample curriculum and each view is saved
as a PNG with ``QWidget.grab()``:

- ``main-window.png``: the navigator expanded, a lesson open with its Markdown preview;
- ``exercise-editor.png``: a multiple-choice exercise with the student preview;
- ``pending-changes.png``: the Pending changes panel: the imported rows (edited since)
  waiting for their first sync;
- ``conflicts.png``: the conflicts dialog on a lesson title;
- ``tournament-bracket.png``: the tournament editor's Bracket view of an eight-player
  knockout, opened from the Tournaments dock, with the quarter-finals played so their
  winners show in the semi-finals, and every match's time and place;
- ``tournament-schedule.png``: the same tournament's Schedule timeline after a semi-final
  was moved by hand onto a player's quarter-final, with the double booking listed (and
  both matches red) before anything is saved.

The tournament, its students and matches are added after the first four pictures (and
shown in a second window), so they do not show in the Pending changes panel. No server
is involved and the library is thrown away afterwards.

Usage: python -m studio.screenshots [OUTPUT_DIR]   (default docs/screenshots)
"""

import argparse
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QEventLoop, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QSplitter, QWidget

from backend_client.token_store import MemoryTokenStore
from content_rules.tournaments.plan import MatchKey
from content_rules.vocabulary import Bracket, MatchStatus, TournamentFormat
from local_db.entities import EntityKind
from local_db.exchange import import_curriculum
from local_db.library import Library
from local_db.models import Lesson, SyncConflict, User, UserRole
from local_db.models.enums import ConflictKind
from local_db.services import ContentService
from local_db.services.tournament_plans import Batch, write_batch
from studio.app import create_application
from studio.editors.tournament_page import TournamentPage
from studio.main_window import MainWindow
from studio.theme import apply_theme
from studio.tournaments.draft_schedule import schedule_draft
from studio.tournaments.drafting import generated_draft, stored_draft
from studio.tournaments.plan_reads import BracketContext, read_context, tournament_rules
from studio.tree_model import NODE_ROLE
from studio.welcome import sample_path

WINDOW_SIZE = (1280, 800)
DEFAULT_OUTPUT = Path("docs/screenshots")
WAIT_SECONDS = 15.0

# Rows of resources/sample_curriculum.json (ids are fixed in the file).
LESSON = uuid.UUID("01932c4e-7a00-7000-8000-000000000005")  # Halves and quarters
MULTIPLE_CHOICE = uuid.UUID("01932c4e-7a00-7000-8000-000000000006")  # Which fraction is one half?

# The tournament pictures: eight students in a knockout on a Monday morning in Berlin.
CUP_NAME = "Spring maths cup"
CUP_ZONE = "Europe/Berlin"
CUP_DAY = QDate(2027, 3, 8)  # a Monday, before daylight saving starts
CUP_START = datetime(2027, 3, 8, 8, 0, tzinfo=UTC)  # 09:00 on the school's clocks
CUP_RULES: dict[str, Any] = {
    "match_minutes": 30,
    "break_minutes": 10,
    "windows": [{"start": "09:00", "end": "12:00"}],
    "weekdays": [1, 2, 3, 4, 5],
    "places": 3,
}
PLAYERS = (  # in seed order; short enough that "A v B" fits a timeline box
    "Amara Obi",
    "Luca Berg",
    "Ines Costa",
    "Mei Chen",
    "Jonas Roth",
    "Yuki Sato",
    "Tom Meyer",
    "Lena Vogel",
)
RESULTS = (  # (match, (home score, away score)): the quarter-finals
    (MatchKey(Bracket.MAIN, 1, 1), (7, 3)),  # Amara Obi beats Lena Vogel
    (MatchKey(Bracket.MAIN, 1, 2), (4, 6)),  # Jonas Roth beats Mei Chen
    (MatchKey(Bracket.MAIN, 1, 3), (8, 5)),  # Ines Costa beats Yuki Sato
    (MatchKey(Bracket.MAIN, 1, 4), (6, 2)),  # Luca Berg beats Tom Meyer
)
# The open semi-final (Ines Costa v Luca Berg), moved onto the free third place at the
# time of Luca Berg's quarter-final: one double booking, and no other conflict.
MOVED = MatchKey(Bracket.MAIN, 2, 2)
MOVED_ONTO = MatchKey(Bracket.MAIN, 1, 4)
MOVED_TO_PLACE = 3


def wait_until(condition: Callable[[], bool], what: str, seconds: float = WAIT_SECONDS) -> None:
    """Run the event loop until ``condition`` holds; fail loudly after ``seconds``.

    A nested QEventLoop with a polling timer, so paints, debounced previews and the
    workers' answers arrive the way they do in the running studio.
    """
    loop = QEventLoop()
    poll = QTimer(interval=10)
    poll.timeout.connect(lambda: loop.quit() if condition() else None)
    deadline = QTimer(singleShot=True, interval=int(seconds * 1000))
    deadline.timeout.connect(loop.quit)
    poll.start()
    deadline.start()
    if not condition():
        loop.exec()
    poll.stop()
    deadline.stop()
    if not condition():
        raise TimeoutError(f"timed out waiting for {what}")


def settle(seconds: float = 0.3) -> None:
    """Let pending paints, debounced previews and background reads finish."""
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def expand_all(window: MainWindow, parent: QModelIndex | None = None) -> None:
    """Expand every node, fetching the lazily read children as the view would."""
    model, view = window.navigator_model, window.navigator
    parent = parent if parent is not None else QModelIndex()
    while model.canFetchMore(parent):
        model.fetchMore(parent)
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        if model.hasChildren(index):
            view.expand(index)
            expand_all(window, index)


def find_node(
    window: MainWindow, row_id: uuid.UUID, parent: QModelIndex | None = None
) -> QModelIndex:
    model = window.navigator_model
    parent = parent if parent is not None else QModelIndex()
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        node = index.data(NODE_ROLE)
        if node is not None and node[1] == row_id:
            return index
        found = find_node(window, row_id, index)
        if found.isValid():
            return found
    return QModelIndex()


def select(window: MainWindow, row_id: uuid.UUID) -> None:
    """Select the row in the navigator, which opens its editor, as a click would."""
    index = find_node(window, row_id)
    if not index.isValid():
        raise LookupError(f"{row_id} is not in the navigator")
    window.navigator.setCurrentIndex(index)
    window.navigator.scrollTo(index)
    wait_until(
        lambda: window.editors.page is not None and window.editors.page.row_id == row_id,
        f"the editor of {row_id}",
    )
    settle()


def save(widget: QWidget, path: Path) -> None:
    settle()
    if not widget.grab().save(str(path), "PNG"):
        raise OSError(f"could not write {path}")
    print(f"wrote {path}")


def make_pending_edits(library: Library) -> None:
    """A few edits on top of the imported sample, so the panel has edits to list."""
    service = ContentService(library)
    service.update(
        EntityKind.LESSON,
        LESSON,
        {"content": sample_content(library) + "\n> Tip: fold a paper strip to check.\n"},
    )
    service.update(
        EntityKind.EXERCISE, MULTIPLE_CHOICE, {"prompt": "Which fraction is one half of a whole?"}
    )


def sample_content(library: Library) -> str:
    with library.read() as session:
        lesson = session.get(Lesson, LESSON)
        assert lesson is not None
        return lesson.content


def add_conflict(library: Library) -> None:
    """A conflict on the lesson's title, written straight into the library.

    Only for the picture: a real one comes from two studios editing the same title between
    syncs (tests/studio_sync/test_conflicts.py does that against a server); the row holds
    the same base, local and remote values the sync engine would record.
    """
    with library.write() as session:
        session.add(
            SyncConflict(
                entity_type="lesson",
                entity_id=LESSON,
                kind=ConflictKind.FIELDS,
                fields=["title"],
                base={"title": "Halves and quarters"},
                local={"title": "Halves and quarters with pizza"},
                remote={"title": "Halves, quarters and eighths"},
                remote_version=2,
            )
        )


def add_student(library: Library, name: str) -> uuid.UUID:
    """A student's user row, written straight into the library: users come from the
    server with a sync and the studio never creates them, so no service writes them
    (tests/studio/tournament_fixtures.py adds them the same way)."""
    user = User(
        email=f"{name.lower().replace(' ', '.')}@school.example",
        display_name=name,
        role=UserRole.STUDENT,
        tenant_id=uuid.UUID(int=1),
        version=1,
    )
    with library.write() as session:
        session.add(user)
    return user.id


def bracket_context(library: Library, tournament_id: uuid.UUID) -> BracketContext:
    with library.read() as session:
        return read_context(session, tournament_id)


def add_tournament(library: Library) -> uuid.UUID:
    """The cup with its seeded students, a saved and scheduled bracket, and results.

    The bracket is drawn, scheduled and written by the code behind the editor's
    Generate, Schedule and Save buttons, so the rows are the ones an admin would save.
    """
    service = ContentService(library)
    values = {
        "name": CUP_NAME,
        "time_zone": CUP_ZONE,
        "start_time": CUP_START,
        "format": TournamentFormat.SINGLE_ELIMINATION,
        "schedule_rules": CUP_RULES,
    }
    tournament_id = service.create(EntityKind.TOURNAMENT, values).id
    for seed, name in enumerate(PLAYERS, 1):
        entry = {"tournament_id": tournament_id, "user_id": add_student(library, name)}
        service.create(EntityKind.TOURNAMENT_PARTICIPATION, {**entry, "seed": seed})
    draft = generated_draft(bracket_context(library, tournament_id))
    rules = tournament_rules(CUP_ZONE, CUP_RULES)
    assert rules is not None, "CUP_RULES must be valid schedule rules"
    schedule_draft(draft, CUP_START, rules)
    _, create, _ = draft.writes()  # a first draw only creates
    write_batch(library, Batch(create=tuple(create)))
    for key, scores in RESULTS:
        record_result(library, tournament_id, key, scores)
    return tournament_id


def record_result(
    library: Library, tournament_id: uuid.UUID, key: MatchKey, scores: tuple[int, int]
) -> None:
    """A finished match as the result dialog writes it: the two players the bracket
    names are seated (a later round's row stores no sides until then) and the higher
    score wins."""
    draft = stored_draft(bracket_context(library, tournament_id))
    match = draft.matches[key]
    home, away = draft.entrant_sides(match)
    assert match.stored is not None and home is not None and away is not None, key
    ContentService(library).update(
        EntityKind.MATCH,
        match.stored.id,
        {
            "status": MatchStatus.COMPLETED,
            "home_participation_id": home.id,
            "away_participation_id": away.id,
            "home_score": scores[0],
            "away_score": scores[1],
            "winner_participation_id": home.id if scores[0] > scores[1] else away.id,
        },
    )


def open_tournament(window: MainWindow, tournament_id: uuid.UUID) -> TournamentPage:
    """Open the cup as a user would: View > Tournaments, its day in the calendar, its
    row in the list (which opens the editor), then the Bracket & schedule tab."""
    dock = window.tournaments
    dock.action.trigger()
    window.resizeDocks([dock], [400], Qt.Orientation.Horizontal)
    workspace = dock.workspace
    wait_until(lambda: tournament_id in workspace.model.ids, "the tournaments list")
    workspace.calendar.setSelectedDate(CUP_DAY)
    workspace.select(tournament_id)

    def opened() -> bool:
        page = window.editors.page
        return isinstance(page, TournamentPage) and page.row_id == tournament_id

    wait_until(opened, "the tournament editor")
    page = window.editors.page
    assert isinstance(page, TournamentPage)
    page.tabs.setCurrentWidget(page.bracket)
    split = page.bracket.findChild(QSplitter, "bracketSplitter")
    assert split is not None
    split.setSizes([460, 120])  # the views, and the conflict list under them
    # A knockout of n players has n - 1 matches; the status bar's counts land meanwhile.
    wait_until(
        lambda: (
            len(page.bracket.scene.items_by_key) == len(PLAYERS) - 1 and window.workers.pending == 0
        ),
        "the bracket and the status bar",
    )
    return page


def tournament_screenshots(
    window: MainWindow, tournament_id: uuid.UUID, output: Path
) -> list[Path]:
    written: list[Path] = []
    # The navigator has nothing to show here; the bracket gets its width.
    window.splitter.setSizes([0, WINDOW_SIZE[0]])
    bracket = open_tournament(window, tournament_id).bracket
    bracket.views.setCurrentWidget(bracket.view)
    shot = output / "tournament-bracket.png"
    save(window, shot)
    written.append(shot)

    draft = bracket.draft
    assert draft is not None
    start = draft.matches[MOVED_ONTO].start
    assert start is not None
    bracket.move_match(MOVED, start, MOVED_TO_PLACE)  # what a drop on the timeline does
    bracket.views.setCurrentWidget(bracket.timeline_view)
    wait_until(lambda: bracket.conflict_list.count() == 1, "the one conflict")
    shot = output / "tournament-schedule.png"
    save(window, shot)
    written.append(shot)
    return written


@contextmanager
def studio_window(library: Library) -> Iterator[MainWindow]:
    """A shown window, closed with its workers finished even when a wait times out, so
    nothing still reads the library when it closes."""
    window = MainWindow(library, token_store=MemoryTokenStore())
    window.resize(*WINDOW_SIZE)
    window.splitter.setSizes([340, WINDOW_SIZE[0] - 340])
    window.show()
    try:
        wait_until(window.isVisible, "the window")
        yield window
    finally:
        window.close()
        window.workers.wait(int(WAIT_SECONDS * 1000))


def take_screenshots(library: Library, output: Path) -> list[Path]:
    output.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with studio_window(library) as window:
        expand_all(window)
        select(window, LESSON)

        shot = output / "main-window.png"
        save(window, shot)
        written.append(shot)

        select(window, MULTIPLE_CHOICE)
        shot = output / "exercise-editor.png"
        save(window, shot)
        written.append(shot)

        ui = window.sync_ui
        ui.panel.show()
        window.resizeDocks([ui.panel], [560], Qt.Orientation.Horizontal)
        ui.refresh_pending()
        wait_until(lambda: ui.panel.pending_model.rowCount() > 0, "the pending changes")
        ui.panel.tree.expandAll()
        shot = output / "pending-changes.png"
        save(window, shot)
        written.append(shot)

        add_conflict(library)
        ui.open_conflicts()
        dialog = ui.conflicts.dialog
        assert dialog is not None
        wait_until(lambda: dialog.model.rowCount() > 0, "the conflicts dialog")
        dialog.resize(980, 560)
        shot = output / "conflicts.png"
        save(dialog, shot)
        written.append(shot)
        dialog.reject()

    # Added only now, so the rows stay out of the Pending changes picture; a new window
    # counts them in its status bar, which the first one read at start-up.
    tournament_id = add_tournament(library)
    with studio_window(library) as window:
        written += tournament_screenshots(window, tournament_id, output)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("output", nargs="?", type=Path, default=DEFAULT_OUTPUT)
    arguments = parser.parse_args(argv)
    app = create_application()
    apply_theme(app, "light")
    with (
        tempfile.TemporaryDirectory(prefix="studio-screenshots-") as folder,
        Library.open(Path(folder) / "sample.sqlite3") as library,
    ):
        import_curriculum(library, sample_path())
        make_pending_edits(library)
        take_screenshots(library, arguments.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
